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

/** `INSERT INTO table (cols) VALUES (?, …)`, `rows` rows of placeholders at once. */
export function insertSql<T extends SQLiteTable>(table: T, keys: readonly (Extract<keyof T['_']['columns'], string>)[], rows = 1): string {
  const one = `(${keys.map(() => '?').join(', ')})`
  return `INSERT INTO "${getTableName(table)}" (${keys.map((k) => col(table, k)).join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`
}
