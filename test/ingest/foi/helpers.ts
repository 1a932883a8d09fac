import { createApp } from '../../../api/app'
import { loadDataset } from '../../../ingest/data/load'
import { readDataset } from '../../../ingest/data/read'
import { type FoiOptions, ingestFoiFile } from '../../../ingest/foi/ingest'
import { dataDir, openTestDb, type TestDb } from '../../helpers/db'
import type { Runtime } from '../../helpers/graphql'

export type FoiTestApi = TestDb & { rt: Runtime; ingest: (file: string, options?: FoiOptions) => ReturnType<typeof ingestFoiFile> }

/**
 * A real libsql file with the curated data loaded, the app in-process over it, and the FOI
 * ingest on it. `foiRecords: false` loads data/ without its FOI records, so a test can ingest them.
 */
export async function openFoiApi({ foiRecords = true }: { foiRecords?: boolean } = {}): Promise<FoiTestApi> {
  const t = await openTestDb({ dataset: false })
  const dataset = await readDataset(dataDir)
  await loadDataset(t.db, foiRecords ? dataset : { ...dataset, foiRecords: [] })
  const app = createApp({ db: () => t.db })
  return {
    ...t,
    rt: { name: 'node', fetch: async (path, init) => app.request(path, init) },
    ingest: (file, options = {}) => ingestFoiFile(t.db, file, { databasePath: t.path, ...options }),
  }
}

export async function rows<T = Record<string, unknown>>(t: TestDb, query: string): Promise<T[]> {
  const { sql } = await import('drizzle-orm')
  return t.db.all<T>(sql.raw(query))
}
