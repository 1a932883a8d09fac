// The supplier resolver reads the aliases' stored normalised keys as they are (recomputing them for
// every file cost seconds at national scale). So every writer of supplier_aliases must store
// exactly normaliseSupplierName(raw_name): checked here after each writer has run.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../ingest/data/load'
import { readDataset } from '../../../ingest/data/read'
import { ingestFoiFile } from '../../../ingest/foi/ingest'
import { normaliseSupplierName } from '../../../ingest/resolve/normalise'
import { dataDir, openTestDb, type TestDb } from '../../helpers/db'

const root = fileURLToPath(new URL('../../../', import.meta.url))
let t: TestDb

async function staleKeys(): Promise<{ count: number; stale: unknown[] }> {
  const rows = await t.db.all<{ raw: string; key: string | null; origin: string }>(sql`SELECT raw_name AS raw, normalised AS key, origin FROM supplier_aliases`)
  return { count: rows.length, stale: rows.filter((r) => r.key !== normaliseSupplierName(r.raw)) }
}

beforeAll(async () => {
  t = await openTestDb({ dataset: false })
})
afterAll(() => t?.close())

describe('stored supplier alias keys', () => {
  it('are the normalised raw names after the curated data loads', async () => {
    const dataset = await readDataset(dataDir)
    await loadDataset(t.db, { ...dataset, foiRecords: [] })
    const { count, stale } = await staleKeys()
    expect(count).toBeGreaterThan(0)
    expect(stale).toEqual([])
  })

  it('are the normalised raw names after an FOI record is ingested', async () => {
    const before = (await staleKeys()).count
    // The shipped record, its firm renamed to one data/ does not know, so the FOI writer registers it with an alias.
    const text = readFileSync(`${dataDir}foi/dclg-tribal-total-place-contracts.yaml`, 'utf8')
    expect(text).toContain('supplier: Tribal')
    const dir = mkdtempSync(join(tmpdir(), 'stored-keys-'))
    const file = join(dir, 'record.yaml')
    writeFileSync(file, text.replaceAll('supplier: Tribal', 'supplier: "Nova  Partners (UK) Ltd."'))
    await ingestFoiFile(t.db, file, { databasePath: t.path })
    rmSync(dir, { recursive: true, force: true })
    const { count, stale } = await staleKeys()
    const foi = await t.db.all(sql`SELECT 1 FROM supplier_aliases WHERE origin = 'foi'`)
    expect(foi.length).toBeGreaterThan(0)
    expect(count).toBe(before + foi.length)
    expect(stale).toEqual([])
  })

  it('are the normalised raw names after a spend file is ingested, and after data/ loads again over it', async () => {
    const before = (await staleKeys()).count
    const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'spend', `${dataDir}spend/cabinet-office/cabinetoffice_2019-06.csv.gz`, '--db', t.url, '--json', '--new-body', 'Cabinet Office'], { cwd: root, encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const after = await staleKeys()
    // The file names suppliers data/ does not: the resolver wrote aliases of its own.
    expect(after.count).toBeGreaterThan(before)
    expect(after.stale).toEqual([])
    await loadDataset(t.db, await readDataset(dataDir))
    expect((await staleKeys()).stale).toEqual([])
  })
})
