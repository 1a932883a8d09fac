import { sql } from 'drizzle-orm'
import { migrations } from '../migrations/sql'
import type { Db } from './db'

const LEDGER = '__consultwatch_migrations'

/** Applies every migration not yet recorded, each in one batch (a transaction on libsql and D1). */
export async function migrate(db: Db): Promise<string[]> {
  await db.run(sql.raw(`CREATE TABLE IF NOT EXISTS ${LEDGER} (tag TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`))
  const done = new Set((await db.all<{ tag: string }>(sql.raw(`SELECT tag FROM ${LEDGER}`))).map((r) => r.tag))
  const applied: string[] = []
  for (const { tag, statements } of migrations) {
    if (done.has(tag)) continue
    const record = sql`INSERT INTO ${sql.raw(LEDGER)} (tag, applied_at) VALUES (${tag}, ${new Date().toISOString()})`
    // drizzle-kit rebuilds a table (create, copy, drop, rename) between PRAGMA foreign_keys=OFF/ON,
    // but SQLite ignores that pragma inside a transaction, so on a database with rows the drop
    // fails. Turn the checks off around the batch instead, and check every key before going on.
    const rebuildsTables = statements.some((s) => /^PRAGMA foreign_keys\s*=\s*OFF/i.test(s))
    if (rebuildsTables) await db.run(sql.raw('PRAGMA foreign_keys = OFF'))
    try {
      await db.batch([db.run(record), ...statements.map((s) => db.run(sql.raw(s)))])
      if (rebuildsTables) {
        const broken = await db.all(sql.raw('PRAGMA foreign_key_check'))
        if (broken.length) throw new Error(`migration ${tag} left ${broken.length} rows whose foreign keys point nowhere: ${JSON.stringify(broken.slice(0, 3))}`)
      }
    } finally {
      if (rebuildsTables) await db.run(sql.raw('PRAGMA foreign_keys = ON'))
    }
    applied.push(tag)
  }
  return applied
}

/** The migrations as one SQL script, for D1's `wrangler d1 execute --file`. */
export function migrationScript(): string {
  const lines = [`CREATE TABLE IF NOT EXISTS ${LEDGER} (tag TEXT PRIMARY KEY, applied_at TEXT NOT NULL);`]
  for (const { tag, statements } of migrations) {
    lines.push(...statements.map((s) => `${s};`))
    lines.push(`INSERT OR IGNORE INTO ${LEDGER} (tag, applied_at) VALUES ('${tag}', '1970-01-01T00:00:00.000Z');`)
  }
  return lines.join('\n')
}
