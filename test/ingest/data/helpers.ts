import { createHash } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Client, createClient } from '@libsql/client'
import { parse, stringify } from 'yaml'
import { dbFromLibsql } from '../../../schema/client'
import type { Db } from '../../../schema/db'
import { migrate } from '../../../schema/migrate'

/** The shipped data folder. */
export const dataDir = fileURLToPath(new URL('../../../data/', import.meta.url))

export interface TempDb {
  url: string
  client: Client
  db: Db
  close: () => Promise<void>
}

const cleanups: Array<() => Promise<void>> = []

/** Removes every temp folder and client made by these helpers; call from afterAll/afterEach. */
export async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()?.()
}

export async function tempDir(prefix = 'consultwatch-data-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A migrated libsql file database in a fresh temp folder. */
export async function tempDb(): Promise<TempDb> {
  const url = `file:${join(await tempDir(), 'test.db')}`
  const client = createClient({ url })
  const db = dbFromLibsql(client)
  await migrate(db)
  const close = async () => client.close()
  cleanups.push(close)
  return { url, client, db, close }
}

/** A copy of data/ to break, with a helper to edit one file's records. */
export async function dataCopy(): Promise<{ dir: string; edit: (file: string, change: (records: Record<string, unknown>[]) => void) => Promise<void> }> {
  const dir = join(await tempDir(), 'data')
  await cp(dataDir, dir, { recursive: true })
  return {
    dir,
    async edit(file, change) {
      const records = parse(await readFile(join(dir, file), 'utf8')) as Record<string, unknown>[]
      change(records)
      await writeFile(join(dir, file), stringify(records))
    },
  }
}

/** The records of one shipped data file, as plain YAML data. */
export async function shippedRecords(file: string): Promise<Record<string, unknown>[]> {
  return parse(await readFile(join(dataDir, file), 'utf8')) as Record<string, unknown>[]
}

/** Every table's rows (including meta and sqlite_sequence), in a stable order. */
export async function snapshot(
  client: Client,
  options: { ignoreMeta?: string[]; ignoreTables?: string[] } = {},
): Promise<Record<string, unknown[]>> {
  const tables = await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables.rows) {
    const table = String(name)
    if (options.ignoreTables?.includes(table)) continue
    const result = await client.execute(`SELECT * FROM "${table}"`)
    const rows = result.rows.map((row) => Object.fromEntries(result.columns.map((c) => [c, row[c]])))
    out[table] = rows
      .filter((row) => !(table === 'meta' && options.ignoreMeta?.includes(String(row.key))))
      .map((row) => JSON.stringify(row))
      .sort()
  }
  return out
}

export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

export async function count(client: Client, table: string): Promise<number> {
  const result = await client.execute(`SELECT count(*) AS n FROM "${table}"`)
  return Number(result.rows[0]?.n)
}
