import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { splitsForWrangler } from '../../../ingest/d1/dump'
import { BACKFILL_TOTALS_SQL, promoteStatements } from '../../../ingest/spend/rollup'
import { type TempDb, csv, openTempDb } from './helpers'

// A retired file's payments, repeated by rows of several other files: what the body counts
// afterwards, against sums computed here from the rows the test writes (not from our output).

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

const header = ['Payment Date', 'Supplier Name', 'Transaction Number', 'Expense Type', 'Net Amount']
const A = ['03/05/2023', 'Acme Consulting Ltd', 'T1', 'Consultancy', '100.00']
const X = ['05/05/2023', 'Beta Ltd', 'T2', 'Printing', '7.00']
const Y = ['06/05/2023', 'Gamma Ltd', 'T3', 'Care', '5.00']
const Z = ['20/06/2023', 'Delta Ltd', 'T9', 'Care', '1.00']
const Q2 = { start: '2023-04-01', end: '2023-06-30' }
type Rows = string[][]

/** Pence of a row's amount, read from the text written ("100.00"). */
const penceOf = (row: string[]) => {
  const [pounds, pence = ''] = row[4]!.split('.')
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'))
}

/**
 * The body's payments in the files it holds now: a payment (the same row) counts as often as the
 * one file that holds it most often holds it (files repeat each other's payments; a file may hold
 * two identical payments).
 */
function uniquePence(...files: Rows[]): number {
  const most = new Map<string, { times: number; pence: number }>()
  for (const rows of files) {
    const times = new Map<string, number>()
    for (const row of rows) times.set(row.join('|'), (times.get(row.join('|')) ?? 0) + 1)
    for (const [key, n] of times) {
      const pence = penceOf(rows.find((r) => r.join('|') === key)!)
      if (n > (most.get(key)?.times ?? 0)) most.set(key, { times: n, pence })
    }
  }
  return [...most.values()].reduce((sum, { times, pence }) => sum + times * pence, 0)
}

/** What the database counts for oxford: payments not marked duplicate, both rollups, and the files' totals. */
function counted() {
  const n = (sql: string) => db.one<{ n: number | null }>(sql).n
  const files = db.all<{ totals: string }>("SELECT totals_pence AS totals FROM spend_files WHERE body_id = 'oxford' AND status = 'ingested'")
  return {
    payments: n("SELECT SUM(amount_pence) AS n FROM payments WHERE body_id = 'oxford' AND duplicate_of IS NULL"),
    wide: n("SELECT SUM(total_pence) AS n FROM spend_rollup WHERE body_id = 'oxford'"),
    narrow: n("SELECT SUM(total_pence) AS n FROM spend_rollup_body WHERE body_id = 'oxford'"),
    files: files.reduce((sum, f) => sum + ((JSON.parse(f.totals) as Record<string, number>).GBP ?? 0), 0),
  }
}
const all = (pence: number) => ({ payments: pence, wide: pence, narrow: pence, files: pence })
/** Rows marked duplicate of a row that is itself not counted (a payment that would be lost or counted twice on the next promotion). */
const chained = () => db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payments d JOIN payments e ON e.id = d.duplicate_of WHERE e.duplicate_of IS NOT NULL').n

const land = {
  invoices: (rows: Rows, replace = false) =>
    db.ingest(db.file('oxford-invoices-2023-05.csv', csv([header, ...rows])), { body: 'oxford', ...(replace ? { replace: 'oxford-invoices-2023-05.csv' } : {}) }),
  supplement: (rows: Rows, replace = false) =>
    db.ingest(db.file('oxford-supplement-2023-05.csv', csv([header, ...rows])), { body: 'oxford', ...(replace ? { replace: 'oxford-supplement-2023-05.csv' } : {}) }),
  quarter: (rows: Rows) => db.ingest(db.file('oxford-2023-q2.csv', csv([header, ...rows])), { body: 'oxford', period: Q2 }),
}

/** Invoices, a supplement and the quarter, each holding payment A beside one of its own. */
async function landAllThree(): Promise<{ invoices: Rows; supplement: Rows; quarter: Rows }> {
  const files = { invoices: [A, X], supplement: [A, Y], quarter: [A, Z] }
  await land.invoices(files.invoices)
  await land.supplement(files.supplement)
  await land.quarter(files.quarter)
  return files
}

describe('retiring a file whose payment two later files repeat', () => {
  it('counts the payment once: one row stands in for it, the other still repeats it', async () => {
    const { invoices, supplement, quarter } = await landAllThree()
    expect(counted()).toEqual(all(uniquePence(invoices, supplement, quarter)))

    const corrected = [X]
    expect((await land.invoices(corrected, true)).status).toBe('ingested')
    expect(counted()).toEqual(all(uniquePence(corrected, supplement, quarter)))
    expect(chained()).toBe(0)

    // The stand-in's own file goes too: the last row repeating the payment is the payment now.
    const supplementCorrected = [Y]
    expect((await land.supplement(supplementCorrected, true)).status).toBe('ingested')
    expect(counted()).toEqual(all(uniquePence(corrected, supplementCorrected, quarter)))
    expect(chained()).toBe(0)
  })

  it('checks the replacing file against the stand-in alone: a second copy of the payment in it is a payment', async () => {
    const { invoices, supplement, quarter } = await landAllThree()
    const corrected = [A, A, X]
    const r = await land.invoices(corrected, true)
    expect(r).toMatchObject({ status: 'ingested', duplicates: 1 })
    expect(counted()).toEqual(all(uniquePence(corrected, supplement, quarter)))
    expect(chained()).toBe(0)
  })
})

describe('spend_files.totals_pence on a database filled before duplicates were left out', () => {
  /** Sets the file's stored totals to the sum of every row it holds, as ingests before this change stored them. */
  const storeOldTotals = (sha256: string, rows: Rows) =>
    db.db.prepare('UPDATE spend_files SET totals_pence = ? WHERE sha256 = ?').run(JSON.stringify({ GBP: rows.reduce((s, r) => s + penceOf(r), 0) }), sha256)

  it('is recomputed from payments when rows are promoted, not added to', async () => {
    const supplement = [A, Y]
    await land.invoices([A, X])
    const s = await land.supplement(supplement)
    storeOldTotals(s.sha256!, supplement)
    await land.invoices([X], true)
    const stored = db.one<{ t: string }>('SELECT totals_pence AS t FROM spend_files WHERE sha256 = ?', s.sha256!).t
    expect(stored).toBe(JSON.stringify({ GBP: uniquePence(supplement) }))
  })

  it('does not change what an unchanged re-ingest reports: the same as the fresh ingest did', async () => {
    const supplement = [A, Y]
    await land.invoices([A, X])
    const fresh = await land.supplement(supplement)
    storeOldTotals(fresh.sha256!, supplement)
    const again = await land.supplement(supplement)
    expect(again.status).toBe('unchanged')
    expect({ totals: again.totals, duplicates: again.duplicates }).toEqual({ totals: fresh.totals, duplicates: fresh.duplicates })
    expect(again.totals).toEqual({ GBP: (penceOf(Y) / 100).toFixed(2) })
  })

  it('is restored, string for string, by the one-off backfill (which wrangler can split)', async () => {
    const currencyHeader = [...header, 'Currency']
    await land.invoices([A, X])
    await land.supplement([A, Y])
    // Several currencies (keys in code order), and a file of nothing but repeats (its GBP counts 0;
    // its bytes differ from the invoices' by an expense type, which is no part of a payment's identity).
    await db.ingest(db.file('oxford-cards-2023-05.csv', csv([currencyHeader, ['07/05/2023', 'Gamma Ltd', 'T4', 'Care', '5.00', 'GBP'], [...Z, 'USD'], [...X.slice(0, 4), '3.00', 'EUR']])), { body: 'oxford' })
    await db.ingest(db.file('oxford-repeats-2023-05.csv', csv([header, A, [...X.slice(0, 3), 'Stationery', X[4]!]])), { body: 'oxford' })
    const written = db.all<{ id: number; t: string }>('SELECT id, totals_pence AS t FROM spend_files ORDER BY id')
    expect(written.map((f) => f.t)).toContain('{"EUR":300,"GBP":500,"USD":100}')
    expect(written.map((f) => f.t)).toContain('{"GBP":0}')
    db.db.prepare(`UPDATE spend_files SET totals_pence = '{"GBP":1}'`).run()
    expect(() => splitsForWrangler(BACKFILL_TOTALS_SQL)).not.toThrow()
    db.db.prepare(BACKFILL_TOTALS_SQL).run()
    expect(db.all('SELECT id, totals_pence AS t FROM spend_files ORDER BY id')).toEqual(written)
  })
})

describe("a file's stated total", () => {
  it('is checked against every row the file holds, repeats of earlier files included (what the publisher summed)', async () => {
    await land.invoices([A, X])
    const supplement = [A, Y]
    const stated = (supplement.reduce((s, r) => s + penceOf(r), 0) / 100).toFixed(2)
    const rows = [...supplement, ['', 'Total', '', '', stated]]
    const r = await land.supplement(rows)
    expect(r).toMatchObject({ status: 'ingested', duplicates: 1, fileTotal: { stated, matches: true } })
    // What the file adds is less than what it states: the repeat is left out of its totals only.
    expect(r.totals).toEqual({ GBP: (penceOf(Y) / 100).toFixed(2) })
    expect(r.warnings.map((w) => w.code)).not.toContain('TOTAL_MISMATCH')
  })
})

describe('retiring a file at scale', () => {
  it('finds the rows that repeated its payments by an index, never by reading every payment', async () => {
    const report = await db.ingest(db.file('q2-2023.csv', csv([header, A, X, Y, Z])), { body: 'oxford', period: Q2 })
    expect(report.status).toBe('ingested')
    const { id } = db.one<{ id: number }>("SELECT id FROM spend_files WHERE file_name = 'q2-2023.csv'")
    for (const statement of promoteStatements(id)) {
      const plan = db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${statement.sql}`, ...statement.args).map((r) => r.detail)
      // A full scan of payments is a scan of every payment of every body: seconds at national scale.
      expect(plan.filter((d) => /^SCAN payments\b/.test(d)), statement.sql).toEqual([])
    }
  })
})
