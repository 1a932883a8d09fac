import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@libsql/client'
import { type AppOptions, createApp } from '../../api/app'
import { dbFromFile } from '../../api/node-db'
import { readDataset } from '../../ingest/data/read'
import { loadDataset } from '../../ingest/data/load'
import type { Db } from '../../schema/db'
import { dbFromLibsql } from '../../schema/client'
import { migrate } from '../../schema/migrate'
import type { Runtime } from './graphql'

const root = fileURLToPath(new URL('../../', import.meta.url))
export const dataDir = `${root}data/`

export interface TestDb {
  db: Db
  url: string
  path: string
  /** Every SQL statement drizzle ran, in order; clear it with sql.length = 0. */
  sql: string[]
  close(): void
}

/** A spend file to ingest with `npm run ingest -- spend`, and the body to give it when the file has no body column. */
export interface SpendFixture {
  file: string
  body?: string
}

/**
 * A real embedded libsql file in a fresh temp folder, migrated, optionally loaded with the shipped
 * dataset and with spend files ingested through the real CLI.
 */
export async function openTestDb({ dataset = true, spend = [] }: { dataset?: boolean; spend?: SpendFixture[] } = {}): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-'))
  const path = join(dir, 'test.db')
  const url = `file:${path}`
  const client = createClient({ url })
  const sql: string[] = []
  const db = dbFromLibsql(client, { logger: { logQuery: (query) => sql.push(query) } })
  await migrate(db)
  if (dataset) await loadDataset(db, await readDataset(dataDir))
  for (const { file, body } of spend) {
    const args = ['tsx', 'ingest/cli.ts', 'spend', file, '--db', url, '--json', ...(body ? ['--body', body] : [])]
    const run = spawnSync('npx', args, { cwd: root, encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`ingest of ${file} failed (${run.status}):\n${run.stdout}\n${run.stderr}`)
  }
  sql.length = 0
  return {
    db,
    url,
    path,
    sql,
    close: () => {
      client.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A test database with the app in-process over it: the Node runtime of the contract suite. */
export type TestApi = TestDb & { rt: Runtime; app: ReturnType<typeof createApp> }

/**
 * The app reads through the synchronous libsql driver, as `npm start` serves an embedded file;
 * the fixture is written through the async client. Both log into `sql`.
 */
export async function openTestApi(options: { dataset?: boolean; spend?: SpendFixture[]; app?: Omit<AppOptions<object>, 'db'> } = {}): Promise<TestApi> {
  const t = await openTestDb(options)
  const served = dbFromFile(t.path, { logger: { logQuery: (query) => t.sql.push(query) } })
  const app = createApp({ db: () => served.db, ...options.app })
  const close = () => {
    served.close()
    t.close()
  }
  return { ...t, close, app, rt: { name: 'node', fetch: async (path, init) => app.request(path, init) } }
}
