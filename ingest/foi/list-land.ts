// Request drafts and body drafts -> statements, resolved against the directory. A request's
// identity is its canonical URL (identity.ts), else its authority and reference; re-ingesting the
// same list changes nothing, a newer list updates each request in place.
import type Database from 'libsql'
import type { FoiStatus } from '../../schema/tables/enums'
import type { SqlValue, Statement } from '../data/statements'
import { registerBody } from '../resolve/bodies'
import { normaliseBodyName, uniqueId } from '../resolve/normalise'
import { classifyFoiRequest } from './classify'
import { designatedName, sameDesignatedBody } from './designators'
import { closestBodies, type FoiDirectory } from './directory'
import { requestId, requestIdentity } from './identity'
import type { BodyDraft, ListProblem, RequestDraft } from './lists'

export interface ListPlan {
  statements: Statement[]
  requests: number
  /** Requests per status, as landed. */
  byStatus: Partial<Record<FoiStatus, number>>
  consultancy: number
  bodiesRegistered: Array<{ id: string; name: string }>
  bodiesNamed: number
  /** Rows skipped because an FOI record or the curated data holds that request. */
  keptRecords: number
  /** Names that differ from a known body's only by designators, resolved to it. */
  matchedByDesignators: Array<{ name: string; id: string }>
  warnings: string[]
}

export { requestId, requestIdentity } from './identity'

/**
 * Resolves (or registers) bodies by name; one registration per distinct name. A name that
 * differs from a known body's only by designators ("Barnet Borough Council") is that body when
 * one body fits; when several fit, the name is refused (resolve returns null and says why).
 */
class Authorities {
  readonly registered: Array<{ id: string; name: string }> = []
  readonly matchedByDesignators: Array<{ name: string; id: string }> = []
  private readonly byName = new Map<string, string>()

  constructor(
    private readonly dir: FoiDirectory,
    private readonly push: (sql: string, ...params: SqlValue[]) => void,
  ) {}

  /** `codes: false` matches names and aliases only, never a body's id or codes. */
  resolve(name: string, { codes = true }: { codes?: boolean } = {}): { id: string } | { ambiguous: string } {
    const known = (codes ? this.dir.bodies.resolve(name)?.id : this.dir.bodyByName.get(normaliseBodyName(name))) ?? this.byName.get(normaliseBodyName(name))
    if (known) return { id: known }
    const wanted = designatedName(name)
    const fits = [...new Set(this.dir.bodyDesignations.filter((d) => sameDesignatedBody(wanted, d.name)).map((d) => d.id))]
    if (fits.length > 1) {
      const named = fits.map((id) => `"${this.dir.bodyNames.get(id) ?? id}" (${id})`).join(', ')
      return { ambiguous: `"${name}" differs only by designators from several bodies: ${named}; say which with --body <id>, or add the name as an alias in data/bodies.yaml` }
    }
    if (fits[0]) {
      this.byName.set(normaliseBodyName(name), fits[0])
      this.matchedByDesignators.push({ name, id: fits[0] })
      return { id: fits[0] }
    }
    // registerBody (ingest/resolve) picks the id and writes the body and its alias; it reads
    // only "is this id taken?", which the directory answers for the whole transaction.
    const taken = { prepare: () => ({ get: (id: string) => (this.dir.bodyIds.has(id) ? {} : undefined) }) } as unknown as Database.Database
    const body = registerBody(taken, (sql, params) => this.push(sql, ...(params as SqlValue[])), { name, gssCode: null, kind: 'other' })
    this.dir.bodyIds.add(body.id)
    this.dir.bodyNames.set(body.id, body.name)
    // Not added to the designator matches: two names of one file are two bodies unless our data
    // says otherwise (WhatDoTheyKnow lists Lichfield City Council and Lichfield District Council).
    this.byName.set(normaliseBodyName(name), body.id)
    this.registered.push(body)
    return { id: body.id }
  }
}

export function planRequests(
  drafts: RequestDraft[],
  dir: FoiDirectory,
  options: { body: string | null; format: string },
  problems: ListProblem[],
): ListPlan {
  const statements: Statement[] = []
  const push = (sql: string, ...params: SqlValue[]) => statements.push({ sql, params })
  const authorities = new Authorities(dir, push)
  let fixed: string | null = null
  if (options.body) {
    fixed = dir.bodies.resolve(options.body)?.id ?? null
    if (!fixed) {
      problems.push({ line: null, column: null, reason: `--body "${options.body}" is not a body we know. Closest: ${closestBodies(dir, options.body)}` })
      return { statements: [], requests: 0, byStatus: {}, consultancy: 0, bodiesRegistered: [], bodiesNamed: 0, keptRecords: 0, matchedByDesignators: [], warnings: [] }
    }
  }
  const plan: ListPlan = { statements, requests: 0, byStatus: {}, consultancy: 0, bodiesRegistered: authorities.registered, bodiesNamed: 0, keptRecords: 0, matchedByDesignators: authorities.matchedByDesignators, warnings: [] }
  const seen = new Map<string, number>()
  for (const d of drafts) {
    const resolved = fixed ? { id: fixed } : d.authority ? authorities.resolve(d.authority) : null
    if (!resolved) {
      problems.push({ line: d.line, column: null, reason: 'the file names no authority for this request: say whose log it is with --body <id or name>' })
      continue
    }
    if ('ambiguous' in resolved) {
      problems.push({ line: d.line, column: null, reason: resolved.ambiguous })
      continue
    }
    const authority = resolved.id
    const url = d.url ? requestIdentity(d.url) : null
    const existing = (url && dir.foi.byUrl.get(url)) || (d.reference && dir.foi.byReference.get(`${authority}\u001f${d.reference}`)) || null
    // A new request never takes an id another request holds (two references may slug alike).
    // A row with neither URL nor reference is known only by its body, title and date (a hash):
    // the same row in a later, longer copy of the log is the same request, so an id an earlier
    // ingest of this body holds is this row's own; only rows of this file make it take a suffix.
    const ownEarlierRow = (c: string) => dir.foi.byId.get(c) === 'ingest' && dir.foi.authorityOf.get(c) === authority && !seen.has(c)
    const id =
      existing ??
      (url || d.reference
        ? uniqueId(requestId(d, authority), (c) => dir.foi.byId.has(c) || seen.has(c))
        : uniqueId(requestId(d, authority), (c) => seen.has(c) || (dir.foi.byId.has(c) && !ownEarlierRow(c))))
    const earlier = seen.get(id)
    if (earlier !== undefined) {
      problems.push({ line: d.line, column: null, reason: `the same request as line ${earlier} (${url ?? d.reference})` })
      continue
    }
    seen.set(id, d.line)
    const origin = dir.foi.byId.get(id)
    if (origin === 'foi' || origin === 'curated') {
      // An FOI record (or the curated data) says more about this request than a list row does.
      plan.keptRecords++
      continue
    }
    const rule = classifyFoiRequest(d.title, d.requestText)
    push(
      `INSERT INTO foi_requests (id, authority_id, title, url, platform, requested_on, requested_precision, answered_on, answered_precision,
         status, status_raw, reference, request_text, answer, consultancy_rule, format, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ingest')
       ON CONFLICT (id) DO UPDATE SET authority_id = excluded.authority_id, title = excluded.title, url = excluded.url, platform = excluded.platform,
         requested_on = excluded.requested_on, requested_precision = excluded.requested_precision, answered_on = excluded.answered_on,
         answered_precision = excluded.answered_precision, status = excluded.status, status_raw = excluded.status_raw, reference = excluded.reference,
         request_text = excluded.request_text, answer = excluded.answer, consultancy_rule = excluded.consultancy_rule, format = excluded.format
       WHERE foi_requests.origin = 'ingest'`,
      id,
      authority,
      d.title,
      url,
      d.platform,
      d.requested.on,
      d.requested.precision,
      d.answered.on,
      d.answered.precision,
      d.status,
      d.statusRaw,
      d.reference,
      d.requestText,
      d.answer,
      rule,
      options.format,
    )
    dir.foi.byId.set(id, 'ingest')
    dir.foi.authorityOf.set(id, authority)
    if (url) dir.foi.byUrl.set(url, id)
    if (d.reference) dir.foi.byReference.set(`${authority}\u001f${d.reference}`, id)
    plan.requests++
    plan.byStatus[d.status] = (plan.byStatus[d.status] ?? 0) + 1
    if (rule) plan.consultancy++
  }
  return plan
}

/**
 * WhatDoTheyKnow bodies: a known body gains its url_name (and short name as an alias); an
 * unknown one is registered. Names and short names are matched against our bodies' names and
 * aliases only: a short name that happens to equal one of our ids ("cumbria") says nothing.
 * When several rows resolve to one body, the first row's url_name stays and the rest are named.
 */
export function planBodies(drafts: BodyDraft[], dir: FoiDirectory, problems: ListProblem[]): ListPlan {
  const statements: Statement[] = []
  const push = (sql: string, ...params: SqlValue[]) => statements.push({ sql, params })
  const authorities = new Authorities(dir, push)
  const plan: ListPlan = { statements, requests: 0, byStatus: {}, consultancy: 0, bodiesRegistered: authorities.registered, bodiesNamed: 0, keptRecords: 0, matchedByDesignators: authorities.matchedByDesignators, warnings: [] }
  const byUrlName = new Map<string, number>()
  const named = new Map<string, { line: number; urlName: string }>()
  for (const b of drafts) {
    const earlier = byUrlName.get(b.urlName)
    if (earlier !== undefined) {
      problems.push({ line: b.line, column: 'URL name', reason: `url_name "${b.urlName}" is also on line ${earlier}` })
      continue
    }
    byUrlName.set(b.urlName, b.line)
    const byName = dir.bodyByName.get(normaliseBodyName(b.name)) ?? (b.shortName ? dir.bodyByName.get(normaliseBodyName(b.shortName)) : undefined)
    const resolved = byName ? { id: byName } : authorities.resolve(b.name, { codes: false })
    if ('ambiguous' in resolved) {
      problems.push({ line: b.line, column: 'Name', reason: resolved.ambiguous })
      continue
    }
    const id = resolved.id
    const first = named.get(id)
    if (first) {
      plan.warnings.push(`line ${b.line} ("${b.name}", url_name ${b.urlName}) is the same body as line ${first.line} (${id}): kept url_name ${first.urlName}`)
      continue
    }
    named.set(id, { line: b.line, urlName: b.urlName })
    push(`UPDATE bodies SET wdtk_url_name = ? WHERE id = ?`, b.urlName, id)
    if (b.shortName && b.shortName !== b.name) {
      push(`INSERT INTO body_aliases (body_id, alias, normalised, origin) VALUES (?, ?, ?, 'ingest') ON CONFLICT DO NOTHING`, id, b.shortName, normaliseBodyName(b.shortName))
    }
    plan.bodiesNamed++
  }
  return plan
}
