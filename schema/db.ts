import type { SQLiteAsyncDatabase } from 'drizzle-orm/sqlite-core/async/db'
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { Relations } from './relations'

/**
 * The database as api/ and schema/ see it: any async SQLite-dialect drizzle client
 * (libsql file or HTTP, or a D1 binding) built with our relations.
 */
export type Db = SQLiteAsyncDatabase<'async', unknown, Relations> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>
}
