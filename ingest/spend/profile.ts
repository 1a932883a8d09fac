// A body's column profile: data/profiles/<body id>.yaml, the field -> header mapping that read
// one of its files, written by --save-profile and used for its next files (--map overrides it).
// Plain YAML so that a reviewer can read it in a diff. Parsing and formatting are pure; the two
// small functions at the end are the file I/O.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, stringify } from 'yaml'
import { type Field, fields } from './columns'
import { OverrideError } from './infer'

export const DEFAULT_PROFILES_DIR = fileURLToPath(new URL('../../data/profiles/', import.meta.url))

export interface Profile {
  body: string
  columns: Partial<Record<Field, string>>
}

function isField(name: string): name is Field {
  return (fields as readonly string[]).includes(name)
}

/** `--map field=HEADER` entries -> a mapping; an unknown field or a missing `=` throws OverrideError('BAD_MAP'). */
export function parseMapFlags(entries: readonly string[]): Partial<Record<Field, string>> {
  const map: Partial<Record<Field, string>> = {}
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    if (eq <= 0 || entry.slice(eq + 1).trim() === '') {
      throw new OverrideError('BAD_MAP', `--map "${entry}" must look like field=HEADER, e.g. --map amount="Net Amt (£)"`)
    }
    const field = entry.slice(0, eq).trim()
    if (!isField(field)) throw new OverrideError('BAD_MAP', `--map "${entry}": "${field}" is not a field; the fields are ${fields.join(', ')}`)
    if (map[field] !== undefined) throw new OverrideError('BAD_MAP', `--map gives ${field} twice`)
    map[field] = entry.slice(eq + 1).trim()
  }
  return map
}

/** A profile's text -> the profile; anything but `body` and `columns` of known fields throws OverrideError('BAD_PROFILE'). */
export function parseProfile(text: string, where: string): Profile {
  const bad = (why: string) => new OverrideError('BAD_PROFILE', `${where}: ${why}`)
  let doc: unknown
  try {
    doc = parse(text)
  } catch (error) {
    throw bad(`not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('must be a mapping with "body" and "columns"')
  const record = doc as Record<string, unknown>
  for (const key of Object.keys(record)) if (key !== 'body' && key !== 'columns') throw bad(`unknown key "${key}" (a profile has "body" and "columns")`)
  if (typeof record.body !== 'string' || record.body.trim() === '') throw bad('"body" must be the body id')
  const columns = record.columns
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) throw bad('"columns" must map fields to headers')
  const out: Partial<Record<Field, string>> = {}
  for (const [field, header] of Object.entries(columns as Record<string, unknown>)) {
    if (!isField(field)) throw bad(`"${field}" is not a field; the fields are ${fields.join(', ')}`)
    if (typeof header !== 'string' || header.trim() === '') throw bad(`the header of ${field} must be text`)
    out[field] = header
  }
  return { body: record.body, columns: out }
}

/** The profile as its file holds it, with a comment saying where it came from. */
export function formatProfile(profile: Profile, note: string): string {
  const ordered: Partial<Record<Field, string>> = {}
  for (const f of fields) if (profile.columns[f] !== undefined) ordered[f] = profile.columns[f]
  return `# ${note}\n# Reviewed like any data file. Format: README "Reading a new body's files".\n${stringify({ body: profile.body, columns: ordered })}`
}

export function profilePath(dir: string, bodyId: string): string {
  return join(dir, `${bodyId}.yaml`)
}

/** The body ids that have a profile in `dir`. */
export function listProfiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length))
}

/** The body's profile, or null when it has none. */
export function readProfile(dir: string, bodyId: string): Profile | null {
  const path = profilePath(dir, bodyId)
  if (!existsSync(path)) return null
  const profile = parseProfile(readFileSync(path, 'utf8'), path)
  if (profile.body !== bodyId) throw new OverrideError('BAD_PROFILE', `${path}: says body "${profile.body}" but is the file of "${bodyId}"`)
  return profile
}

export function writeProfile(dir: string, profile: Profile, note: string): string {
  mkdirSync(dir, { recursive: true })
  const path = profilePath(dir, profile.body)
  writeFileSync(path, formatProfile(profile, note))
  return path
}
