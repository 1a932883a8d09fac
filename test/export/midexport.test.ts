// An export is read a page at a time; a file that lands between pages changes the totals the
// pages are ordered by. Such an answer must fail where the client sees it, never end as complete.
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportRoutes } from '../../api/export/routes'
import { BACKFILL_ACROSS_FILES_SQL } from '../../ingest/spend/rollup'
import type { Db } from '../../schema/db'
import { openTestDb, type TestDb } from '../helpers/db'

let t: TestDb
const app = new Hono<{ Variables: { db: Db } }>()
app.use('*', async (c, next) => {
  c.set('db', t.db)
  await next()
})
// Two groups a page, so six suppliers take several pages.
app.route('/v1', exportRoutes({ maxAgeSeconds: 60, pageRows: 2 }))

const supplierTotals: Array<[string, number]> = [['a', 900], ['b', 800], ['c', 700], ['d', 600], ['e', 500], ['f', 400]]

async function landFile(fileId: number, supplier: string, pence: number, version: string) {
  await t.db.run(sql`INSERT INTO spend_rollup (spend_file_id, body_id, supplier_id, payee_class, month, currency, vat_basis, total_pence, payments)
    VALUES (${fileId}, 'b1', ${supplier}, 'company', '2011-02', 'GBP', 'net', ${pence}, 1)`)
  // The rollups across files (which supplier groupings read) refilled from the wide rows.
  await t.db.run(sql`DELETE FROM spend_rollup_supplier`)
  await t.db.run(sql`DELETE FROM spend_rollup_year`)
  for (const statement of BACKFILL_ACROSS_FILES_SQL) await t.db.run(sql.raw(statement))
  await t.db.run(sql`INSERT INTO meta (key, value) VALUES ('data_version', ${version}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
}

const idsOf = async (res: Response) => (await res.text()).trim().split('\r\n').slice(1).map((l) => l.split(',')[0])
/** The suppliers in export order, straight from one GROUP BY. */
async function directOrder(): Promise<string[]> {
  const rows = await t.db.all<{ s: string }>(sql`SELECT supplier_id AS s FROM spend_rollup GROUP BY 1 ORDER BY SUM(total_pence) DESC, 1`)
  return rows.map((r) => r.s)
}

beforeAll(async () => {
  t = await openTestDb({ dataset: false })
  await t.db.run(sql`PRAGMA foreign_keys = OFF`)
  for (const [s, p] of supplierTotals) await landFile(1, s, p, 'v1')
})
afterAll(() => t?.close())

describe('/v1/spend.csv while a file lands', () => {
  it('serves every group once when nothing changes', async () => {
    const res = await app.request('/v1/spend.csv?groupBy=supplier')
    expect(res.status).toBe(200)
    expect(await idsOf(res)).toEqual(await directOrder())
  })

  it('cuts the stream when the data version changes after the 200, so the part is never taken for the whole', async () => {
    const res = await app.request('/v1/spend.csv?groupBy=supplier')
    expect(res.status).toBe(200)
    // Supplier e jumps from fifth to first: keyset pages after "b" would never send it.
    await landFile(2, 'e', 1000, 'v2')
    await expect(res.text()).rejects.toThrow()
  })

  it('answers the new data whole once the file has landed', async () => {
    const res = await app.request('/v1/spend.csv?groupBy=supplier')
    expect(await idsOf(res)).toEqual(await directOrder())
  })
})
