// SQL text derived from the drizzle table definitions, so ingest's hand-written statements name
// columns through the tables' keys: renaming a column in schema/tables fails typecheck here
// instead of failing a run.
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'

/** The quoted SQL name of `table`'s column `key`. */
export function col<T extends SQLiteTable>(table: T, key: Extract<keyof T['_']['columns'], string>): string {
  const column = getTableColumns(table)[key]
  if (!column) throw new Error(`${getTableName(table)} has no column ${key}`)
  return `"${column.name}"`
}

type Key<T extends SQLiteTable> = Extract<keyof T['_']['columns'], string>

/**
 * `INSERT INTO table (cols) VALUES (?, …)`, `rows` rows of placeholders at once. `constants`:
 * columns whose value is the same in every row, written into the statement as literals rather
 * than bound row by row (binding a value is most of what an insert costs through the driver).
 */
export function insertSql<T extends SQLiteTable>(
  table: T,
  keys: readonly Key<T>[],
  rows = 1,
  constants: Partial<Record<Key<T>, string | number>> = {},
): string {
  const fixed = Object.entries(constants) as Array<[Key<T>, string | number]>
  const one = `(${[...fixed.map(([, v]) => literal(v)), ...keys.map(() => '?')].join(', ')})`
  const columns = [...fixed.map(([k]) => k), ...keys].map((k) => col(table, k)).join(', ')
  return `INSERT INTO "${getTableName(table)}" (${columns}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`
}

/** A value as an SQL literal: a finite number as written, a string quoted. */
function literal(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`)
    return String(value)
  }
  // SQLite reads statement text only up to a NUL: one inside a literal would cut the statement short.
  if (value.includes('\0')) throw new Error(`an SQL literal cannot hold a NUL character: ${JSON.stringify(value)}`)
  return `'${value.replace(/'/g, "''")}'`
}
