// Node only (the Node entry, tests and benches import it; the Worker never does): the database
// through libsql's synchronous driver. An embedded file answers in microseconds, so a request's
// statements run without the async client's thread hop and its row-object building.
import Database from 'libsql'
import type { Logger } from 'drizzle-orm/logger'
import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session'
import { SQLiteAsyncDatabase } from 'drizzle-orm/sqlite-core/async/db'
import { SQLiteDialect } from 'drizzle-orm/sqlite-core/dialect'
import type { Db } from '../schema/db'
import { relations } from '../schema/relations'

/**
 * The drizzle client over an embedded libsql file (`path` without `file:`). libsql's Database has
 * better-sqlite3's API, so drizzle's better-sqlite3 session drives it; its driver module is not
 * used because it imports the better-sqlite3 package itself, which we do not install.
 */
export function dbFromFile(path: string, options: { logger?: Logger; jit?: boolean } = {}): { db: Db; close(): void } {
  const database = new Database(path)
  // WAL lets the API keep reading while `ingest spend` writes a large file into the same database.
  database.pragma('journal_mode = WAL')
  const dialect = new SQLiteDialect({ useJitMappers: options.jit ?? false })
  const session = new BetterSQLiteSession(database as never, dialect, relations, { logger: options.logger })
  const db = new SQLiteAsyncDatabase('sync', dialect, session as never, relations) as unknown as Db
  return { db, close: () => database.close() }
}
