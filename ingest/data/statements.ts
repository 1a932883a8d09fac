import { getTableColumns, getTableName } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import * as t from '../../schema/tables'
import type { Dataset } from './read'

// The dataset load as plain SQL statements with ? placeholders: the same list runs as one
// db.batch on libsql/D1 (load.ts). D1 is seeded from the whole database by `npm run ingest -- d1`.

export type SqlValue = string | number | null

export interface Statement {
  sql: string
  params: SqlValue[]
}

/** D1 refuses statements with more than 100 bound parameters; stay under it. */
const MAX_PARAMS = 100

export interface StatementOptions {
  /** The data_version written to meta; unique per load. */
  dataVersion: string
}

/** Every write of one dataset load, in an order that satisfies the foreign keys at each step. */
export function datasetStatements(dataset: Dataset, options: StatementOptions): Statement[] {
  const out: Statement[] = []
  const push = (sql: string, ...params: SqlValue[]) => out.push({ sql, params })
  const json = (values: string[]) => JSON.stringify(values)
  const inList = (column: string) => `${column} IN (SELECT value FROM json_each(?))`

  // 1. Tables only the curated dataset writes are replaced wholesale, children first; of the
  //    citations and hedges, only the curated ones. Facts other loaders wrote (origin ingest or foi) stay.
  push(`DELETE FROM citations WHERE origin = 'curated'`)
  push(`DELETE FROM hedges WHERE origin = 'curated'`)
  for (const table of [
    t.customerSegments,
    t.unitCosts,
    t.claimRelations,
    t.totalPlacePilotThemes,
    t.totalPlacePilotBodies,
    t.totalPlacePilots,
    t.programmeBodies,
  ]) {
    push(`DELETE FROM ${name(table)}`)
  }

  // 2. Sources are upserted; curated ones dropped from data/ go at the end, once unreferenced.
  out.push(...upsert(t.sources, dataset.sources, ['id']))

  // 3. Bodies and suppliers are upserted as curated rows. A curated row removed from data/
  //    must not block a new row taking its name, so it gives the name up first.
  const bodyIds = json(dataset.bodies.map((b) => b.id))
  push(
    `UPDATE bodies SET name = name || ' (removed from data: ' || id || ')' WHERE origin = 'curated' AND NOT ${inList('id')} AND ${inList('name')}`,
    bodyIds,
    json(dataset.bodies.map((b) => b.name)),
  )
  out.push(...upsert(t.bodies, dataset.bodies, ['id']))
  out.push(...upsert(t.suppliers, dataset.suppliers, ['id']))

  // 4. Aliases: the curated set wins over an ingest row with the same key (it is reassigned,
  //    keeping its id); curated aliases no longer in data/ are dropped.
  out.push(...updateThenInsert(t.bodyAliases, dataset.bodyAliases, 'normalised'))
  push(`DELETE FROM body_aliases WHERE origin = 'curated' AND NOT ${inList('normalised')}`, json(dataset.bodyAliases.map((a) => a.normalised)))
  out.push(...updateThenInsert(t.supplierAliases, dataset.supplierAliases, 'rawName'))
  push(`DELETE FROM supplier_aliases WHERE origin = 'curated' AND NOT ${inList('raw_name')}`, json(dataset.supplierAliases.map((a) => a.rawName)))

  // 5. The curated facts, parents before children. Facts are upserted by id, so an FOI
  //    record's facts that point at them (a claim on a curated contract) keep their target.
  const curated = <R extends Row>(rows: R[]) => rows.map((r) => ({ ...r, origin: 'curated' }))
  out.push(...upsert(t.programmes, dataset.programmes, ['id']))
  out.push(...insert(t.programmeBodies, dataset.programmeBodies))
  out.push(...insert(t.totalPlacePilots, dataset.pilots))
  out.push(...insert(t.totalPlacePilotBodies, dataset.pilotBodies))
  out.push(...insert(t.totalPlacePilotThemes, dataset.pilotThemes))
  out.push(...upsert(t.contracts, curated(dataset.contracts), ['id']))
  out.push(...upsert(t.savingsClaims, curated(dataset.savingsClaims), ['id']))
  out.push(...insert(t.claimRelations, dataset.claimRelations))
  out.push(...upsert(t.outcomes, curated(dataset.outcomes), ['id']))
  out.push(...insert(t.unitCosts, dataset.unitCosts))
  out.push(...insert(t.customerSegments, dataset.customerSegments))
  out.push(...insert(t.hedges, dataset.hedges))
  out.push(...upsert(t.foiRequests, curated(dataset.foiRequests), ['id']))
  out.push(...insert(t.citations, dataset.citations))

  // Curated facts no longer in data/ go, children first, unless another loader's row points at them.
  const dropRemoved = (table: SQLiteTable, ids: string[], refs: Array<[table: string, column: string]>, curatedOnly = true) =>
    push(
      `DELETE FROM ${name(table)} WHERE ${curatedOnly ? "origin = 'curated' AND " : ''}NOT ${inList('id')}` + notReferenced(`${name(table)}.id`, refs),
      json(ids),
    )
  dropRemoved(t.outcomes, dataset.outcomes.map((o) => o.id), [['citations', 'outcome_id'], ['foi_facts', 'outcome_id']])
  dropRemoved(t.savingsClaims, dataset.savingsClaims.map((c) => c.id), [['outcomes', 'claim_id'], ['citations', 'claim_id'], ['foi_facts', 'claim_id']])
  dropRemoved(t.foiRequests, dataset.foiRequests.map((f) => f.id), [['citations', 'foi_request_id'], ['foi_facts', 'foi_request_id'], ['foi_record_versions', 'foi_request_id']])
  dropRemoved(t.contracts, dataset.contracts.map((c) => c.id), [['savings_claims', 'contract_id'], ['citations', 'contract_id'], ['foi_facts', 'contract_id']])
  // Programmes are only ever curated; one goes once no fact of any origin names it.
  dropRemoved(
    t.programmes,
    dataset.programmes.map((p) => p.id),
    [['contracts', 'programme_id'], ['savings_claims', 'programme_id'], ['outcomes', 'programme_id'], ['total_place_pilots', 'programme_id'], ['citations', 'programme_id'], ['programmes', 'parent_id']],
    false,
  )

  // 6. Curated bodies, suppliers and sources no longer in data/ are deleted only when nothing
  //    (an ingested payment, spend file or alias) still points at them.
  push(
    `DELETE FROM bodies WHERE origin = 'curated' AND NOT ${inList('id')}` +
      notReferenced('bodies.id', [
        ['body_aliases', 'body_id'],
        ['payments', 'body_id'],
        ['spend_files', 'body_id'],
        ['spend_rollup', 'body_id'],
        ['spend_rollup_body', 'body_id'],
        ['spend_rollup_supplier', 'body_id'],
        ['spend_rollup_year', 'body_id'],
        ['contracts', 'buyer_id'],
        ['savings_claims', 'claimant_id'],
        ['outcomes', 'body_id'],
        ['foi_requests', 'authority_id'],
        ['programme_bodies', 'body_id'],
        ['total_place_pilot_bodies', 'body_id'],
        ['citations', 'body_id'],
        ['foi_files', 'body_id'],
      ]),
    bodyIds,
  )
  push(
    `DELETE FROM suppliers WHERE origin = 'curated' AND NOT ${inList('id')}` +
      notReferenced('suppliers.id', [
        ['supplier_aliases', 'supplier_id'],
        ['payments', 'supplier_id'],
        ['spend_rollup', 'supplier_id'],
        ['spend_rollup_supplier', 'supplier_id'],
        ['spend_rollup_year', 'supplier_id'],
        ['contracts', 'supplier_id'],
        ['citations', 'supplier_id'],
      ]),
    json(dataset.suppliers.map((s) => s.id)),
  )
  const sourceIds = json(dataset.sources.map((s) => s.id))
  push(
    `DELETE FROM sources WHERE id IN (SELECT value FROM json_each(COALESCE((SELECT value FROM meta WHERE key = 'data_source_ids'), '[]'))) AND NOT ${inList('id')}` +
      notReferenced('sources.id', [
        ['citations', 'source_id'],
        ['foi_requests', 'response_source_id'],
        ['spend_files', 'source_id'],
        ['body_aliases', 'source_id'],
        ['supplier_aliases', 'source_id'],
      ]),
    sourceIds,
  )

  // 7. What is loaded, for skipping unchanged data and for cache keys.
  out.push(
    ...upsert(
      t.meta,
      [
        { key: 'dataset_hash', value: dataset.hash },
        { key: 'data_version', value: options.dataVersion },
        // Sources has no origin column, so the curated set's ids are remembered here.
        { key: 'data_source_ids', value: sourceIds },
      ],
      ['key'],
    ),
  )
  return out
}

type Row = Record<string, unknown>

function name(table: SQLiteTable): string {
  return getTableName(table)
}

/** Column keys to write for these rows: every key of the first row, in the table's order. */
function columnsOf(table: SQLiteTable, rows: Row[]): Array<[key: string, column: string]> {
  const columns = getTableColumns(table) as Record<string, { name: string }>
  const first = rows[0] ?? {}
  return Object.entries(columns)
    .filter(([key]) => key in first)
    .map(([key, col]) => [key, col.name])
}

/** Multi-row INSERTs of `rows`, each statement under D1's bound-parameter limit. */
export function insert(table: SQLiteTable, rows: Row[], suffix = ''): Statement[] {
  if (rows.length === 0) return []
  const columns = columnsOf(table, rows)
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  const out: Statement[] = []
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement)
    const tuple = `(${columns.map(() => '?').join(', ')})`
    out.push({
      sql: `INSERT INTO ${name(table)} (${columns.map(([, c]) => c).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}${suffix}`,
      params: chunk.flatMap((row) => columns.map(([key]) => value(row[key], `${name(table)}.${key}`))),
    })
  }
  return out
}

/** INSERT ... ON CONFLICT(key) DO UPDATE: existing rows keep their identity, take the new values. */
export function upsert(table: SQLiteTable, rows: Row[], conflictKeys: string[]): Statement[] {
  if (rows.length === 0) return []
  const columns = columnsOf(table, rows)
  const byKey = new Map(columns)
  const target = conflictKeys.map((k) => byKey.get(k) ?? k)
  const updates = columns.filter(([key]) => !conflictKeys.includes(key)).map(([, c]) => `${c} = excluded.${c}`)
  const suffix = ` ON CONFLICT (${target.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`
  return insert(table, rows, suffix)
}

/**
 * For tables with AUTOINCREMENT ids: update the rows whose key exists, insert the rest. An
 * INSERT ... ON CONFLICT DO UPDATE would keep the ids too but still advance sqlite_sequence, so
 * loading the same data twice would not leave the database byte-for-byte unchanged.
 */
function updateThenInsert(table: SQLiteTable, rows: Row[], key: string): Statement[] {
  if (rows.length === 0) return []
  const columns = columnsOf(table, rows)
  const keyIndex = columns.findIndex(([k]) => k === key)
  const keyColumn = columns[keyIndex]?.[1]
  if (!keyColumn) throw new Error(`${name(table)} rows lack their key ${key}`)
  const v = (i: number) => `v.column${i + 1}`
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  const out: Statement[] = []
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement)
    const tuple = `(${columns.map(() => '?').join(', ')})`
    const values = `(VALUES ${chunk.map(() => tuple).join(', ')}) AS v`
    const params = chunk.flatMap((row) => columns.map(([k]) => value(row[k], `${name(table)}.${k}`)))
    const sets = columns.map(([, c], j) => `${c} = ${v(j)}`).filter((_, j) => j !== keyIndex)
    out.push({ sql: `UPDATE ${name(table)} SET ${sets.join(', ')} FROM ${values} WHERE ${name(table)}.${keyColumn} = ${v(keyIndex)}`, params })
    out.push({
      sql: `INSERT INTO ${name(table)} (${columns.map(([, c]) => c).join(', ')}) SELECT * FROM ${values} WHERE NOT EXISTS (SELECT 1 FROM ${name(table)} WHERE ${name(table)}.${keyColumn} = ${v(keyIndex)})`,
      params,
    })
  }
  return out
}

function notReferenced(column: string, refs: Array<[table: string, column: string]>): string {
  return refs.map(([table, col]) => ` AND NOT EXISTS (SELECT 1 FROM ${table} WHERE ${table}.${col} = ${column})`).join('')
}

function value(v: unknown, where: string): SqlValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number' || typeof v === 'string') return v
  throw new Error(`cannot write ${typeof v} to ${where}`)
}
