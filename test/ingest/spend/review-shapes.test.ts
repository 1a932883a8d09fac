import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileReport } from '../../../ingest/spend/report'
import { type TempDb, csv, openTempDb } from './helpers'

// Small files written here, each the shape a reviewer found misread: a payment dropped as a
// summary, a column of markers or periods read as something it does not say. Every expectation
// comes from the values the test itself writes.

let db: TempDb
let n = 0
const newBody = () => ({ newBody: { name: `Review Body ${++n}`, gssCode: null, kind: 'other' as const }, writer: 'direct' as const })
beforeAll(async () => {
  db = await openTempDb([])
})
afterAll(() => db?.cleanup())

/** "1,250.00" -> 125000n: the figure the test wrote, in pence. */
const pence = (text: string): bigint => {
  const [pounds, p = ''] = text.replace(/,/g, '').split('.')
  const sign = pounds!.startsWith('-') ? -1n : 1n
  return sign * (BigInt(pounds!.replace('-', '')) * 100n + BigInt(p.padEnd(2, '0')))
}
const pounds = (p: bigint): string => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`

async function ingest(name: string, rows: string[][], options: Record<string, unknown> = {}): Promise<FileReport> {
  return db.ingest(db.file(name, csv(rows)), { ...newBody(), ...options })
}

describe('a payment whose figure equals the sum, number or mean of those above it is still a payment', () => {
  // A file whose date column holds no date lands only with --period (a file without dates).
  const lands = async (name: string, rows: string[][], amountColumn: number) => {
    const undated = rows.slice(1).every((r) => r[0] === '')
    const report = await ingest(name, rows, undated ? { period: { start: '2023-06-01', end: '2023-06-30' } } : {})
    const payments = rows.slice(1)
    const total = payments.reduce((t, r) => t + pence(r[amountColumn]!), 0n)
    expect({ status: report.status, accepted: report.accepted, rejected: report.rejected, totals: report.totals }).toEqual({ status: 'ingested', accepted: payments.length, rejected: 0, totals: { GBP: pounds(total) } })
  }

  it('undated grants of equal amounts: each equals the mean so far', async () => {
    await lands('grants.csv', [['Date', 'Supplier', 'Amount'], ['', 'Village Hall A', '500.00'], ['', 'Village Hall B', '500.00'], ['', 'Village Hall C', '500.00'], ['', 'Village Hall D', '500.00'], ['', 'Scout Group', '250.00']], 2)
  })

  it('an undated named supplier whose figure equals the sum so far', async () => {
    await lands('sumrow.csv', [['Date', 'Supplier', 'Amount'], ['01/06/2023', 'Acme Ltd', '100.00'], ['02/06/2023', 'Beta Ltd', '100.00'], ['', 'Gamma Ltd', '200.00'], ['05/06/2023', 'Delta Ltd', '75.00']], 2)
  })

  it('a dated payment with its payee withheld and a description, equal to the sum so far', async () => {
    await lands('blankpayee.csv', [['Date', 'Supplier', 'Amount', 'Description'], ['01/06/2023', 'Acme Ltd', '100.00', 'Repairs'], ['02/06/2023', 'Beta Ltd', '100.00', 'Repairs'], ['03/06/2023', '', '200.00', 'Care package'], ['05/06/2023', 'Delta Ltd', '75.00', 'Repairs']], 2)
  })

  it('payees whose names start with a summary word, each equal to the sum, mean or count so far', async () => {
    await lands('names.csv', [['Date', 'Supplier', 'Amount'], ['', 'Acme Ltd', '500.00'], ['', 'Beta', '500.00'], ['', 'Above Average Theatre', '500.00'], ['', 'Mean Street Youth Project', '500.00'], ['', 'Total Fitness', '2000.00'], ['', 'No Limits', '6']], 2)
  })

  it('a dated payment with its payee withheld, equal to the sum so far, whose description starts with "Total"', async () => {
    await lands('totaldesc.csv', [['Date', 'Supplier', 'Amount', 'Description'], ['01/06/2023', 'Acme Ltd', '100.00', 'Repairs'], ['02/06/2023', 'Beta Ltd', '100.00', 'Repairs'], ['03/06/2023', '', '200.00', 'Total refurbishment of flat 3']], 2)
  })

  it('a summary that says what it restates is still skipped: sum, number and average under the payments', async () => {
    const rows = [['Date', 'Supplier', 'Amount'], ['', 'Acme Ltd', '100.00'], ['', 'Beta Ltd', '300.00']]
    const report = await ingest('summary.csv', [...rows, ['', 'Total value of payments', '400.00'], ['', 'Number of transactions', '2'], ['', 'Average payment', '200.00']], { period: { start: '2023-06-01', end: '2023-06-30' } })
    expect({ status: report.status, accepted: report.accepted, skipped: report.skipped, totals: report.totals }).toEqual({ status: 'ingested', accepted: 2, skipped: 3, totals: { GBP: pounds(pence('100.00') + pence('300.00')) } })
  })

  it('undated payments to payees whose names hold no summary word, each the count so far', async () => {
    await lands('counts.csv', [['Date', 'Supplier', 'Amount'], ['', 'Acme Ltd', '7.00'], ['', 'Beta', '9.00'], ['', 'Number 10 Community Hall', '2']], 2)
  })
})

describe('a debit/credit column that marks most rows credit', () => {
  const amounts = ['100.00', '200.00', '50.00', '75.00']
  const sum = (signs: readonly number[]) => pounds(amounts.reduce((t, a, i) => t + BigInt(signs[i]!) * pence(a), 0n))
  const file = (header: string, marks: readonly string[]) => [['Date', 'Supplier', 'Amount', header], ...amounts.map((a, i) => [`0${i + 1}/06/2023`, `Supplier ${i + 1}`, a, marks[i]!])]

  it.each([
    ['D/C', ['C', 'C', 'D', 'C']],
    ['Dr/Cr', ['CR', 'CR', 'DR', 'CR']],
  ])('"%s" is refused, naming the --map that reads the figures as published, which lands them', async (header, marks) => {
    const rows = file(header, marks)
    const refused = await ingest(`mostly-credit-${header.replace(/\W/g, '')}.csv`, rows)
    expect(refused.status).toBe('refused')
    expect(refused.errors[0]).toMatchObject({ code: 'AMBIGUOUS_COLUMNS' })
    expect(refused.errors[0]!.message).toContain(`--map description="${header}"`)
    const read = await ingest(`mostly-credit-${header.replace(/\W/g, '')}-mapped.csv`, rows, { map: { description: header } })
    expect({ status: read.status, accepted: read.accepted, totals: read.totals }).toEqual({ status: 'ingested', accepted: 4, totals: { GBP: sum([1, 1, 1, 1]) } })
  })

  it('a document type says what each row is: a file of mostly credit notes (refunds) lands, each credit note negative', async () => {
    const read = await ingest('mostly-credit-notes.csv', file('Document Type', ['Credit Note', 'Invoice', 'Credit Note', 'Credit Note']))
    expect({ status: read.status, accepted: read.accepted, totals: read.totals }).toEqual({ status: 'ingested', accepted: 4, totals: { GBP: sum([-1, 1, -1, -1]) } })
  })

  it('the --map saved as the body\'s profile reads its next file the same way', async () => {
    const profilesDir = join(db.dir, 'profiles')
    const body = newBody()
    // Other payees than the test above: the same bytes would be a file already landed.
    const cashBook = (marks: readonly string[]) => file('D/C', marks).map((r, i) => (i === 0 ? r : [r[0]!, `Cash Book Payee ${i}`, ...r.slice(2)]))
    const first = await ingest('cash-book-2023-06.csv', cashBook(['C', 'C', 'D', 'C']), { ...body, map: { description: 'D/C' }, saveProfile: true, profilesDir })
    expect(first).toMatchObject({ status: 'ingested', totals: { GBP: sum([1, 1, 1, 1]) } })
    const next = await ingest('cash-book-2023-07.csv', cashBook(['C', 'C', 'C', 'D']).map((r, i) => (i === 0 ? r : [r[0]!.replace('/06/', '/07/'), ...r.slice(1)])), { body: first.body!, profilesDir })
    expect({ status: next.status, totals: next.totals }).toEqual({ status: 'ingested', totals: { GBP: sum([1, 1, 1, 1]) } })
  })

  it('a column marking most rows debit still signs the credits', async () => {
    const read = await ingest('mostly-debit.csv', file('D/C', ['D', 'D', 'C', 'D']))
    expect({ status: read.status, accepted: read.accepted, totals: read.totals }).toEqual({ status: 'ingested', accepted: 4, totals: { GBP: sum([1, 1, -1, 1]) } })
  })
})

describe('accounting periods for dates', () => {
  it('land to the month of an April-March year, with a warning that says so', async () => {
    const rows = [['Date', 'Supplier', 'Amount'], ['P01 2023/24', 'Acme Ltd', '100.00'], ['P09 2023/24', 'Beta Ltd', '20.00'], ['P12 2023/24', 'Gamma Ltd', '3.50']]
    const report = await ingest('periods-12.csv', rows)
    expect({ status: report.status, accepted: report.accepted, totals: report.totals }).toEqual({ status: 'ingested', accepted: 3, totals: { GBP: pounds(rows.slice(1).reduce((t, r) => t + pence(r[2]!), 0n)) } })
    expect(report.warnings.find((w) => w.code === 'ACCOUNTING_PERIODS')?.message).toContain('April')
  })

  it('a period above 12 refuses the whole file: its periods are no calendar months', async () => {
    const rows = [['Date', 'Supplier', 'Amount'], ['P03 2023/24', 'Acme Ltd', '100.00'], ['P12 2023/24', 'Beta Ltd', '20.00'], ['P13 2023/24', 'Gamma Ltd', '3.50']]
    const report = await ingest('periods-13.csv', rows)
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'DATE_ORDER_CONFLICT', line: 4 })
    expect(report.errors[0]!.message).toContain('P13 2023/24')
    expect(db.all('SELECT 1 FROM spend_files WHERE sha256 = ?', report.sha256)).toEqual([])
    // The way out it names lands every payment, undated, within the year given.
    expect(report.errors[0]!.message).toContain('--no-date-column --period')
    const undated = await ingest('periods-13.csv', rows, { noDateColumn: true, period: { start: '2023-04-01', end: '2024-03-31' } })
    const total = rows.slice(1).reduce((t, r) => t + pence(r[2]!), 0n)
    expect({ status: undated.status, accepted: undated.accepted, totals: undated.totals }).toEqual({ status: 'ingested', accepted: 3, totals: { GBP: pounds(total) } })
  })
})

describe('dates all on the 1st of a month', () => {
  it('a year of month-start payments lands day first, each on the 1st of its month', async () => {
    const months = Array.from({ length: 12 }, (_, i) => ({ year: i < 9 ? 2023 : 2024, month: ((i + 3) % 12) + 1 }))
    const rows = [['Date', 'Supplier', 'Amount'], ...months.flatMap(({ year, month }, i) => [[`01/${String(month).padStart(2, '0')}/${year}`, 'Acme Ltd', `${100 + i}.00`], [`01/${String(month).padStart(2, '0')}/${year}`, 'Beta Trust', '20.00']])]
    const report = await ingest('month-starts.csv', rows)
    expect({ status: report.status, accepted: report.accepted, totals: report.totals }).toEqual({ status: 'ingested', accepted: rows.length - 1, totals: { GBP: pounds(rows.slice(1).reduce((t, r) => t + pence(r[2]!), 0n)) } })
    const file = db.one<{ id: number }>('SELECT id FROM spend_files WHERE sha256 = ?', report.sha256)
    const days = db.all<{ d: string }>('SELECT DISTINCT paid_on AS d FROM payments WHERE spend_file_id = ? ORDER BY d', file.id).map((r) => r.d)
    expect(days).toEqual(months.map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}-01`).sort())
  })
})
