import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../schema/db'
import { readDirectory } from '../foi/directory'
import { type PlanProblem, planRecord } from '../foi/record-land'
import { type Dataset, DatasetError } from './read'
import { type Statement, datasetStatements } from './statements'

export interface LoadSummary {
  hash: string
  dataVersion: string
  /** Rows written per table (curated rows, and the facts of data/foi/ records that changed). */
  counts: {
    sources: number
    bodies: number
    bodyAliases: number
    suppliers: number
    supplierAliases: number
    programmes: number
    programmeBodies: number
    pilots: number
    pilotBodies: number
    pilotThemes: number
    contracts: number
    savingsClaims: number
    claimRelations: number
    outcomes: number
    hedges: number
    unitCosts: number
    customerSegments: number
    foiRequests: number
    citations: number
  }
}

export interface LoadOptions {
  /** Defaults to data:<hash prefix>:<Date.now()>. */
  dataVersion?: string
}

/**
 * Writes the dataset in one db.batch (a transaction on libsql and D1): if any statement fails
 * the database is left as it was. Curated tables are replaced; bodies, suppliers and aliases
 * are upserted so rows that ingest created (and payments point at) survive.
 */
export async function loadDataset(db: Db, dataset: Dataset, options: LoadOptions = {}): Promise<LoadSummary> {
  await refuseNameClashes(db, dataset)
  await refuseIdTakeovers(db, dataset)
  const dataVersion = options.dataVersion ?? `data:${dataset.hash.slice(0, 12)}:${Date.now()}`
  const foi = await planFoiRecords(db, dataset)
  const statements = [...datasetStatements(dataset, { dataVersion }), ...foi.statements]
  const [first, ...rest] = statements.map((s) => db.run(toSql(s)))
  if (!first) throw new Error('no statements to run')
  await db.batch([first, ...rest])
  return {
    hash: dataset.hash,
    dataVersion,
    counts: {
      sources: dataset.sources.length,
      bodies: dataset.bodies.length,
      bodyAliases: dataset.bodyAliases.length,
      suppliers: dataset.suppliers.length,
      supplierAliases: dataset.supplierAliases.length,
      programmes: dataset.programmes.length,
      programmeBodies: dataset.programmeBodies.length,
      pilots: dataset.pilots.length,
      pilotBodies: dataset.pilotBodies.length,
      pilotThemes: dataset.pilotThemes.length,
      contracts: dataset.contracts.length + foi.counts.contracts,
      savingsClaims: dataset.savingsClaims.length + foi.counts.claims,
      claimRelations: dataset.claimRelations.length,
      outcomes: dataset.outcomes.length + foi.counts.outcomes,
      hedges: dataset.hedges.length + foi.counts.hedges,
      unitCosts: dataset.unitCosts.length,
      customerSegments: dataset.customerSegments.length,
      foiRequests: dataset.foiRequests.length + foi.counts.foiRequests,
      citations: dataset.citations.length + foi.counts.citations,
    },
  }
}

/**
 * The FOI records of data/foi/, landed by ingest/foi in the same transaction (origin foi): an
 * unchanged record writes nothing, a changed one replaces its facts and keeps its earlier version.
 */
async function planFoiRecords(db: Db, dataset: Dataset) {
  const counts = { contracts: 0, claims: 0, outcomes: 0, foiRequests: 0, citations: 0, hedges: 0 }
  if (dataset.foiRecords.length === 0) return { statements: [] as Statement[], counts }
  const directory = await readDirectory(db, dataset)
  const problems: Array<PlanProblem & { file: string }> = []
  const statements: Statement[] = []
  const now = new Date()
  for (const parsed of dataset.foiRecords) {
    const found: PlanProblem[] = []
    if (parsed.record.attachments.length > 0) {
      found.push({ line: parsed.line, path: 'attachments', reason: 'records with attachments are landed with npm run ingest -- foi <file>, not from data/' })
    }
    const plan = found.length ? null : planRecord(parsed, directory, now, found)
    problems.push(...found.map((p) => ({ ...p, file: `foi/${parsed.file.split('/').pop()}` })))
    if (!plan || plan.status === 'unchanged') continue
    statements.push(...plan.statements)
    counts.contracts += plan.counts.contracts
    counts.claims += plan.counts.claims
    counts.outcomes += plan.counts.outcomes
    counts.citations += plan.counts.citations
    counts.hedges += plan.counts.hedges
    if (plan.status === 'landed') counts.foiRequests++
  }
  if (problems.length) {
    throw new DatasetError(problems.map((p) => ({ file: p.file, record: `line ${p.line ?? '?'}${p.path ? ` ${p.path}` : ''}`, reason: p.reason })))
  }
  return { statements, counts }
}

/**
 * A body that ingest created under another id may already hold a curated body's name (names
 * are unique). The batch would fail on it anyway; this says which record and what to do.
 */
async function refuseNameClashes(db: Db, dataset: Dataset): Promise<void> {
  const clashes = await db.all<{ id: string; name: string }>(sql`
    SELECT id, name FROM bodies
    WHERE origin <> 'curated'
      AND name IN (SELECT value FROM json_each(${JSON.stringify(dataset.bodies.map((b) => b.name))}))
      AND id NOT IN (SELECT value FROM json_each(${JSON.stringify(dataset.bodies.map((b) => b.id))}))`)
  if (clashes.length === 0) return
  const idByName = new Map(dataset.bodies.map((b) => [b.name, b.id]))
  throw new DatasetError(
    clashes.map((c) => ({
      file: 'bodies.yaml',
      record: idByName.get(c.name) ?? c.name,
      reason: `name "${c.name}" already belongs to ingested body "${c.id}" in the database: use id ${c.id} for this record, or merge the two first`,
    })),
  )
}

/**
 * Curated facts are upserted by id, and the upsert also writes origin: a curated record whose id
 * an FOI record or an ingest already holds would silently take that row over (its values, its
 * origin, and with it the right of the next data load to delete it). Refuse, naming the record.
 */
async function refuseIdTakeovers(db: Db, dataset: Dataset): Promise<void> {
  const tables = [
    { table: 'contracts', file: 'contracts.yaml', ids: dataset.contracts.map((r) => r.id) },
    { table: 'savings_claims', file: 'claims.yaml', ids: dataset.savingsClaims.map((r) => r.id) },
    { table: 'outcomes', file: 'outcomes.yaml', ids: dataset.outcomes.map((r) => r.id) },
    { table: 'foi_requests', file: 'foi.yaml', ids: dataset.foiRequests.map((r) => r.id) },
  ] as const
  const problems: Array<{ file: string; record: string; reason: string }> = []
  for (const { table, file, ids } of tables) {
    const taken = await db.all<{ id: string; origin: string }>(sql`
      SELECT id, origin FROM ${sql.identifier(table)}
      WHERE origin <> 'curated' AND id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
      ORDER BY id`)
    for (const row of taken) {
      problems.push({
        file,
        record: row.id,
        reason: `id "${row.id}" already belongs to a ${table.replace(/_/g, ' ')} row of origin ${row.origin} (${row.origin === 'foi' ? 'an FOI record' : 'an ingest'}): give this record another id; the curated data never takes over another loader's facts`,
      })
    }
  }
  if (problems.length) throw new DatasetError(problems)
}

/** A statement with ? placeholders as a drizzle SQL object with bound parameters. */
export function toSql(statement: Statement): SQL {
  const parts = statement.sql.split('?')
  const chunks: SQL[] = [sql.raw(parts[0] ?? '')]
  statement.params.forEach((param, i) => {
    chunks.push(sql`${param}`, sql.raw(parts[i + 1] ?? ''))
  })
  return sql.join(chunks)
}
