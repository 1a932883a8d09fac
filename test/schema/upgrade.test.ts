import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { createClient } from '@libsql/client'
import Database from 'libsql'
import { afterAll, describe, expect, it } from 'vitest'
import { dbFromLibsql } from '../../schema/client'
import { migrate } from '../../schema/migrate'

// A database written by the first release (init migration only): the curated data plus one
// ingested Hyndburn file, dumped as SQL. Upgrading it must keep every row and fill the new
// rollups and integer totals from what it holds.
const dump = gunzipSync(readFileSync(fileURLToPath(new URL('./fixtures/first-release.sql.gz', import.meta.url)))).toString('utf8')

/** A row as { column: number }, whichever driver read it. */
const plain = (row: unknown) => ({ n: Number((row as Record<string, unknown>).n), t: Number((row as Record<string, unknown>).t) })

describe('upgrading a database the first release wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-upgrade-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'old.db')
  const raw = new Database(file)
  raw.exec(dump)
  const before = {
    payments: plain(raw.prepare('SELECT COUNT(*) AS n, SUM(amount_pence) AS t FROM payments').get()),
    claims: (raw.prepare('SELECT COUNT(*) AS n FROM savings_claims').get() as { n: number }).n,
    citations: (raw.prepare('SELECT COUNT(*) AS n FROM citations').get() as { n: number }).n,
    totals: raw.prepare('SELECT id, totals, stated_total AS stated FROM spend_files ORDER BY id').all() as Array<{ id: number; totals: string; stated: string | null }>,
  }
  raw.close()

  it('applies the new migrations over rows whose tables are rebuilt, keeping every row and key', async () => {
    const client = createClient({ url: `file:${file}` })
    try {
      const applied = await migrate(dbFromLibsql(client))
      expect(applied.length).toBeGreaterThan(0)
      const one = async (q: string) => plain((await client.execute(q)).rows[0])
      expect(await one('SELECT COUNT(*) AS n, SUM(amount_pence) AS t FROM payments')).toEqual(before.payments)
      expect((await one('SELECT COUNT(*) AS n FROM savings_claims')).n).toBe(before.claims)
      expect((await one('SELECT COUNT(*) AS n FROM citations')).n).toBe(before.citations)
      expect((await client.execute('PRAGMA foreign_key_check')).rows).toEqual([])
      // The new rollups hold the old payments, whole.
      expect(await one('SELECT SUM(payments) AS n, SUM(total_pence) AS t FROM spend_rollup')).toEqual(before.payments)
      expect(await one('SELECT SUM(payments) AS n, SUM(total_pence) AS t FROM spend_rollup_body')).toEqual(before.payments)
      // File totals move from decimal strings to integer pence, exactly.
      const after = (await client.execute('SELECT id, totals_pence AS totals, stated_total_pence AS stated FROM spend_files ORDER BY id')).rows
      expect(after.map((r) => ({ id: r.id, totals: JSON.parse(String(r.totals)), stated: r.stated }))).toEqual(
        before.totals.map((f) => ({
          id: f.id,
          totals: Object.fromEntries(Object.entries(JSON.parse(f.totals) as Record<string, string>).map(([c, v]) => [c, Number(v.replace('.', ''))])),
          stated: f.stated === null ? null : Number(f.stated.replace('.', '')),
        })),
      )
      expect(await migrate(dbFromLibsql(client))).toEqual([])
    } finally {
      client.close()
    }
  })
})
