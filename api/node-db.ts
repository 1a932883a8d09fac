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

type Connection = InstanceType<typeof Database>
type Statement = ReturnType<Connection['prepare']>

/**
 * A value the driver can bind. drizzle's better-sqlite3 session passes parameters as they come,
 * and libsql's synchronous driver aborts the whole process ("not yet implemented: bool") on a
 * boolean: booleans become 0/1 as SQLite stores them, anything else not plain is refused as an
 * ordinary error, so one odd value fails one request, never the server.
 */
export function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value
  if (value instanceof Uint8Array) return value
  throw new TypeError(`Cannot bind a ${Array.isArray(value) ? 'array' : typeof value} as an SQL parameter`)
}

const BINDING = new Set(['all', 'get', 'run', 'iterate'])

/**
 * The statement with every binding call's parameters passed through bindable(). A statement is
 * kept and reused across requests, so each call states its row mode: raw() (arrays) for calls made
 * through it, objects otherwise, whatever the previous user of the statement asked for.
 */
function guardedStatement(statement: Statement, raw: boolean): Statement {
  return new Proxy(statement, {
    get(target, key) {
      const member = Reflect.get(target, key, target) as unknown
      if (typeof member !== 'function') return member
      if (key === 'raw') return (toggle?: boolean) => guardedStatement(target, toggle ?? true)
      if (typeof key === 'string' && BINDING.has(key)) {
        return (...params: unknown[]) => {
          target.raw(raw)
          return member.apply(target, params.map(bindable))
        }
      }
      return member.bind(target)
    },
  })
}

/** Statements kept per database; a full cache starts over rather than grow with odd queries. */
const MAX_STATEMENTS = 500

/**
 * The database with prepare() handing out guarded statements, each SQL text prepared once:
 * drizzle prepares every query anew, and preparing is a visible share of a small request's time.
 */
function guarded(database: Connection): Connection {
  const statements = new Map<string, Statement>()
  return new Proxy(database, {
    get(target, key) {
      const member = Reflect.get(target, key, target) as unknown
      if (key === 'prepare') {
        return (sql: string) => {
          let statement = statements.get(sql)
          if (!statement) {
            if (statements.size >= MAX_STATEMENTS) statements.clear()
            statement = target.prepare(sql)
            statements.set(sql, statement)
          }
          return guardedStatement(statement, false)
        }
      }
      return typeof member === 'function' ? member.bind(target) : member
    },
  })
}

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
  const session = new BetterSQLiteSession(guarded(database) as never, dialect, relations, { logger: options.logger })
  const db = new SQLiteAsyncDatabase('sync', dialect, session as never, relations) as unknown as Db
  return { db, close: () => database.close() }
}
