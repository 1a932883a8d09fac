// The database a spend ingest writes to: a local SQLite file, migrated through the same
// migrate() the API uses (over @libsql/client), then opened with the synchronous `libsql`
// driver for landing — one statement per row through @libsql/client is ~7x slower and holds
// every row in memory.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { createClient } from '@libsql/client'
import Database from 'libsql'
import { dbFromLibsql } from '../../schema/client'
import { DatabaseUrlError, DEFAULT_DB_URL, filePathOf } from '../../schema/database-url'
import { migrate, migrationScript } from '../../schema/migrate'
import { ThreadWriter, type Writer } from './writer'

export { DatabaseUrlError, DEFAULT_DB_URL }

/** `file:path`, `file:///abs/path`, a bare path, or `:memory:` -> a path; remote URLs are refused. */
export function databasePath(url: string): string {
  const path = filePathOf(url)
  if (path === null) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
    throw new DatabaseUrlError(
      `ingest writes to a local SQLite file, not to "${scheme}:" URLs (Turso/remote libsql is not supported for ingest yet): ingest into a file, then upload it (e.g. turso db import)`,
    )
  }
  return path
}

export interface LandingDatabase {
  db: Database.Database
  path: string
  /**
   * The writer thread every file of a run lands through (a file database only): started once,
   * not once a file, so a folder or the shipped dataset does not pay a thread's start-up per file.
   */
  writer?: () => Writer
  close(): void
}

/**
 * Opens (creating the folder if needed) and migrates the database for landing. A dry run on a
 * database that does not exist yet uses an in-memory copy of the schema, so it creates nothing.
 */
export async function openLandingDatabase(url: string, options: { dryRun?: boolean } = {}): Promise<LandingDatabase> {
  const path = databasePath(url)
  if (path === ':memory:' || (options.dryRun && !existsSync(path))) {
    const db = new Database(':memory:')
    db.exec(migrationScript())
    configureLanding(db)
    return { db, path: ':memory:', close: () => db.close() }
  }
  const absolute = resolve(path)
  mkdirSync(dirname(absolute), { recursive: true })
  const client = createClient({ url: `file:${absolute}` })
  try {
    await migrate(dbFromLibsql(client))
  } finally {
    client.close()
  }
  const db = new Database(absolute)
  configureLanding(db)
  let shared: ThreadWriter | null = null
  return {
    db,
    path: absolute,
    writer: () => {
      if (!shared || shared.broken) shared = new ThreadWriter(absolute, LANDING_PRAGMAS)
      return shared
    },
    close: () => {
      // Every file has committed or rolled back by now; the thread closes its connection and ends.
      void shared?.close()
      db.close()
    },
  }
}

/**
 * Connection settings for landing. libsql enforces foreign keys by default; landing does not
 * need the check per row (every payment's file, body and supplier are written or looked up
 * by us in the same transaction, and the tests run PRAGMA foreign_key_check after ingest),
 * and it costs a quarter of the insert time. A 16 MB page cache (SQLite's default is 2 MB)
 * spills less often; bigger caches made peak memory grow with the file (the index builds' sorter
 * takes up to the cache's size: 64 MB gave +26% RSS from 1M to 5M rows, 16 MB +5%); temp_store = FILE
 * because this libsql build keeps temporary tables in memory by default, and building an
 * index or grouping a big file's payments would then grow memory with the file. Durability is
 * untouched: the commit is as safe as SQLite's defaults make it. The raw baseline in bench/
 * uses these settings too.
 */
export const LANDING_PRAGMAS = ['busy_timeout = 10000', 'foreign_keys = OFF', 'cache_size = -16384', 'temp_store = FILE'] as const

export function configureLanding(db: Database.Database): void {
  for (const pragma of LANDING_PRAGMAS) db.pragma(pragma)
}
