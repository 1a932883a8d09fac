// What an FOI ingest resolves names against: bodies (through ingest/resolve/bodies.ts, the same
// aliases spend files resolve through), suppliers, programmes, sources and the facts already
// held. Read once per ingest from the database, optionally overlaid with a curated dataset that
// is being loaded in the same transaction.
import { sql } from 'drizzle-orm'
import type { Db } from '../../schema/db'
import type { Dataset } from '../data/read'
import { BodyDirectory, type BodyRecord, type KnownBody } from '../resolve/bodies'
import { normaliseBodyName, normaliseName, normaliseSupplierName } from '../resolve/normalise'
import { type DesignatedName, designatedName } from './designators'
import { requestIdentity } from './identity'

export interface CurrentRecord {
  version: number
  sha256: string
  contracts: string[]
  claims: string[]
  outcomes: string[]
}

export interface FoiDirectory {
  bodies: BodyDirectory
  bodyIds: Set<string>
  /** Body ids -> names, for the ids a registration must not reuse. */
  bodyNames: Map<string, string>
  /** Normalised names and aliases -> body id: names only, never ids or codes. */
  bodyByName: Map<string, string>
  /** Every name and alias of each body without its designators, for names that differ only by them. */
  bodyDesignations: Array<{ id: string; name: DesignatedName }>
  suppliers: { byId: Map<string, string>; byRaw: Map<string, string>; byNormalised: Map<string, string> }
  programmes: { byId: Set<string>; byName: Map<string, string> }
  /** Source id -> kind. */
  sources: Map<string, string>
  /** Fact id -> who holds it: 'curated', or the FOI request whose record states it. */
  contracts: Map<string, string>
  claims: Map<string, string>
  outcomes: Map<string, string>
  /** FOI requests by id (with origin), their authority, by URL and by authority + reference. */
  foi: { byId: Map<string, string>; authorityOf: Map<string, string>; byUrl: Map<string, string>; byReference: Map<string, string> }
  /** The latest landed version of each FOI record. */
  versions: Map<string, CurrentRecord>
}

export async function readDirectory(db: Db, overlay?: Dataset): Promise<FoiDirectory> {
  const bodyRows = await db.all<{ id: string; name: string; gssCode: string | null; orgId: string | null; origin: string }>(
    sql`SELECT id, name, gss_code AS gssCode, org_id AS orgId, origin FROM bodies`,
  )
  const aliasRows = await db.all<{ bodyId: string; alias: string; origin: string }>(sql`SELECT body_id AS bodyId, alias, origin FROM body_aliases`)
  // A curated dataset about to be loaded replaces the curated bodies and aliases.
  const keep = (origin: string) => !overlay || origin !== 'curated'
  const records = new Map<string, BodyRecord>()
  for (const b of bodyRows.filter((b) => keep(b.origin))) records.set(b.id, { id: b.id, name: b.name, gssCode: b.gssCode, orgId: b.orgId, aliases: [] })
  for (const b of overlay?.bodies ?? []) records.set(b.id, { id: b.id, name: b.name, gssCode: b.gssCode ?? null, orgId: b.orgId ?? null, aliases: [] })
  for (const a of [...aliasRows.filter((a) => keep(a.origin)), ...(overlay?.bodyAliases ?? [])]) records.get(a.bodyId)?.aliases.push(a.alias)

  const supplierRows = await db.all<{ id: string; name: string; origin: string }>(sql`SELECT id, name, origin FROM suppliers`)
  const supplierAliasRows = await db.all<{ supplierId: string; rawName: string; origin: string }>(
    sql`SELECT supplier_id AS supplierId, raw_name AS rawName, origin FROM supplier_aliases`,
  )
  const suppliers = { byId: new Map<string, string>(), byRaw: new Map<string, string>(), byNormalised: new Map<string, string>() }
  const addSupplierName = (supplierId: string, raw: string) => {
    if (!suppliers.byRaw.has(raw)) suppliers.byRaw.set(raw, supplierId)
    const n = normaliseSupplierName(raw)
    if (n && !suppliers.byNormalised.has(n)) suppliers.byNormalised.set(n, supplierId)
  }
  for (const s of [...(overlay?.suppliers ?? []), ...supplierRows.filter((s) => keep(s.origin))]) {
    if (suppliers.byId.has(s.id)) continue
    suppliers.byId.set(s.id, s.name)
    addSupplierName(s.id, s.name)
  }
  for (const a of [...(overlay?.supplierAliases ?? []), ...supplierAliasRows.filter((a) => keep(a.origin))]) addSupplierName(a.supplierId, a.rawName)

  const programmeRows = overlay
    ? overlay.programmes.map((p) => ({ id: p.id, name: p.name }))
    : await db.all<{ id: string; name: string }>(sql`SELECT id, name FROM programmes`)
  const programmes = { byId: new Set(programmeRows.map((p) => p.id)), byName: new Map(programmeRows.map((p) => [normaliseName(p.name), p.id])) }

  const sourceRows = await db.all<{ id: string; kind: string }>(sql`SELECT id, kind FROM sources`)
  const sources = new Map(sourceRows.map((s) => [s.id, s.kind]))
  for (const s of overlay?.sources ?? []) sources.set(s.id, s.kind)

  const owners = async (table: string, column: string, curatedIds: string[] | undefined) => {
    const rows = await db.all<{ id: string; origin: string; owner: string | null }>(
      sql.raw(`SELECT t.id, t.origin, (SELECT foi_request_id FROM foi_facts f WHERE f.${column} = t.id LIMIT 1) AS owner FROM ${table} t`),
    )
    const out = new Map<string, string>()
    for (const r of rows) {
      if (r.origin === 'curated' && overlay) continue
      out.set(r.id, r.owner ?? r.origin)
    }
    for (const id of curatedIds ?? []) out.set(id, 'curated')
    return out
  }
  const contracts = await owners('contracts', 'contract_id', overlay?.contracts.map((c) => c.id))
  const claims = await owners('savings_claims', 'claim_id', overlay?.savingsClaims.map((c) => c.id))
  const outcomes = await owners('outcomes', 'outcome_id', overlay?.outcomes.map((o) => o.id))

  const foiRows = await db.all<{ id: string; origin: string; url: string | null; authorityId: string; reference: string | null }>(
    sql`SELECT id, origin, url, authority_id AS authorityId, reference FROM foi_requests`,
  )
  const foi = { byId: new Map<string, string>(), authorityOf: new Map<string, string>(), byUrl: new Map<string, string>(), byReference: new Map<string, string>() }
  for (const f of foiRows) {
    if (f.origin === 'curated' && overlay) continue
    foi.byId.set(f.id, f.origin)
    foi.authorityOf.set(f.id, f.authorityId)
    // Rows landed before URLs were canonicalised are found under the canonical form too.
    if (f.url) foi.byUrl.set(requestIdentity(f.url), f.id)
    if (f.reference) foi.byReference.set(`${f.authorityId}\u001f${f.reference}`, f.id)
  }
  for (const f of overlay?.foiRequests ?? []) {
    foi.byId.set(f.id, 'curated')
    foi.authorityOf.set(f.id, f.authorityId)
  }

  const versionRows = await db.all<{ foiRequestId: string; version: number; sha256: string }>(
    sql`SELECT foi_request_id AS foiRequestId, version, sha256 FROM foi_record_versions v
        WHERE version = (SELECT MAX(version) FROM foi_record_versions w WHERE w.foi_request_id = v.foi_request_id)`,
  )
  const factRows = await db.all<{ foiRequestId: string; contractId: string | null; claimId: string | null; outcomeId: string | null }>(
    sql`SELECT foi_request_id AS foiRequestId, contract_id AS contractId, claim_id AS claimId, outcome_id AS outcomeId FROM foi_facts`,
  )
  const versions = new Map<string, CurrentRecord>()
  for (const v of versionRows) versions.set(v.foiRequestId, { version: v.version, sha256: v.sha256, contracts: [], claims: [], outcomes: [] })
  for (const f of factRows) {
    const v = versions.get(f.foiRequestId)
    if (!v) continue
    if (f.contractId) v.contracts.push(f.contractId)
    if (f.claimId) v.claims.push(f.claimId)
    if (f.outcomeId) v.outcomes.push(f.outcomeId)
  }

  const bodies = new BodyDirectory([...records.values()])
  return {
    bodies,
    bodyIds: new Set(records.keys()),
    bodyNames: new Map([...records.values()].map((b) => [b.id, b.name])),
    bodyByName: new Map([...records.values()].flatMap((b) => [b.name, ...b.aliases].map((text) => [normaliseBodyName(text), b.id] as const)).reverse()),
    bodyDesignations: [...records.values()].flatMap((b) => [b.name, ...b.aliases].map((text) => ({ id: b.id, name: designatedName(text) }))),
    suppliers,
    programmes,
    sources,
    contracts,
    claims,
    outcomes,
    foi,
    versions,
  }
}

/** "closest: "X" (x), …" for a refusal naming a body we do not know. */
export function closestBodies(dir: FoiDirectory, value: string): string {
  const near: KnownBody[] = dir.bodies.closest(value)
  return near.length ? near.map((b) => `"${b.name}" (${b.id})`).join(', ') : 'none: no bodies are loaded yet'
}
