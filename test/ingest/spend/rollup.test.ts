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
  expect(storedAcross('spend_rollup_supplier', false)).toEqual(acrossFromPayments(false))
  expect(storedAcross('spend_rollup_year', true)).toEqual(acrossFromPayments(true))
}

// The rollups across files, written here from each counted payment in turn: the UK financial year
// of its own month, else of its file's period when that lies inside one year, else null.
const ACROSS = ['body_id', 'supplier_id', 'payee_class', 'consultancy_rule', 'currency', 'vat_basis'] as const
type AcrossRow = Record<string, string | number | null>
const financialYear = (day: string) => {
  const y = Number(day.slice(0, 4))
  const start = Number(day.slice(5, 7)) >= 4 ? y : y - 1
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`
}
const byKeys = (a: AcrossRow, b: AcrossRow) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)))
function acrossFromPayments(withYear: boolean): AcrossRow[] {
  const rows = db.all<AcrossRow & { paid_on: string | null; paid_precision: string; amount_pence: number; period_start: string | null; period_end: string | null }>(
    `SELECT ${ACROSS.map((c) => `p.${c}`).join(', ')}, p.paid_on, p.paid_precision, p.amount_pence, f.period_start, f.period_end
     FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE p.duplicate_of IS NULL`,
  )
  const groups = new Map<string, AcrossRow>()
  for (const r of rows) {
    const own = r.paid_precision === 'day' || r.paid_precision === 'month' ? financialYear(r.paid_on!) : null
    const placed = r.period_start && r.period_end && financialYear(r.period_start) === financialYear(r.period_end) ? financialYear(r.period_start) : null
    const keys: AcrossRow = Object.fromEntries(ACROSS.map((c) => [c, r[c] ?? null]))
    if (withYear) keys.financial_year = own ?? placed
    const id = JSON.stringify(keys)
    const g = groups.get(id) ?? { ...keys, total_pence: 0, payments: 0 }
    g.total_pence = (g.total_pence as number) + r.amount_pence
    g.payments = (g.payments as number) + 1
    groups.set(id, g)
  }
  return [...groups.values()].sort(byKeys)
}
const storedAcross = (table: string, withYear: boolean) =>
  db.all<AcrossRow>(`SELECT ${ACROSS.join(', ')}${withYear ? ', financial_year' : ''}, total_pence, payments FROM ${table}`).sort(byKeys)
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

describe('rollups across files', () => {
  // Two months of one body: the same suppliers, a redacted payee and a payment whose date was lost
  // in each, so rows must merge across files even where a key is NULL (no supplier, no rule, no year).
  const undatedHeader = header
  const june = [
    ['06/06/2023', 'Acme Consulting Ltd', 'J1', 'Consultancy', 'Housing', '50.00'],
    ['07/06/2023', 'Redacted', 'J2', 'Care', 'Housing', '9.99'],
    ['00:00:00', 'Beta Print Ltd', 'J3', 'Printing', 'Housing', '3.00'],
  ]
  const july = [
    ['06/07/2023', 'Acme Consulting Ltd', 'K1', 'Consultancy', 'Housing', '25.00'],
    ['08/07/2023', 'Redacted', 'K2', 'Care', 'Housing', '0.01'],
    ['00:00:00', 'Beta Print Ltd', 'K3', 'Printing', 'Housing', '4.00'],
  ]
  // Its period crosses 1 April: its undated payment has no financial year.
  const spring = [
    ['00:00:00', 'Beta Print Ltd', 'S1', 'Printing', 'Housing', '6.00'],
    ['00:00:00', 'Redacted', 'S2', 'Care', 'Housing', '1.00'],
  ]
  const land = {
    june: (rows = june) => db.ingest(db.file('oxford-2023-06.csv', csv([undatedHeader, ...rows])), { body: 'oxford', period: { start: '2023-06-01', end: '2023-06-30' } }),
    july: () => db.ingest(db.file('oxford-2023-07.csv', csv([undatedHeader, ...july])), { body: 'oxford', period: { start: '2023-07-01', end: '2023-07-31' } }),
    spring: () => db.ingest(db.file('oxford-2023-spring.csv', csv([undatedHeader, ...spring])), { body: 'oxford', period: { start: '2023-03-01', end: '2023-04-30' } }),
    // A year later: two undated files of one period are refused (UNDATED_OVERLAP), since their payments cannot be checked for repeats.
    spring2: () => db.ingest(db.file('oxford-2024-spring-b.csv', csv([undatedHeader, ...spring.map((r) => [r[0]!, r[1]!, `${r[2]}b`, r[3]!, r[4]!, r[5]!])])), { body: 'oxford', period: { start: '2024-03-01', end: '2024-04-30' } }),
  }
  const redacted = (table: string) => db.all<{ total_pence: number; payments: number }>(`SELECT total_pence, payments FROM ${table} WHERE supplier_id IS NULL`)

  it('merge a key\'s sums from every file into one row, NULL keys included', async () => {
    for (const f of [land.june, land.july, land.spring, land.spring2]) expect(await f()).toMatchObject({ status: 'ingested' })
    expectRollupsFromPayments()
    expect(redacted('spend_rollup_supplier')).toEqual([{ total_pence: 999 + 1 + 100 + 100, payments: 4 }])
    // One row per year for the redacted payee, and one (not two) for the two spring files' undated payment.
    expect(db.all("SELECT financial_year, total_pence, payments FROM spend_rollup_year WHERE supplier_id IS NULL ORDER BY financial_year")).toEqual([
      { financial_year: null, total_pence: 200, payments: 2 },
      { financial_year: '2023-24', total_pence: 1000, payments: 2 },
    ])
    expect(db.one('SELECT COUNT(*) AS n FROM spend_rollup_supplier')).toEqual({ n: new Set(acrossFromPayments(false).map((r) => JSON.stringify([r.supplier_id, r.payee_class, r.consultancy_rule]))).size })
  })

  it('take a replaced file\'s sums out, and drop the rows nothing counts any more', async () => {
    await land.june()
    await land.july()
    // June corrected: its redacted payment and its undated one are gone.
    const corrected = [june[0]!]
    expect(await db.ingest(db.file('oxford-2023-06-b.csv', csv([undatedHeader, ...corrected])), { body: 'oxford', period: { start: '2023-06-01', end: '2023-06-30' }, replace: 'oxford-2023-06.csv' })).toMatchObject({ status: 'ingested' })
    expectRollupsFromPayments()
    expect(redacted('spend_rollup_supplier')).toEqual([{ total_pence: 1, payments: 1 }])
    expect(db.one('SELECT COUNT(*) AS n FROM spend_rollup_year WHERE payments = 0 OR total_pence = 0')).toEqual({ n: 0 })
    expect(db.one('SELECT COUNT(*) AS n FROM spend_rollup_supplier WHERE payments = 0')).toEqual({ n: 0 })
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
