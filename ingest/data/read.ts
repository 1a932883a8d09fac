import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import type { z } from 'zod'
import type {
  bodies,
  bodyAliases,
  citations,
  claimRelations,
  contracts,
  customerSegments,
  foiRequests,
  hedges,
  outcomes,
  programmeBodies,
  programmes,
  savingsClaims,
  sources,
  supplierAliases,
  suppliers,
  totalPlacePilotBodies,
  totalPlacePilotThemes,
  totalPlacePilots,
  unitCosts,
} from '../../schema/tables'
import { readFoiRecordFolder } from '../foi/folder'
import type { ParsedRecord } from '../foi/record'
import { normaliseBodyName, normaliseSupplierName } from '../resolve/normalise'
import {
  type BodyRecord,
  type Citation,
  type ClaimRecord,
  type ContractRecord,
  type DatasetFile,
  type FoiRecord,
  type OutcomeRecord,
  type PilotRecord,
  type HedgeRecord,
  type ProgrammeRecord,
  type SegmentRecord,
  type SourceRecord,
  type SupplierRecord,
  type UnitCostRecord,
  datasetFiles,
} from './format'

export type SourceRow = typeof sources.$inferInsert
export type BodyRow = typeof bodies.$inferInsert
export type BodyAliasRow = Omit<typeof bodyAliases.$inferInsert, 'id'>
export type SupplierRow = typeof suppliers.$inferInsert
export type SupplierAliasRow = Omit<typeof supplierAliases.$inferInsert, 'id'>
export type ProgrammeRow = typeof programmes.$inferInsert
export type ProgrammeBodyRow = typeof programmeBodies.$inferInsert
export type PilotRow = typeof totalPlacePilots.$inferInsert
export type PilotBodyRow = typeof totalPlacePilotBodies.$inferInsert
export type PilotThemeRow = typeof totalPlacePilotThemes.$inferInsert
export type ContractRow = typeof contracts.$inferInsert
export type ClaimRow = typeof savingsClaims.$inferInsert
export type OutcomeRow = typeof outcomes.$inferInsert
export type FoiRow = typeof foiRequests.$inferInsert
export type CitationRow = typeof citations.$inferInsert
export type ClaimRelationRow = typeof claimRelations.$inferInsert
export type HedgeRow = typeof hedges.$inferInsert
export type UnitCostRow = typeof unitCosts.$inferInsert
export type SegmentRow = typeof customerSegments.$inferInsert

/** The curated dataset, validated and shaped as rows for the tables in schema/tables. */
export interface Dataset {
  /** SHA-256 over the data files (name and bytes, in name order). */
  hash: string
  sources: SourceRow[]
  bodies: BodyRow[]
  bodyAliases: BodyAliasRow[]
  suppliers: SupplierRow[]
  supplierAliases: SupplierAliasRow[]
  programmes: ProgrammeRow[]
  programmeBodies: ProgrammeBodyRow[]
  pilots: PilotRow[]
  pilotBodies: PilotBodyRow[]
  pilotThemes: PilotThemeRow[]
  contracts: ContractRow[]
  savingsClaims: ClaimRow[]
  claimRelations: ClaimRelationRow[]
  outcomes: OutcomeRow[]
  hedges: HedgeRow[]
  unitCosts: UnitCostRow[]
  customerSegments: SegmentRow[]
  foiRequests: FoiRow[]
  citations: CitationRow[]
  /** Sources whose quotes are words of a seed document: the seeds, and documents known only as quoted in one. */
  seedSourceIds: string[]
  /** Full FOI records (data/foi/*.yaml), landed after the curated rows by ingest/foi. */
  foiRecords: ParsedRecord[]
}

export interface DatasetProblem {
  /** File name inside the data folder, e.g. "contracts.yaml". */
  file: string
  /** The record's id, or "#n" (1-based position) when it has no usable id, or "-" for the whole file. */
  record: string
  reason: string
}

/** Everything wrong with a data folder, collected in one pass. */
export class DatasetError extends Error {
  readonly problems: DatasetProblem[]

  constructor(problems: DatasetProblem[]) {
    super(
      `the dataset has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}: ${p.record}: ${p.reason}`).join('\n'),
    )
    this.name = 'DatasetError'
    this.problems = problems
  }
}

interface Records {
  'sources.yaml': Keyed<SourceRecord>[]
  'bodies.yaml': Keyed<BodyRecord>[]
  'suppliers.yaml': Keyed<SupplierRecord>[]
  'programmes.yaml': Keyed<ProgrammeRecord>[]
  'total-place.yaml': Keyed<PilotRecord>[]
  'contracts.yaml': Keyed<ContractRecord>[]
  'claims.yaml': Keyed<ClaimRecord>[]
  'outcomes.yaml': Keyed<OutcomeRecord>[]
  'foi.yaml': Keyed<FoiRecord>[]
  'unit-costs.yaml': Keyed<UnitCostRecord>[]
  'segments.yaml': Keyed<SegmentRecord>[]
}

type Keyed<T> = T & { id: string }

/** Reads and validates every file of the data folder; throws DatasetError listing every problem. */
export async function readDataset(dir: string): Promise<Dataset> {
  const problems: DatasetProblem[] = []
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort()
  const expected = Object.keys(datasetFiles).sort() as DatasetFile[]
  for (const name of names) {
    if (!(name in datasetFiles)) {
      problems.push({ file: name, record: '-', reason: `unknown file: the dataset has ${expected.join(', ')}` })
    }
  }

  const hash = createHash('sha256')
  const parsed: Record<string, unknown[]> = {}
  // Ids of records the schema refused: known to exist, so references to them are not reported again.
  const refused = new Set<string>()
  for (const file of expected) {
    let bytes: Buffer
    try {
      bytes = await readFile(join(dir, file))
    } catch {
      problems.push({ file, record: '-', reason: 'missing file' })
      parsed[file] = []
      continue
    }
    hash.update(`${file}\0`).update(bytes).update('\0')
    parsed[file] = parseFile(file, bytes.toString('utf8'), problems, refused)
  }

  // Full FOI records (data/foi/*.yaml): read and checked by ingest/foi; their bytes count in the hash.
  const foi = await readFoiRecordFolder(join(dir, 'foi'), hash)
  problems.push(...foi.problems)

  // Each list holds only records its file's schema accepted.
  const dataset = buildDataset(parsed as unknown as Records, problems, refused)
  if (problems.length > 0) throw new DatasetError(problems)
  return { ...dataset, foiRecords: foi.records, hash: hash.digest('hex') }
}

function parseFile(file: DatasetFile, text: string, problems: DatasetProblem[], refused: Set<string>): unknown[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line
      problems.push({ file, record: '-', reason: `YAML${line ? ` line ${line}` : ''}: ${error.message.split('\n')[0]}` })
    }
    return []
  }
  const data: unknown = doc.toJS()
  if (data === null || data === undefined) return []
  if (!Array.isArray(data)) {
    problems.push({ file, record: '-', reason: 'the file must be a YAML list of records ("- id: ...")' })
    return []
  }
  const schema = datasetFiles[file] as z.ZodType
  const valid: unknown[] = []
  const seen = new Map<string, number>()
  data.forEach((item, index) => {
    const record = recordName(item, index)
    const result = schema.safeParse(item, { reportInput: true })
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ file, record, reason: describeIssue(issue) })
      if (!record.startsWith('#')) refused.add(`${file} ${record}`)
      return
    }
    const id = (result.data as { id: string }).id
    const first = seen.get(id)
    if (first !== undefined) {
      problems.push({ file, record: id, reason: `duplicate id (also record #${first + 1})` })
      return
    }
    seen.set(id, index)
    valid.push(result.data)
  })
  return valid
}

function recordName(item: unknown, index: number): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined
  return typeof id === 'string' && id.length > 0 ? id : `#${index + 1}`
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.')
  const at = field ? `${field}: ` : ''
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    return `missing field "${field}"`
  }
  if (issue.code === 'unrecognized_keys') return `${at}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  if (issue.code === 'custom' && issue.message === 'missing') return `missing field "${field}"`
  if (issue.code === 'invalid_value') return `${at}"${String((issue as { input?: unknown }).input)}" is not one of ${issue.values.join(', ')}`
  return `${at}${issue.message}`
}

/** Cross-file checks (references, duplicate names and aliases) and the mapping to table rows. */
function buildDataset(r: Records, problems: DatasetProblem[], refused: Set<string>): Omit<Dataset, 'hash' | 'foiRecords'> {
  const problem = (file: string, record: string, reason: string) => problems.push({ file, record, reason })
  const ids = {
    source: new Map(r['sources.yaml'].map((s) => [s.id, s])),
    body: new Set(r['bodies.yaml'].map((b) => b.id)),
    supplier: new Set(r['suppliers.yaml'].map((s) => s.id)),
    programme: new Set(r['programmes.yaml'].map((p) => p.id)),
    pilot: new Set(r['total-place.yaml'].map((p) => p.id)),
    contract: new Set(r['contracts.yaml'].map((c) => c.id)),
    claim: new Set(r['claims.yaml'].map((c) => c.id)),
  }
  const fileOf = { source: 'sources.yaml', body: 'bodies.yaml', supplier: 'suppliers.yaml', programme: 'programmes.yaml', pilot: 'total-place.yaml', contract: 'contracts.yaml', claim: 'claims.yaml' }
  const need = (kind: keyof typeof ids, value: string | null | undefined, file: string, record: string, field: string) => {
    if (value === null || value === undefined || ids[kind].has(value)) return
    if (refused.has(`${fileOf[kind]} ${value}`)) return
    problem(file, record, `${field}: unknown ${kind} "${value}" (no such id in ${fileOf[kind]})`)
  }

  const seedSourceIds = r['sources.yaml'].filter((s) => s.seed || s.quotedIn).map((s) => s.id)
  const quoted = new Set(seedSourceIds)
  for (const s of r['sources.yaml']) {
    if (s.quotedIn === s.id) problem('sources.yaml', s.id, 'quotedIn: a source cannot be quoted in itself')
    else need('source', s.quotedIn, 'sources.yaml', s.id, 'quotedIn')
  }

  const citationRows: CitationRow[] = []
  type Target = Pick<CitationRow, 'bodyId' | 'supplierId' | 'programmeId' | 'pilotId' | 'contractId' | 'claimId' | 'unitCostId' | 'segmentId' | 'outcomeId' | 'foiRequestId'>
  const cite = (list: Citation[], file: string, record: string, target: Target, field = 'sources') => {
    list.forEach((c, i) => {
      const at = `${field}[${i}]`
      if (!ids.source.has(c.source)) {
        if (!refused.has(`sources.yaml ${c.source}`)) problem(file, record, `${at}: unknown source "${c.source}" (no such id in sources.yaml)`)
        return
      }
      if (quoted.has(c.source) && !c.quote) {
        problem(file, record, `${at}: citing "${c.source}" needs quote: the exact words of that document`)
      }
      citationRows.push({
        id: citationRows.length + 1,
        sourceId: c.source,
        quote: c.quote ?? null,
        bodyId: null,
        supplierId: null,
        programmeId: null,
        pilotId: null,
        contractId: null,
        claimId: null,
        unitCostId: null,
        segmentId: null,
        outcomeId: null,
        foiRequestId: null,
        ...target,
      })
    })
  }

  const sourceRows: SourceRow[] = r['sources.yaml'].map((s) => ({
    id: s.id,
    kind: s.kind,
    title: s.title,
    publisher: s.publisher,
    author: s.author ?? null,
    url: s.url ?? null,
    publishedOn: s.published?.date ?? null,
    publishedPrecision: s.published?.precision ?? 'unknown',
    licence: s.licence,
    retrievedOn: s.retrievedOn ?? null,
    note: s.note ?? null,
  }))

  // Bodies and their aliases. The name is always an alias too, unless listed explicitly.
  const bodyRows: BodyRow[] = []
  const bodyAliasRows: BodyAliasRow[] = []
  const bodyNames = new Map<string, string>()
  const aliasOwner = new Map<string, string>()
  for (const b of r['bodies.yaml']) {
    const other = bodyNames.get(b.name)
    if (other) problem('bodies.yaml', b.id, `duplicate name "${b.name}" (also body ${other})`)
    bodyNames.set(b.name, b.id)
    bodyRows.push({
      id: b.id,
      name: b.name,
      kind: b.kind,
      gssCode: b.gssCode ?? null,
      orgId: b.orgId ?? null,
      region: b.region ?? null,
      nation: b.nation ?? null,
      note: b.note ?? null,
      origin: 'curated',
    })
    const listed = b.aliases.map((a) => (typeof a === 'string' ? { name: a, source: undefined } : a))
    const own = new Set<string>()
    listed.forEach((a, i) => {
      const normalised = normaliseBodyName(a.name)
      if (!normalised) return problem('bodies.yaml', b.id, `aliases[${i}]: "${a.name}" has no letters or digits`)
      if (a.source) need('source', a.source, 'bodies.yaml', b.id, `aliases[${i}].source`)
      const owner = aliasOwner.get(normalised)
      if (owner) {
        return problem('bodies.yaml', b.id, `aliases[${i}]: duplicate alias "${a.name}" (${owner === b.id ? 'listed twice' : `also an alias of body ${owner}`})`)
      }
      aliasOwner.set(normalised, b.id)
      own.add(normalised)
      bodyAliasRows.push({ bodyId: b.id, alias: a.name, normalised, sourceId: a.source ?? null, origin: 'curated' })
    })
    const nameKey = normaliseBodyName(b.name)
    if (!own.has(nameKey)) {
      const owner = aliasOwner.get(nameKey)
      if (owner) problem('bodies.yaml', b.id, `name "${b.name}" is already an alias of body ${owner}`)
      else {
        aliasOwner.set(nameKey, b.id)
        bodyAliasRows.push({ bodyId: b.id, alias: b.name, normalised: nameKey, sourceId: null, origin: 'curated' })
      }
    }
    cite(b.sources, 'bodies.yaml', b.id, { bodyId: b.id })
  }

  // Suppliers: aliases are raw names, unique as written (normalised forms may repeat).
  const supplierRows: SupplierRow[] = []
  const supplierAliasRows: SupplierAliasRow[] = []
  const rawOwner = new Map<string, string>()
  for (const s of r['suppliers.yaml']) {
    supplierRows.push({
      id: s.id,
      name: s.name,
      orgId: s.orgId ?? null,
      website: s.website ?? null,
      note: s.note ?? null,
      origin: 'curated',
    })
    const listed = s.aliases.map((a) => (typeof a === 'string' ? { name: a, source: undefined } : a))
    if (!listed.some((a) => a.name === s.name)) listed.unshift({ name: s.name, source: undefined })
    listed.forEach((a, i) => {
      const owner = rawOwner.get(a.name)
      if (owner) {
        return problem('suppliers.yaml', s.id, `aliases[${i}]: duplicate alias "${a.name}" (${owner === s.id ? 'listed twice' : `also an alias of supplier ${owner}`})`)
      }
      if (a.source) need('source', a.source, 'suppliers.yaml', s.id, `aliases[${i}].source`)
      rawOwner.set(a.name, s.id)
      supplierAliasRows.push({
        supplierId: s.id,
        rawName: a.name,
        normalised: normaliseSupplierName(a.name),
        method: 'manual',
        sourceId: a.source ?? null,
        origin: 'curated',
      })
    })
    cite(s.sources, 'suppliers.yaml', s.id, { supplierId: s.id })
  }

  // Programmes, their bodies' roles, and the parent tree.
  const programmeRows: ProgrammeRow[] = []
  const programmeBodyRows: ProgrammeBodyRow[] = []
  const parents = new Map<string, string>()
  for (const p of r['programmes.yaml']) {
    if (p.parent === p.id) problem('programmes.yaml', p.id, 'parent: a programme cannot be its own parent')
    else need('programme', p.parent, 'programmes.yaml', p.id, 'parent')
    if (p.parent) parents.set(p.id, p.parent)
    programmeRows.push({
      id: p.id,
      name: p.name,
      kind: p.kind,
      description: p.description ?? null,
      startedOn: p.started?.date ?? null,
      startedPrecision: p.started?.precision ?? 'unknown',
      endedOn: p.ended?.date ?? null,
      endedPrecision: p.ended?.precision ?? 'unknown',
      budgetPence: p.budget?.amount ?? null,
      budgetCurrency: p.budget?.currency ?? null,
      budgetVatBasis: p.budget?.vatBasis ?? null,
      parentId: p.parent ?? null,
    })
    const roles = new Set<string>()
    p.bodies.forEach((pb, i) => {
      need('body', pb.body, 'programmes.yaml', p.id, `bodies[${i}].body`)
      const key = `${pb.body} ${pb.role}`
      if (roles.has(key)) return problem('programmes.yaml', p.id, `bodies[${i}]: body ${pb.body} is listed twice as ${pb.role}`)
      roles.add(key)
      programmeBodyRows.push({ programmeId: p.id, bodyId: pb.body, role: pb.role, detail: pb.detail ?? null })
      cite(pb.sources, 'programmes.yaml', p.id, { programmeId: p.id }, `bodies[${i}].sources`)
    })
    cite(p.sources, 'programmes.yaml', p.id, { programmeId: p.id })
  }
  for (const start of parents.keys()) {
    const path = [start]
    for (let at = parents.get(start); at; at = parents.get(at)) {
      if (at === start) {
        problem('programmes.yaml', start, `parent: cycle ${[...path, start].join(' -> ')}`)
        break
      }
      if (path.includes(at)) break
      path.push(at)
    }
  }

  // Total Place pilots.
  const pilotRows: PilotRow[] = []
  const pilotBodyRows: PilotBodyRow[] = []
  const pilotThemeRows: PilotThemeRow[] = []
  for (const p of r['total-place.yaml']) {
    need('programme', p.programme, 'total-place.yaml', p.id, 'programme')
    pilotRows.push({ id: p.id, name: p.name, region: p.region, programmeId: p.programme })
    const members = new Set<string>()
    p.bodies.forEach((b, i) => {
      need('body', b, 'total-place.yaml', p.id, `bodies[${i}]`)
      if (members.has(b)) return problem('total-place.yaml', p.id, `bodies[${i}]: body ${b} listed twice`)
      members.add(b)
      pilotBodyRows.push({ pilotId: p.id, bodyId: b })
    })
    p.themes.forEach((t, i) => {
      pilotThemeRows.push({ id: pilotThemeRows.length + 1, pilotId: p.id, theme: t.theme })
      cite(t.sources, 'total-place.yaml', p.id, { pilotId: p.id }, `themes[${i}].sources`)
    })
    cite(p.sources, 'total-place.yaml', p.id, { pilotId: p.id })
  }

  const contractRows: ContractRow[] = r['contracts.yaml'].map((c) => {
    need('body', c.buyer, 'contracts.yaml', c.id, 'buyer')
    need('supplier', c.supplier, 'contracts.yaml', c.id, 'supplier')
    need('programme', c.programme, 'contracts.yaml', c.id, 'programme')
    cite(c.sources, 'contracts.yaml', c.id, { contractId: c.id })
    return {
      id: c.id,
      buyerId: c.buyer,
      supplierId: c.supplier,
      programmeId: c.programme ?? null,
      title: c.title,
      description: c.description ?? null,
      valuePence: c.value ?? null,
      currency: c.currency,
      vatBasis: c.vatBasis,
      valueKind: c.valueKind ?? null,
      contingentPence: c.contingent ?? null,
      contingentOn: c.contingentOn ?? null,
      decidedOn: c.decided?.date ?? null,
      decidedPrecision: c.decided?.precision ?? 'unknown',
      decidedInferred: c.decided?.inferred ?? false,
      decidedNote: c.decided?.note ?? null,
      decidedBy: c.decidedBy ?? null,
      status: c.status,
    }
  })

  const hedgeRows: HedgeRow[] = []
  const hedgesOf = (list: HedgeRecord[], target: Pick<HedgeRow, 'claimId' | 'contractId' | 'outcomeId'>) => {
    for (const h of list) {
      hedgeRows.push({ id: hedgeRows.length + 1, claimId: null, contractId: null, outcomeId: null, ...target, field: h.field, kind: h.kind, words: h.words })
    }
  }
  for (const c of r['contracts.yaml']) hedgesOf(c.hedges, { contractId: c.id })

  // Claim relations: each pair once (either way round), never a claim with itself.
  const relationRows: ClaimRelationRow[] = []
  const pairs = new Map<string, string>()
  for (const c of r['claims.yaml']) {
    c.relations.forEach((rel, i) => {
      const at = `relations[${i}]`
      if (rel.claim === c.id) return problem('claims.yaml', c.id, `${at}.claim: a claim cannot relate to itself`)
      need('claim', rel.claim, 'claims.yaml', c.id, `${at}.claim`)
      const key = [c.id, rel.claim].sort().join(' ')
      const first = pairs.get(key)
      if (first) return problem('claims.yaml', c.id, `${at}: the pair ${c.id} / ${rel.claim} is already related in ${first}; state each pair once`)
      pairs.set(key, c.id)
      relationRows.push({ claimId: c.id, relatedClaimId: rel.claim, relation: rel.relation, note: rel.note ?? null })
      cite(rel.sources, 'claims.yaml', c.id, { claimId: c.id }, `${at}.sources`)
    })
    hedgesOf(c.hedges, { claimId: c.id })
  }
  for (const o of r['outcomes.yaml']) hedgesOf(o.hedges, { outcomeId: o.id })

  const claimRows: ClaimRow[] = r['claims.yaml'].map((c) => {
    need('body', c.claimant, 'claims.yaml', c.id, 'claimant')
    need('programme', c.programme, 'claims.yaml', c.id, 'programme')
    need('contract', c.contract, 'claims.yaml', c.id, 'contract')
    cite(c.sources, 'claims.yaml', c.id, { claimId: c.id })
    const [low, high] = bounds(c)
    return {
      id: c.id,
      claimantId: c.claimant,
      programmeId: c.programme ?? null,
      contractId: c.contract ?? null,
      title: c.title,
      description: c.description ?? null,
      scenario: c.scenario ?? null,
      lowPence: low,
      highPence: high,
      lowBasisPoints: c.percentLow ?? c.percent ?? null,
      highBasisPoints: c.percentHigh ?? c.percent ?? null,
      currency: c.currency,
      qualifier: c.qualifier,
      grossOrNet: c.grossOrNet,
      kind: c.kind,
      basis: c.basis,
      horizonYears: c.horizonYears ?? null,
      claimedOn: c.claimed?.date ?? null,
      claimedPrecision: c.claimed?.precision ?? 'unknown',
      claimedInferred: c.claimed?.inferred ?? false,
      claimedNote: c.claimed?.note ?? null,
    }
  })

  const outcomeRows: OutcomeRow[] = r['outcomes.yaml'].map((o) => {
    need('claim', o.claim, 'outcomes.yaml', o.id, 'claim')
    need('programme', o.programme, 'outcomes.yaml', o.id, 'programme')
    need('body', o.body, 'outcomes.yaml', o.id, 'body')
    cite(o.sources, 'outcomes.yaml', o.id, { outcomeId: o.id })
    return {
      id: o.id,
      claimId: o.claim ?? null,
      programmeId: o.programme ?? null,
      bodyId: o.body ?? null,
      title: o.title,
      description: o.description ?? null,
      amountPence: o.amount ?? null,
      currency: o.currency,
      qualifier: o.qualifier,
      basis: o.basis,
      reportedOn: o.reported?.date ?? null,
      reportedPrecision: o.reported?.precision ?? 'unknown',
    }
  })

  const unitCostRows: UnitCostRow[] = r['unit-costs.yaml'].map((u) => {
    need('body', u.body, 'unit-costs.yaml', u.id, 'body')
    cite(u.sources, 'unit-costs.yaml', u.id, { unitCostId: u.id })
    return {
      id: u.id,
      kind: u.kind,
      subject: u.subject,
      unit: u.unit,
      description: u.description ?? null,
      bodyId: u.body ?? null,
      amountPence: u.amount,
      currency: u.currency,
      vatBasis: u.vatBasis,
      qualifier: u.qualifier,
    }
  })

  const segmentRows: SegmentRow[] = r['segments.yaml'].map((g) => {
    need('body', g.body, 'segments.yaml', g.id, 'body')
    cite(g.sources, 'segments.yaml', g.id, { segmentId: g.id })
    return { id: g.id, place: g.place, bodyId: g.body, segment: g.segment, note: g.note ?? null }
  })

  const foiRows: FoiRow[] = r['foi.yaml'].map((f) => {
    need('body', f.authority, 'foi.yaml', f.id, 'authority')
    if (f.response) {
      const response = ids.source.get(f.response)
      if (!response) need('source', f.response, 'foi.yaml', f.id, 'response')
      else if (response.kind !== 'foi_response') problem('foi.yaml', f.id, `response: source "${f.response}" is a ${response.kind}, not a foi_response`)
    }
    cite(f.sources, 'foi.yaml', f.id, { foiRequestId: f.id })
    return {
      id: f.id,
      authorityId: f.authority,
      title: f.title,
      url: f.url ?? null,
      platform: f.platform ?? null,
      requestedOn: f.requested?.date ?? null,
      requestedPrecision: f.requested?.precision ?? 'unknown',
      answeredOn: f.answered?.date ?? null,
      answeredPrecision: f.answered?.precision ?? 'unknown',
      answeredInferred: f.answered?.inferred ?? false,
      answeredNote: f.answered?.note ?? null,
      status: f.status,
      responseSourceId: f.response ?? null,
    }
  })

  return {
    sources: sourceRows,
    bodies: bodyRows,
    bodyAliases: bodyAliasRows,
    suppliers: supplierRows,
    supplierAliases: supplierAliasRows,
    programmes: programmeRows,
    programmeBodies: programmeBodyRows,
    pilots: pilotRows,
    pilotBodies: pilotBodyRows,
    pilotThemes: pilotThemeRows,
    contracts: contractRows,
    savingsClaims: claimRows,
    claimRelations: relationRows,
    outcomes: outcomeRows,
    hedges: hedgeRows,
    unitCosts: unitCostRows,
    customerSegments: segmentRows,
    foiRequests: foiRows,
    citations: citationRows,
    seedSourceIds,
  }
}

/** Claim bounds: a single figure is low = high; "at least" has no high; "at most" no low. */
function bounds(c: ClaimRecord): [number | null, number | null] {
  switch (c.qualifier) {
    case 'range':
      return [c.low ?? null, c.high ?? null]
    case 'at_least':
      return [c.amount ?? null, null]
    case 'at_most':
      return [null, c.amount ?? null]
    case 'not_stated':
      return [null, null]
    default:
      return [c.amount ?? null, c.amount ?? null]
  }
}
