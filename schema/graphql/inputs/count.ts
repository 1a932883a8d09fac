import { type SQL, and, sql } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db'

/** A root connection's filter as SQL over a table, so the page and its totalCount agree. */
export type TableFilter<T extends SQLiteTable> = (table: T) => SQL

export function allOf<T extends SQLiteTable>(...parts: Array<TableFilter<T> | undefined | false>): TableFilter<T> {
  return (table) => and(...parts.filter((p): p is TableFilter<T> => Boolean(p)).map((p) => p(table))) ?? sql`1 = 1`
}

export function countWhere<T extends SQLiteTable>(db: Db, table: T, filter: TableFilter<T>): Promise<number> {
  return db.$count(table, filter(table))
}
