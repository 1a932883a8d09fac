import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../schema/db'
import { type Dataset, DatasetError } from './read'
import { type Statement, datasetStatements } from './statements'

export interface LoadSummary {
  hash: string
  dataVersion: string
  /** Rows written per table (curated rows only). */
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
  const dataVersion = options.dataVersion ?? `data:${dataset.hash.slice(0, 12)}:${Date.now()}`
  const statements = datasetStatements(dataset, { dataVersion })
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
      contracts: dataset.contracts.length,
      savingsClaims: dataset.savingsClaims.length,
      claimRelations: dataset.claimRelations.length,
      outcomes: dataset.outcomes.length,
      hedges: dataset.hedges.length,
      unitCosts: dataset.unitCosts.length,
      customerSegments: dataset.customerSegments.length,
      foiRequests: dataset.foiRequests.length,
      citations: dataset.citations.length,
    },
  }
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

/** A statement with ? placeholders as a drizzle SQL object with bound parameters. */
function toSql(statement: Statement): SQL {
  const parts = statement.sql.split('?')
  const chunks: SQL[] = [sql.raw(parts[0] ?? '')]
  statement.params.forEach((param, i) => {
    chunks.push(sql`${param}`, sql.raw(parts[i + 1] ?? ''))
  })
  return sql.join(chunks)
}
