import { distance } from 'fastest-levenshtein'
import type Database from 'libsql'
import { bodyKinds } from '../../schema/tables/enums'
import { normaliseBodyName, slugify, uniqueId } from './normalise'

export type BodyKind = (typeof bodyKinds)[number]

export interface KnownBody {
  id: string
  name: string
}

export interface BodyRecord extends KnownBody {
  gssCode: string | null
  orgId: string | null
  aliases: string[]
}

/**
 * Every way a file may name a body: its id, name, GSS code, org-id and aliases (names, codes,
 * URIs such as http://statistics.data.gov.uk/doc/local-authority/00DA). Pure once built.
 */
export class BodyDirectory {
  private readonly byKey = new Map<string, KnownBody>()
  private readonly labels: Array<{ key: string; body: KnownBody }> = []

  constructor(records: readonly BodyRecord[]) {
    for (const r of records) {
      const body = { id: r.id, name: r.name }
      const texts = [r.name, ...r.aliases]
      for (const text of texts) {
        const key = normaliseBodyName(text)
        if (key && !this.byKey.has(key)) this.byKey.set(key, body)
        if (key) this.labels.push({ key, body })
      }
      for (const code of [r.id, r.gssCode, r.orgId, ...r.aliases]) {
        if (code) this.setCode(code, body)
      }
    }
  }

  private setCode(code: string, body: KnownBody): void {
    const key = `code:${code.trim().toLowerCase()}`
    if (!this.byKey.has(key)) this.byKey.set(key, body)
  }

  /** The body a cell or --body value names, or null. Tries the value, then a URI's last segment. */
  resolve(value: string): KnownBody | null {
    const text = value.trim()
    if (!text) return null
    const byCode = this.byKey.get(`code:${text.toLowerCase()}`)
    if (byCode) return byCode
    const byName = this.byKey.get(normaliseBodyName(text))
    if (byName) return byName
    const tail = /^[a-z]+:\/\/.*\/([^/?#]+)\/?$/i.exec(text)?.[1]
    if (tail) return this.byKey.get(`code:${tail.toLowerCase()}`) ?? this.byKey.get(normaliseBodyName(tail)) ?? null
    return null
  }

  /** Up to `n` bodies whose names or aliases are nearest to `value`, nearest first. */
  closest(value: string, n = 3): KnownBody[] {
    const wanted = normaliseBodyName(value)
    const best = new Map<string, { body: KnownBody; score: number }>()
    for (const { key, body } of this.labels) {
      let score = distance(wanted, key) / Math.max(wanted.length, key.length, 1)
      if (wanted && (key.includes(wanted) || wanted.includes(key))) score = Math.min(score, 0.25)
      const seen = best.get(body.id)
      if (!seen || score < seen.score) best.set(body.id, { body, score })
    }
    return [...best.values()]
      .sort((a, b) => a.score - b.score || a.body.name.localeCompare(b.body.name))
      .slice(0, n)
      .map((x) => x.body)
  }

  get size(): number {
    return new Set([...this.byKey.values()].map((b) => b.id)).size
  }
}

/** Reads bodies and their aliases into a directory. */
export function loadBodyDirectory(db: Database.Database): BodyDirectory {
  const bodies = db.prepare('SELECT id, name, gss_code AS gssCode, org_id AS orgId FROM bodies').all() as Array<
    Omit<BodyRecord, 'aliases'>
  >
  const aliases = db.prepare('SELECT body_id AS bodyId, alias FROM body_aliases').all() as Array<{
    bodyId: string
    alias: string
  }>
  const byBody = new Map<string, string[]>()
  for (const a of aliases) {
    const list = byBody.get(a.bodyId) ?? []
    list.push(a.alias)
    byBody.set(a.bodyId, list)
  }
  return new BodyDirectory(bodies.map((b) => ({ ...b, aliases: byBody.get(b.id) ?? [] })))
}

export interface NewBody {
  name: string
  gssCode: string | null
  kind: BodyKind
}

/**
 * Registers a body that is not yet known (origin 'ingest'), with its name as an alias: reads
 * `db` for a free id, writes through `write`. Call inside the landing transaction so a refused
 * file leaves no body behind.
 */
export function registerBody(
  db: Database.Database,
  write: (sql: string, params: readonly unknown[]) => void,
  body: NewBody,
): KnownBody {
  const taken = db.prepare('SELECT 1 FROM bodies WHERE id = ?')
  const id = uniqueId(slugify(body.name), (candidate) => taken.get(candidate) !== undefined)
  write("INSERT INTO bodies (id, name, kind, gss_code, origin) VALUES (?, ?, ?, ?, 'ingest')", [id, body.name, body.kind, body.gssCode])
  write("INSERT INTO body_aliases (body_id, alias, normalised, origin) VALUES (?, ?, ?, 'ingest') ON CONFLICT DO NOTHING", [
    id,
    body.name,
    normaliseBodyName(body.name),
  ])
  return { id, name: body.name }
}
