import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatPence } from '../../../ingest/spend/parse'
import { type TempDb, csv, openTempDb } from './helpers'

// The rollups and spend_files.totals_pence against sums written here, independently of
// rollup.ts, straight from the payments that count (those not marked duplicate_of).

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

const header = ['Payment Date', 'Supplier Name', 'Transaction Number', 'Expense Type', 'Service Area', 'Net Amount']
const may = [
  ['03/05/2023', 'Acme Consulting Ltd', 'T1', 'Consultancy', 'Housing', '100.00'],
  ['04/05/2023', 'Beta Print Ltd', 'T2', 'Printing', 'Housing', '200.00'],
  ['04/05/2023', 'Beta Print Ltd', 'T3', 'Printing', 'Highways', '-20.00'],
  ['05/05/2023', 'Acme Consulting Ltd', 'T7', 'Consultancy', 'Housing', '12.34'],
]
// A quarter beside the month: repeats T1, T2 and T3, and has payments of its own.
const quarter = [
  ...may.slice(0, 3),
  ['20/06/2023', 'Delta Care Ltd', 'T4', 'Consultancy', 'Housing', '40.00'],
  ['21/06/2023', 'Acme Consulting Ltd', 'T6', 'Consultancy', 'Housing', '15.00'],
  ['2023-06', 'Acme Consulting Ltd', 'T8', 'Consultancy', 'Housing', '1.00'],
]
const Q2 = { start: '2023-04-01', end: '2023-06-30' }
const files = {
  may: (rows = may) => db.file('oxford-invoices-2023-05.csv', csv([header, ...rows])),
  quarter: () => db.file('oxford-2023-q2.csv', csv([header, ...quarter])),
}

const MONTH = "CASE WHEN paid_precision IN ('day', 'month') THEN substr(paid_on, 1, 7) END"
const WIDE = `spend_file_id, body_id, supplier_id, payee_class, month, expense_category, expense_type, service_area, consultancy_rule, currency, vat_basis`
const NARROW = 'spend_file_id, body_id, payee_class, month, consultancy_rule, currency, vat_basis'
/** Every rollup row, keys and sums, as the payments that count give them. */
const fromPayments = (keys: string) =>
  db.all(
    `SELECT ${keys}, SUM(amount_pence) AS total_pence, COUNT(*) AS payments
     FROM (SELECT *, ${MONTH} AS month FROM payments WHERE duplicate_of IS NULL) GROUP BY ${keys} ORDER BY ${keys}`,
  )
const stored = (table: string, keys: string) => db.all(`SELECT ${keys}, total_pence, payments FROM ${table} ORDER BY ${keys}`)
const expectRollupsFromPayments = () => {
  expect(stored('spend_rollup', WIDE)).toEqual(fromPayments(WIDE))
  expect(stored('spend_rollup_body', NARROW)).toEqual(fromPayments(NARROW))
}
/** totals_pence as stored, and as the file's counted payments sum, per currency. */
const totalsOf = (sha256: string) => {
  const file = db.one<{ id: number; totals: string }>('SELECT id, totals_pence AS totals FROM spend_files WHERE sha256 = ?', sha256)
  const counted = db.all<{ currency: string; pence: number }>(
    'SELECT currency, SUM(amount_pence) AS pence FROM payments WHERE spend_file_id = ? AND duplicate_of IS NULL GROUP BY currency',
    file.id,
  )
  return { stored: JSON.parse(file.totals) as Record<string, number>, counted: Object.fromEntries(counted.map((c) => [c.currency, c.pence])) }
}

describe('rollups', () => {
  it('hold, row for row, the payments that count: duplicates of an earlier file are left out', async () => {
    await db.ingest(files.may(), { body: 'oxford' })
    const q = await db.ingest(files.quarter(), { body: 'oxford', period: Q2 })
    expect(q).toMatchObject({ status: 'ingested', duplicates: 3 })
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_rollup').n).toBeGreaterThan(3)
    expectRollupsFromPayments()
  })

  it('are rebuilt, row for row, when a retired file makes the rows that repeated it count again', async () => {
    await db.ingest(files.may(), { body: 'oxford' })
    const q = await db.ingest(files.quarter(), { body: 'oxford', period: Q2 })
    // The May file is corrected without T2 and T3: the quarter's rows of them are the payments now,
    // and the quarter's T1 stands in for the retired T1 (the corrected file's T1 repeats it).
    await db.ingest(files.may([may[0]!, may[3]!]), { body: 'oxford', replace: 'oxford-invoices-2023-05.csv' })
    expect(db.one('SELECT COUNT(*) AS n FROM payments WHERE duplicate_of IS NOT NULL')).toEqual({ n: 1 })
    expectRollupsFromPayments()
    const { stored, counted } = totalsOf(q.sha256!)
    expect(stored).toEqual(counted)
    expect(counted).toEqual({ GBP: 10000 + 20000 - 2000 + 4000 + 1500 + 100 })
  })
})

describe('spend_files.totals_pence', () => {
  it('is what the report says the file adds: its payments less the rows that repeat earlier ones', async () => {
    await db.ingest(files.may(), { body: 'oxford' })
    const q = await db.ingest(files.quarter(), { body: 'oxford', period: Q2 })
    const { stored, counted } = totalsOf(q.sha256!)
    expect(stored).toEqual(counted)
    expect(q.totals).toEqual(Object.fromEntries(Object.entries(stored).map(([c, pence]) => [c, formatPence(pence)])))
    expect(q.totals).toEqual({ GBP: '56.00' })
  })

  it('gives the same totals and duplicates when the same bytes come again', async () => {
    await db.ingest(files.may(), { body: 'oxford' })
    const first = await db.ingest(files.quarter(), { body: 'oxford', period: Q2 })
    const again = await db.ingest(files.quarter(), { body: 'oxford', period: Q2 })
    expect(again.status).toBe('unchanged')
    expect({ totals: again.totals, duplicates: again.duplicates }).toEqual({ totals: first.totals, duplicates: first.duplicates })
  })
})
