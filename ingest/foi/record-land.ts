// An FOI record -> the statements that land it: the request, its answer as a source, the facts
// the answer states (origin foi) each citing the answer's words, and a new version. A changed
// record first takes its earlier facts away, in the same transaction; the earlier version's
// record stays in foi_record_versions.
import type { Statement, SqlValue } from '../data/statements'
import { normaliseName, normaliseSupplierName, slugify, uniqueId } from '../resolve/normalise'
import { classifyFoiRequest } from './classify'
import { closestBodies, type FoiDirectory } from './directory'
import { requestIdentity } from './identity'
import type { ClaimFact, ContractFact, OutcomeFact, ParsedRecord } from './record'

/** FOI citations take ids from here up, so curated citations (numbered 1… by ingest data) never collide. */
export const FOI_CITATION_IDS_FROM = 1_000_000_000
/** Likewise FOI hedges: ingest data writes curated hedges with ids 1… and would otherwise take theirs. */
export const FOI_HEDGE_IDS_FROM = 1_000_000_000

export interface RecordPlan {
  id: string
  status: 'unchanged' | 'landed' | 'replaced'
  version: number
  statements: Statement[]
  counts: { contracts: number; claims: number; outcomes: number; citations: number; hedges: number; suppliersRegistered: number }
}

export interface PlanProblem {
  line: number | null
  path: string
  reason: string
}

const json = (v: unknown) => JSON.stringify(v)

/**
 * Plans one record against the directory (which it updates, so the next record of the same
 * ingest sees the suppliers this one registers). Problems are pushed; a record with problems
 * yields no statements.
 */
export function planRecord(parsed: ParsedRecord, dir: FoiDirectory, now: Date, problems: PlanProblem[]): RecordPlan {
  const r = parsed.record
  const before = problems.length
  const problem = (path: string, reason: string) => problems.push({ line: parsed.line, path, reason })
  const current = dir.versions.get(r.id)
  const counts = { contracts: 0, claims: 0, outcomes: 0, citations: 0, hedges: 0, suppliersRegistered: 0 }
  if (current?.sha256 === parsed.sha256) return { id: r.id, status: 'unchanged', version: current.version, statements: [], counts }

  const out: Statement[] = []
  const push = (sql: string, ...params: SqlValue[]) => out.push({ sql, params })

  // Who and what the record names.
  const body = (value: string, path: string): string | null => {
    const found = dir.bodies.resolve(value)
    if (!found) problem(path, `"${value}" is not a body we know. Closest: ${closestBodies(dir, value)}. Name it by id, official name or alias (add the alias to data/bodies.yaml)`)
    return found?.id ?? null
  }
  const programme = (value: string | undefined, path: string): string | null => {
    if (value === undefined) return null
    const id = dir.programmes.byId.has(value) ? value : dir.programmes.byName.get(normaliseName(value))
    if (!id) problem(path, `"${value}" is not a programme we know (by id or name, see data/programmes.yaml)`)
    return id ?? null
  }
  const supplier = (value: string | null): string | null => {
    if (value === null) return null
    const known = dir.suppliers.byId.has(value) ? value : dir.suppliers.byRaw.get(value) ?? dir.suppliers.byNormalised.get(normaliseSupplierName(value))
    if (known) return known
    // A firm the dataset does not know yet is registered, never dropped (origin foi).
    const id = uniqueId(slugify(value), (c) => dir.suppliers.byId.has(c))
    push("INSERT INTO suppliers (id, name, origin) VALUES (?, ?, 'foi')", id, value)
    push("INSERT INTO supplier_aliases (supplier_id, raw_name, normalised, method, origin) VALUES (?, ?, ?, 'exact', 'foi') ON CONFLICT DO NOTHING", id, value, normaliseSupplierName(value))
    dir.suppliers.byId.set(id, value)
    dir.suppliers.byRaw.set(value, id)
    dir.suppliers.byNormalised.set(normaliseSupplierName(value), id)
    counts.suppliersRegistered++
    return id
  }
  const source = (id: string, path: string) => {
    if (!dir.sources.has(id)) problem(path, `unknown source "${id}" (no such id in data/sources.yaml)`)
  }

  const authority = body(r.authority, 'authority')
  const held = dir.foi.byId.get(r.id)
  if (held === 'curated') problem('id', `"${r.id}" is a curated FOI request in data/foi.yaml: give the record another id, or move that entry here`)
  // held === 'ingest': a request first read from a list; the record now says more, and takes it over.
  if (r.url) {
    const other = dir.foi.byUrl.get(requestIdentity(r.url))
    if (other && other !== r.id) problem('url', `${r.url} is already FOI request "${other}": use that id for this record`)
  }
  if (r.reference && authority) {
    const other = dir.foi.byReference.get(`${authority}\u001f${r.reference}`)
    if (other && other !== r.id) problem('reference', `reference "${r.reference}" of ${authority} is already FOI request "${other}": use that id for this record`)
  }

  // The answer is a source (kind foi_response): named, or made from the record.
  let answerSource = r.answer.source
  if (answerSource) {
    const kind = dir.sources.get(answerSource)
    if (!kind) problem('answer.source', `unknown source "${answerSource}" (no such id in data/sources.yaml); or describe the answer with answer.document`)
    else if (kind !== 'foi_response') problem('answer.source', `source "${answerSource}" is a ${kind}, not a foi_response`)
  } else {
    answerSource = `foi-answer-${r.id}`
    const doc = r.answer.document
    push(
      `INSERT INTO sources (id, kind, title, publisher, url, published_on, published_precision, licence, note) VALUES (?, 'foi_response', ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, publisher = excluded.publisher, url = excluded.url, published_on = excluded.published_on,
         published_precision = excluded.published_precision, licence = excluded.licence, note = excluded.note`,
      answerSource,
      doc?.title ?? `Answer to the FOI request "${r.title}"`,
      doc?.publisher ?? (authority ? dir.bodyNames.get(authority) ?? r.authority : r.authority),
      doc?.url ?? r.url ?? null,
      doc?.published?.date ?? null,
      doc?.published?.precision ?? 'unknown',
      doc?.licence ?? 'Not stated',
      `The answer to FOI request ${r.id}, as its record quotes it.`,
    )
    dir.sources.set(answerSource, 'foi_response')
  }
  r.sources.forEach((c, i) => source(c.source, `sources[${i}].source`))

  // Fact ids are the API's slugs: one belongs to one record, and never to a curated fact.
  const ownFact = (kind: 'contracts' | 'claims' | 'outcomes', id: string, path: string) => {
    const owner = dir[kind].get(id)
    if (owner && owner !== r.id) problem(path, owner === 'curated' ? `"${id}" is already a curated fact in data/: give this one another id` : `"${id}" already belongs to FOI record "${owner}"`)
  }
  const contracts = r.facts.contracts.map((c, i) => {
    ownFact('contracts', c.id, `facts.contracts[${i}].id`)
    c.sources.forEach((s, j) => source(s.source, `facts.contracts[${i}].sources[${j}].source`))
    return { fact: c, buyer: c.buyer ? body(c.buyer, `facts.contracts[${i}].buyer`) : authority, supplier: supplier(c.supplier), programme: programme(c.programme, `facts.contracts[${i}].programme`) }
  })
  const ownContracts = new Set(r.facts.contracts.map((c) => c.id))
  const claims = r.facts.claims.map((c, i) => {
    ownFact('claims', c.id, `facts.claims[${i}].id`)
    c.sources.forEach((s, j) => source(s.source, `facts.claims[${i}].sources[${j}].source`))
    if (c.contract && !ownContracts.has(c.contract) && !dir.contracts.has(c.contract)) problem(`facts.claims[${i}].contract`, `unknown contract "${c.contract}"`)
    return { fact: c, claimant: c.claimant ? body(c.claimant, `facts.claims[${i}].claimant`) : authority, programme: programme(c.programme, `facts.claims[${i}].programme`) }
  })
  const ownClaims = new Set(r.facts.claims.map((c) => c.id))
  const outcomes = r.facts.outcomes.map((o, i) => {
    ownFact('outcomes', o.id, `facts.outcomes[${i}].id`)
    o.sources.forEach((s, j) => source(s.source, `facts.outcomes[${i}].sources[${j}].source`))
    if (o.claim && !ownClaims.has(o.claim) && !dir.claims.has(o.claim)) problem(`facts.outcomes[${i}].claim`, `unknown claim "${o.claim}"`)
    return { fact: o, body: o.body ? body(o.body, `facts.outcomes[${i}].body`) : authority, programme: programme(o.programme, `facts.outcomes[${i}].programme`) }
  })
  if (problems.length > before || !authority) return { id: r.id, status: 'unchanged', version: current?.version ?? 0, statements: [], counts }

  // The request itself.
  push(
    `INSERT INTO foi_requests (id, authority_id, title, url, platform, requested_on, requested_precision, answered_on, answered_precision,
       answered_inferred, answered_note, status, response_source_id, origin, reference, status_raw, request_text, answer, consultancy_rule, format)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'foi', ?, NULL, ?, ?, ?, 'foi-record')
     ON CONFLICT (id) DO UPDATE SET authority_id = excluded.authority_id, title = excluded.title, url = excluded.url, platform = excluded.platform,
       requested_on = excluded.requested_on, requested_precision = excluded.requested_precision, answered_on = excluded.answered_on,
       answered_precision = excluded.answered_precision, answered_inferred = excluded.answered_inferred, answered_note = excluded.answered_note,
       status = excluded.status, response_source_id = excluded.response_source_id, reference = excluded.reference, request_text = excluded.request_text,
       answer = excluded.answer, consultancy_rule = excluded.consultancy_rule, format = excluded.format, origin = excluded.origin`,
    r.id,
    authority,
    r.title,
    r.url ?? null,
    r.platform ?? null,
    r.requested?.date ?? null,
    r.requested?.precision ?? 'unknown',
    r.answered?.date ?? null,
    r.answered?.precision ?? 'unknown',
    r.answered?.inferred ? 1 : 0,
    r.answered?.note ?? null,
    r.status,
    answerSource,
    r.reference ?? null,
    r.request ?? null,
    r.answer.quote,
    classifyFoiRequest(r.title, r.request, ...contracts.map((c) => c.fact.supplier)),
  )
  dir.foi.byId.set(r.id, 'foi')

  // 2. The earlier version's facts go (children first); attachments are linked again below.
  if (current) {
    const inList = (ids: string[]) => [`IN (SELECT value FROM json_each(?))`, json(ids)] as const
    const [oc, ocIds] = inList(current.outcomes)
    const [cl, clIds] = inList(current.claims)
    const [co, coIds] = inList(current.contracts)
    push(`DELETE FROM citations WHERE origin = 'foi' AND (foi_request_id = ? OR outcome_id ${oc} OR claim_id ${cl} OR contract_id ${co})`, r.id, ocIds, clIds, coIds)
    push(`DELETE FROM foi_facts WHERE foi_request_id = ?`, r.id)
    push(`DELETE FROM hedges WHERE origin = 'foi' AND (outcome_id ${oc} OR claim_id ${cl} OR contract_id ${co})`, ocIds, clIds, coIds)
    push(`DELETE FROM outcomes WHERE origin = 'foi' AND id ${oc}`, ocIds)
    push(`DELETE FROM savings_claims WHERE origin = 'foi' AND id ${cl}`, clIds)
    push(`DELETE FROM contracts WHERE origin = 'foi' AND id ${co}`, coIds)
    push(`UPDATE foi_record_versions SET superseded_at = ? WHERE foi_request_id = ? AND superseded_at IS NULL`, now.toISOString(), r.id)
  }

  // 3. The facts, each citing the answer's words that state it.
  const cite = (target: string, id: string, sourceId: string, quote: string | null) => {
    counts.citations++
    push(
      `INSERT INTO citations (id, source_id, quote, ${target}, origin) SELECT MAX(?, COALESCE(MAX(id), 0)) + 1, ?, ?, ?, 'foi' FROM citations`,
      FOI_CITATION_IDS_FROM,
      sourceId,
      quote,
      id,
    )
  }
  const citeAll = (target: string, id: string, quote: string, extra: Array<{ source: string; quote?: string | undefined }>) => {
    cite(target, id, answerSource!, quote)
    for (const s of extra) cite(target, id, s.source, s.quote ?? null)
  }
  const link = (column: string, id: string) => push(`INSERT INTO foi_facts (foi_request_id, ${column}) VALUES (?, ?)`, r.id, id)
  // The answer's hedges stay with the figure ("approximately", "at least"), as curated ones do.
  const hedge = (target: string, id: string, list: ContractFact['hedges']) => {
    for (const h of list ?? []) {
      counts.hedges++
      push(
        `INSERT INTO hedges (id, ${target}, field, kind, words, origin) SELECT MAX(?, COALESCE(MAX(id), 0)) + 1, ?, ?, ?, ?, 'foi' FROM hedges`,
        FOI_HEDGE_IDS_FROM,
        id,
        h.field,
        h.kind,
        h.words,
      )
    }
  }

  for (const { fact: c, buyer, supplier: supplierId, programme: programmeId } of contracts) insertContract(push, c, buyer!, supplierId, programmeId)
  for (const { fact: c, claimant, programme: programmeId } of claims) insertClaim(push, c, claimant!, programmeId)
  for (const { fact: o, body: bodyId, programme: programmeId } of outcomes) insertOutcome(push, o, bodyId, programmeId)
  for (const { fact: c } of contracts) {
    citeAll('contract_id', c.id, c.quote, c.sources)
    hedge('contract_id', c.id, c.hedges)
    link('contract_id', c.id)
    dir.contracts.set(c.id, r.id)
  }
  for (const { fact: c } of claims) {
    citeAll('claim_id', c.id, c.quote, c.sources)
    hedge('claim_id', c.id, c.hedges)
    link('claim_id', c.id)
    dir.claims.set(c.id, r.id)
  }
  for (const { fact: o } of outcomes) {
    citeAll('outcome_id', o.id, o.quote, o.sources)
    hedge('outcome_id', o.id, o.hedges)
    link('outcome_id', o.id)
    dir.outcomes.set(o.id, r.id)
  }
  // The request's own evidence: the answer, and whatever else the record cites.
  citeAll('foi_request_id', r.id, r.answer.quote, r.sources)

  // 4. This version.
  const version = (current?.version ?? 0) + 1
  push(
    `INSERT INTO foi_record_versions (foi_request_id, version, sha256, file_name, record, landed_at) VALUES (?, ?, ?, ?, ?, ?)`,
    r.id,
    version,
    parsed.sha256,
    parsed.file.split('/').pop() ?? parsed.file,
    json(r),
    now.toISOString(),
  )
  dir.versions.set(r.id, {
    version,
    sha256: parsed.sha256,
    contracts: r.facts.contracts.map((c) => c.id),
    claims: r.facts.claims.map((c) => c.id),
    outcomes: r.facts.outcomes.map((o) => o.id),
  })
  counts.contracts = contracts.length
  counts.claims = claims.length
  counts.outcomes = outcomes.length
  return { id: r.id, status: current ? 'replaced' : 'landed', version, statements: out, counts }
}

type Push = (sql: string, ...params: SqlValue[]) => void

function insertContract(push: Push, c: ContractFact, buyer: string, supplier: string | null, programme: string | null): void {
  push(
    `INSERT INTO contracts (id, buyer_id, supplier_id, programme_id, title, description, value_pence, currency, vat_basis, value_kind,
       contingent_pence, contingent_on, decided_on, decided_precision, decided_inferred, decided_note, status, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'foi')`,
    c.id, buyer, supplier, programme, c.title, c.description ?? null, c.value ?? null, c.currency, c.vatBasis, c.valueKind ?? null,
    c.contingent ?? null, c.contingentOn ?? null, c.decided?.date ?? null, c.decided?.precision ?? 'unknown', c.decided?.inferred ? 1 : 0, c.decided?.note ?? null, c.status,
  )
}

function insertClaim(push: Push, c: ClaimFact, claimant: string, programme: string | null): void {
  const [low, high] =
    c.qualifier === 'range' ? [c.low, c.high] : c.qualifier === 'at_least' ? [c.amount, undefined] : c.qualifier === 'at_most' ? [undefined, c.amount] : c.qualifier === 'not_stated' ? [undefined, undefined] : [c.amount, c.amount]
  push(
    `INSERT INTO savings_claims (id, claimant_id, programme_id, contract_id, title, description, scenario, low_pence, high_pence, currency, qualifier,
       gross_or_net, kind, basis, horizon_years, claimed_on, claimed_precision, claimed_inferred, claimed_note, origin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'foi')`,
    c.id, claimant, programme, c.contract ?? null, c.title, c.description ?? null, c.scenario ?? null, low ?? null, high ?? null, c.currency, c.qualifier,
    c.grossOrNet, c.kind, c.basis, c.horizonYears ?? null, c.claimed?.date ?? null, c.claimed?.precision ?? 'unknown', c.claimed?.inferred ? 1 : 0, c.claimed?.note ?? null,
  )
}

function insertOutcome(push: Push, o: OutcomeFact, body: string | null, programme: string | null): void {
  push(
    `INSERT INTO outcomes (id, claim_id, programme_id, body_id, title, description, amount_pence, currency, qualifier, basis, reported_on, reported_precision, origin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'foi')`,
    o.id, o.claim ?? null, programme, body, o.title, o.description ?? null, o.amount ?? null, o.currency, o.qualifier, o.basis,
    o.reported?.date ?? null, o.reported?.precision ?? 'unknown',
  )
}
