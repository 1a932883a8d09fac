import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runSpendCommand } from '../../../ingest/spend/command'
import { periodFromFileName } from '../../../ingest/spend/parse'
import { rollupStatements } from '../../../ingest/spend/rollup'
import { dateLikeColumn, periodForUndated, undatedClashes } from '../../../ingest/spend/undated'
import { type TempDb, csv, openTempDb } from './helpers'

// Spend files whose payments have no dates: no date column, a date column left blank, a date
// column that is not the payment date, workbooks of such sheets, and folders. Each lands
// undated within the --period given, or is refused with the way out; never counted twice.
// Totals are computed here from the rows the tests write.

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => {
  vi.restoreAllMocks()
  db.cleanup()
})

/** "1,000.50" / "-250.5" -> pence, by string arithmetic (not the code under test). */
function pence(amount: string): bigint {
  const negative = amount.trim().startsWith('-')
  const [whole, fraction = ''] = amount.replace(/[-,\s]/g, '').split('.')
  const p = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2))
  return negative ? -p : p
}
function sum(amounts: readonly string[]): string {
  const total = amounts.reduce((s, a) => s + pence(a), 0n)
  const abs = total < 0n ? -total : total
  return `${total < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

const payees = ['Acme Consulting Ltd', 'Blue Sky Services LLP', 'City Print PLC']
const amounts = ['1000.00', '-250.50', '75.25']
const month = (m: string) => ({ start: `2024-${m}-01`, end: `2024-${m}-${m === '04' || m === '06' ? '30' : '31'}` })
/** An undated file: Supplier, Amount, Expense Type; `tweak` makes other bytes of the same payments. */
const undated = (tweak = '') => csv([['Supplier', 'Amount', 'Expense Type'], ...payees.map((p, i) => [p, amounts[i]!, `Consultancy${tweak}`])])
const dated = (dates: readonly string[]) => csv([['Payment Date', 'Supplier', 'Amount'], ...dates.map((d, i) => [d, payees[i % 3]!, amounts[i % 3]!])])
const countedPence = (body = 'oxford') =>
  db.one<{ p: number | null }>(
    "SELECT SUM(p.amount_pence) AS p FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.body_id = ? AND f.status = 'ingested' AND p.duplicate_of IS NULL",
    body,
  ).p

describe('a date column with no date on any row is no date column', () => {
  const blank = (tweak = '') => csv([['Payment Date', 'Supplier', 'Amount'], ...payees.map((p, i) => [i === 1 ? 'N/A' : '', `${p}${tweak}`, amounts[i]!])])

  it('is refused without --period, even when the file name states one, naming --period', async () => {
    for (const name of ['blank.csv', 'blank-2024-05.csv']) {
      const report = await db.ingest(db.file(name, blank()), { body: 'oxford' })
      expect(report.status, name).toBe('refused')
      expect(report.errors[0]).toMatchObject({ code: 'NO_DATES', column: 'Payment Date' })
      expect(report.errors[0]!.message).toContain('--period YYYY-MM')
    }
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_files').n).toBe(0)
  })

  it('lands undated with --period, and is then checked like any undated file', async () => {
    const report = await db.ingest(db.file('blank.csv', blank()), { body: 'oxford', period: month('05') })
    expect(report).toMatchObject({ status: 'ingested', accepted: 3, totals: { GBP: sum(amounts) } })
    expect(report.warnings.find((w) => w.code === 'NO_DATE_COLUMN')?.message).toContain('"Payment Date" has no date on any row')
    expect(db.all('SELECT paid_on AS d FROM payments')).toEqual([{ d: null }, { d: null }, { d: null }])
    // Before, such a file counted as dated: a second one of the month landed beside it, unchecked.
    const again = await db.ingest(db.file('blank-again.csv', blank(' ')), { body: 'oxford', period: month('05') })
    expect(again.status).toBe('refused')
    expect(again.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(again.errors[0]!.message).toContain('"blank.csv"')
    expect(String(countedPence())).toBe(String(pence(sum(amounts))))
  })

  it('lands on the period of a file name that gives the month in words, not as a number', async () => {
    const report = await db.ingest(db.file('spend-may-2024.csv', blank()), { body: 'oxford' })
    expect(report).toMatchObject({ status: 'ingested', period: { ...month('05'), from: 'file name' } })
    expect(report.warnings.find((w) => w.code === 'NO_DATE_COLUMN')?.message).toContain('2024-05-01..2024-05-31 (from the file name)')
    // The same for a file with no date column at all.
    const none = await db.ingest(db.file('spend-june-2024.csv', undated()), { body: 'oxford' })
    expect(none).toMatchObject({ status: 'ingested', period: { ...month('06'), from: 'file name' }, totals: { GBP: sum(amounts) } })
  })

  it('is refused when its only dates cannot be read, naming --map date= and --no-date-column', async () => {
    const text = csv([['Payment Date', 'Supplier', 'Amount'], ['', payees[0]!, '10.00'], ['', payees[1]!, '20.00'], ['sometime in May', payees[2]!, '30.00']])
    const report = await db.ingest(db.file('odd.csv', text), { body: 'oxford', period: month('05') })
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'NO_DATES' })
    expect(report.errors[0]!.message).toMatch(/--map date=.*--no-date-column/)
  })
})

describe('overlaps are judged by what the files hold, not the periods they state', () => {
  it('an undated file lands beside a file stated for the year that holds other months only; not beside one holding its month', async () => {
    // A "year" file whose payments are all in May.
    const year = await db.ingest(db.file('spend-2024.csv', dated(['03/05/2024', '09/05/2024', '17/05/2024'])), { body: 'oxford', period: { start: '2024-01-01', end: '2024-12-31' } })
    expect(year.status).toBe('ingested')
    const june = await db.ingest(db.file('june.csv', undated()), { body: 'oxford', period: month('06') })
    expect(june.status).toBe('ingested')
    const may = await db.ingest(db.file('may.csv', undated(' ')), { body: 'oxford', period: month('05') })
    expect(may.status).toBe('refused')
    expect(may.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    const message = may.errors[0]!.message
    expect(message).toContain('"spend-2024.csv" (sha256 ')
    expect(message).toContain('holds payments dated in 2024-05')
    expect(message).toContain('--replace "spend-2024.csv"')
    expect(message).toContain('--period')
    expect(message).not.toContain('june.csv')
  })

  it('a dated file lands beside an undated one when none of its payments falls in that period, whatever period it states', async () => {
    expect((await db.ingest(db.file('may.csv', undated()), { body: 'oxford', period: month('05') })).status).toBe('ingested')
    // Stated as April to June, but holding April and June only.
    const quarter = await db.ingest(db.file('q.csv', dated(['03/04/2024', '28/06/2024', '30/04/2024'])), { body: 'oxford', period: { start: '2024-04-01', end: '2024-06-30' } })
    expect(quarter.status).toBe('ingested')
    const withMay = await db.ingest(db.file('q2.csv', dated(['03/04/2024', '31/05/2024', '01/06/2024'])), { body: 'oxford' })
    expect(withMay.status).toBe('refused')
    expect(withMay.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(withMay.errors[0]!.message).toContain('"may.csv" (sha256 ')
    expect(withMay.errors[0]!.message).toContain('payments without dates, placed in its period 2024-05-01..2024-05-31, where this file has payments dated in 2024-05')
    expect(withMay.errors[0]!.message).toContain('--replace "may.csv"')
    expect(String(countedPence())).toBe(String(pence(sum([...amounts, ...amounts]))))
  })
})

describe('review of s5-d: what a file holds, whatever the order and whatever --replace promotes', () => {
  it('a file name giving more than its first period places no undated payment (refused, naming --period)', async () => {
    const report = await db.ingest(db.file('Spend Jan 2024 to Mar 2024.csv', undated()), { body: 'oxford' })
    expect(report.status).toBe('refused')
    expect(report.errors[0]!.message).toContain('--period')
    // With the quarter given, the March file with dates is then refused beside it.
    expect((await db.ingest(db.file('Spend Jan 2024 to Mar 2024.csv', undated()), { body: 'oxford', period: { start: '2024-01-01', end: '2024-03-31' } })).status).toBe('ingested')
    const march = await db.ingest(db.file('march.csv', dated(['04/03/2024', '05/03/2024', '06/03/2024'])), { body: 'oxford' })
    expect(march.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(String(countedPence())).toBe(String(pence(sum(amounts))))
  })

  it('--replace counts the repeats it promotes: the rows of another file repeating the retired one are held there', async () => {
    const rows = [['Payment Date', 'Supplier', 'Amount'], ['03/05/2024', payees[0]!, amounts[0]!], ['04/05/2024', payees[1]!, amounts[1]!]]
    expect((await db.ingest(db.file('A-may.csv', csv(rows)), { body: 'oxford' })).status).toBe('ingested')
    const b = await db.ingest(db.file('B-may.csv', csv([rows[0]!, rows[2]!, rows[1]!])), { body: 'oxford' })
    expect(b).toMatchObject({ status: 'ingested', duplicates: 2 })
    const c = await db.ingest(db.file('C-undated.csv', undated()), { body: 'oxford', period: month('05'), replace: 'A-may.csv' })
    expect(c.status).toBe('refused')
    expect(c.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(c.errors[0]!.message).toContain('"B-may.csv" (sha256 ')
    expect(c.errors[0]!.message).toContain('holds payments dated in 2024-05 (repeats of the file --replace retires')
    // Refused before anything is retired: no REPLACED warning, A still counted.
    expect(c.warnings.map((w) => w.code)).not.toContain('REPLACED')
    expect(db.all("SELECT file_name AS f, status AS s FROM spend_files ORDER BY id")).toEqual([{ f: 'A-may.csv', s: 'ingested' }, { f: 'B-may.csv', s: 'ingested' }])
    expect(String(countedPence())).toBe(String(pence(sum([amounts[0]!, amounts[1]!]))))
  })

  it('a partly dated file: its undated rows cover its period, in both orders', async () => {
    const partly = csv([['Payment Date', 'Supplier', 'Amount'], ['03/04/2024', payees[0]!, '100.00'], ['', payees[1]!, '200.00'], ['', payees[2]!, '300.00']])
    const quarter = { start: '2024-04-01', end: '2024-06-30' }
    // The undated May file first, then the partly dated quarter.
    expect((await db.ingest(db.file('C.csv', undated()), { body: 'oxford', period: month('05') })).status).toBe('ingested')
    const x = await db.ingest(db.file('X-q.csv', partly), { body: 'oxford', period: quarter })
    expect(x.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(x.errors[0]!.message).toContain('"C.csv"')
    // The other order, in another body.
    expect((await db.ingest(db.file('X-q.csv', partly), { body: 'leeds', period: quarter })).status).toBe('ingested')
    const c = await db.ingest(db.file('C2.csv', undated(' ')), { body: 'leeds', period: month('05') })
    expect(c.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(c.errors[0]!.message).toContain('"X-q.csv"')
    // Two files with dates never clash here, even where one's rows without dates are placed in a
    // month the other holds: a body's next month must not be refused because this month's file
    // lost a date (as on main; those rows are placed in their file's period, unchecked).
    const before = BigInt(countedPence('leeds') ?? 0)
    expect((await db.ingest(db.file('may.csv', dated(['03/05/2024', '04/05/2024', '05/05/2024'])), { body: 'leeds' })).status).toBe('ingested')
    expect(String(countedPence('leeds'))).toBe(String(before + pence(sum(amounts))))
  })
})

describe('second review of s5-d: a dated file whose dated rows all repeat another file is a dated file', () => {
  it('a late dated file lands beside a reissue whose dated rows are all repeats and one row has lost its date', async () => {
    const head = ['Payment Date', 'Supplier', 'Amount']
    const may = [['03/05/2024', payees[0]!, amounts[0]!], ['04/05/2024', payees[1]!, amounts[1]!], ['05/05/2024', payees[2]!, amounts[2]!]]
    expect((await db.ingest(db.file('a-may.csv', csv([head, ...may])), { body: 'oxford' })).status).toBe('ingested')
    // The same three payments reissued, with one more whose date was lost: the three are repeats.
    const reissue = await db.ingest(db.file('b-may-reissue.csv', csv([head, ...may, ['', 'Zeta Ltd', '50.00']])), { body: 'oxford' })
    expect(reissue).toMatchObject({ status: 'ingested', duplicates: 3 })
    const before = BigInt(countedPence() ?? 0)
    const late = await db.ingest(db.file('c-late.csv', csv([head, ['28/05/2024', 'Omega Ltd', '700.00']])), { body: 'oxford' })
    expect(late.status).toBe('ingested')
    expect(String(countedPence())).toBe(String(before + pence('700.00')))
  })
})

describe('review of s5-d: files landed before, columns not read, and what the messages say', () => {
  it('a file main landed undated without a period blocks dated files until its same bytes are given --period, which re-lands it in place', async () => {
    // Main landed a file whose date column was all blank, with no period (NO_PERIOD). The state is
    // built here by landing it with a period, then taking the period away in SQL, its rollups
    // taken out and put back around the change (as the loader keeps them).
    const blank = csv([['Payment Date', 'Supplier', 'Amount'], ...payees.map((p, i) => ['', p, amounts[i]!])])
    const path = db.file('old.csv', blank)
    expect((await db.ingest(path, { body: 'oxford', period: month('05') })).status).toBe('ingested')
    const { id } = db.one<{ id: number }>('SELECT id FROM spend_files')
    const run = (statements: Array<{ sql: string; args: readonly unknown[] }>) => statements.forEach((st) => db.db.prepare(st.sql).run(...(st.args as unknown[])))
    run(rollupStatements(id, -1))
    db.db.prepare('UPDATE spend_files SET period_start = NULL, period_end = NULL WHERE id = ?').run(id)
    run(rollupStatements(id, 1))
    const june = db.file('june.csv', dated(['03/06/2024', '04/06/2024', '05/06/2024']))
    const refused = await db.ingest(june, { body: 'oxford' })
    expect(refused.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(refused.errors[0]!.message).toContain('"old.csv" (sha256 ')
    expect(refused.errors[0]!.message).toContain('and no period, so they could be of any month')
    expect(refused.errors[0]!.message).toContain('ingest that same file again with --period')
    // The same bytes with --period: landed again in place, with that period.
    const again = await db.ingest(path, { body: 'oxford', period: month('05') })
    expect(again).toMatchObject({ status: 'ingested', accepted: 3, totals: { GBP: sum(amounts) }, period: { ...month('05'), from: 'flag' } })
    expect(again.warnings.map((w) => w.code)).toContain('PERIOD_GIVEN')
    expect(db.all('SELECT file_name AS f, status AS s, period_start AS p FROM spend_files')).toEqual([{ f: 'old.csv', s: 'ingested', p: '2024-05-01' }])
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payments').n).toBe(3)
    expect((await db.ingest(path, { body: 'oxford', period: month('05') })).status).toBe('unchanged')
    // Now the June file lands beside it, and every payment counts once.
    expect((await db.ingest(june, { body: 'oxford' })).status).toBe('ingested')
    expect(String(countedPence())).toBe(String(pence(sum([...amounts, ...amounts]))))
    // A May file with dates is still refused beside it.
    expect((await db.ingest(db.file('may.csv', dated(['03/05/2024', '04/05/2024', '05/05/2024'])), { body: 'oxford' })).errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
  })

  it('a wrong --period on a file without dates is corrected by ingesting its same bytes with the right one; a dated file keeps its own', async () => {
    const path = db.file('u.csv', undated())
    expect((await db.ingest(path, { body: 'oxford', period: month('06') })).status).toBe('ingested')
    const june = db.file('june.csv', dated(['03/06/2024', '04/06/2024', '05/06/2024']))
    expect((await db.ingest(june, { body: 'oxford' })).errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    const moved = await db.ingest(path, { body: 'oxford', period: month('07') })
    expect(moved).toMatchObject({ status: 'ingested', accepted: 3, period: { ...month('07'), from: 'flag' } })
    expect(moved.warnings.find((w) => w.code === 'PERIOD_GIVEN')?.message).toContain('with the period 2024-06-01..2024-06-30')
    expect(db.all('SELECT file_name AS f, period_start AS p FROM spend_files')).toEqual([{ f: 'u.csv', p: '2024-07-01' }])
    expect((await db.ingest(june, { body: 'oxford' })).status).toBe('ingested')
    expect(String(countedPence())).toBe(String(pence(sum([...amounts, ...amounts]))))
    // The June file has dates: --period does not move it.
    expect((await db.ingest(june, { body: 'oxford', period: month('08') })).status).toBe('unchanged')
  })

  it('a period from the file name alone does not set aside a column we do not read; --period does', async () => {
    const odd = csv([['Processed', 'Supplier', 'Amount'], ...payees.map((p, i) => [`${i + 3}rd of the 5th 2024`, p, amounts[i]!])])
    const path = db.file('odd-may-2024.csv', odd)
    const report = await db.ingest(path, { body: 'oxford' })
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'MISSING_COLUMNS' })
    expect(report.errors[0]!.message).toContain('--map date="Processed"')
    expect(report.errors[0]!.message).toContain('--period YYYY-MM')
    const given = await db.ingest(path, { body: 'oxford', period: month('05') })
    expect(given).toMatchObject({ status: 'ingested', totals: { GBP: sum(amounts) } })
    expect(given.warnings.find((w) => w.code === 'UNMAPPED_COLUMNS')?.message).toContain('"Processed"')
  })

  it('whole month words only look like dates, and a financial year is no payment date', async () => {
    const words = ['Marketing campaign', 'Decorating works', 'Junior staff', 'Septic tank']
    expect(dateLikeColumn(['Supplier', 'Amount', 'Description'], { supplier: 0, amount: 1 }, words.map((w) => [payees[0]!, '1.00', w]))).toBe(null)
    expect(dateLikeColumn(['Supplier', 'Amount', 'Financial Year'], { supplier: 0, amount: 1 }, [[payees[0]!, '1.00', '2024/25']])).toBe(null)
    expect(dateLikeColumn(['Supplier', 'Amount', 'Note'], { supplier: 0, amount: 1 }, [[payees[0]!, '1.00', 'paid 3 March']])).toBe(2)
    expect(dateLikeColumn(['Supplier', 'Amount', 'Posted'], { supplier: 0, amount: 1 }, [[payees[0]!, '1.00', 'x']])).toBe(2)
    const described = csv([['Supplier', 'Amount', 'Description'], ...payees.map((p, i) => [p, amounts[i]!, words[i]!])])
    expect(await db.ingest(db.file('desc.csv', described), { body: 'oxford', period: month('05') })).toMatchObject({ status: 'ingested', totals: { GBP: sum(amounts) } })
  })

  it('a workbook read with its dates by --map date= is not refused as undated', async () => {
    const book = new ExcelJS.Workbook()
    for (const [name, m] of [['Apr', '04'], ['May', '05']] as const) {
      const sheet = book.addWorksheet(name)
      sheet.addRow(['Stamp A', 'Stamp B', 'Supplier', 'Amount'])
      payees.forEach((p, i) => sheet.addRow([`0${i + 1}/${m}/2024`, `1${i + 1}/${m}/2024`, p, amounts[i]!]))
    }
    const path = db.file('stamps.xlsx', Buffer.alloc(0))
    await book.xlsx.writeFile(path)
    const report = await db.ingest(path, { body: 'oxford', map: { date: 'Stamp B' }, dryRun: true })
    expect(report.status).toBe('ingested')
    expect(report.columns.find((c) => c.field === 'date')?.header).toBe('Stamp B')
  })

  it('a two-column file without dates and without --period is refused naming --period; DATES_UNKNOWN says there is no date column', async () => {
    const two = csv([['Supplier', 'Amount'], ...payees.map((p, i) => [p, amounts[i]!])])
    const refused = await db.ingest(db.file('two.csv', two), { body: 'oxford' })
    expect(refused.errors[0]).toMatchObject({ code: 'MISSING_COLUMNS' })
    expect(refused.errors[0]!.message).toContain('--period YYYY-MM')
    const landed = await db.ingest(db.file('two.csv', two), { body: 'oxford', period: month('05') })
    expect(landed.status).toBe('ingested')
    const unknown = landed.warnings.find((w) => w.code === 'DATES_UNKNOWN')?.message ?? ''
    expect(unknown).toContain('no date column')
    expect(unknown).not.toContain('empty')
  })
})

describe('--no-date-column: a date-like column that is not the payment date', () => {
  const received = csv([['Date Received', 'Supplier', 'Amount'], ...payees.map((p, i) => [`Tue 0${i + 1} Apr 2024 (post room)`, p, amounts[i]!])])

  it('is named as the way out when such a column refuses the file', async () => {
    const report = await db.ingest(db.file('received.csv', received), { body: 'oxford', period: month('05') })
    expect(report.status).toBe('refused')
    expect(report.errors[0]!.message).toContain('--map date="Date Received"')
    expect(report.errors[0]!.message).toContain('--no-date-column')
  })

  it('lands the file undated within --period, the column left unread', async () => {
    const report = await db.ingest(db.file('received.csv', received), { body: 'oxford', period: month('05'), noDateColumn: true })
    expect(report).toMatchObject({ status: 'ingested', accepted: 3, totals: { GBP: sum(amounts) } })
    expect(report.columns.map((c) => c.field)).not.toContain('date')
    expect(report.warnings.find((w) => w.code === 'UNMAPPED_COLUMNS')?.message).toContain('"Date Received"')
    expect(report.warnings.find((w) => w.code === 'NO_DATE_COLUMN')?.message).toContain('--no-date-column')
  })

  it('sets aside a column the inference would read as the date (an invoice date)', async () => {
    const invoiced = csv([['Invoice Date', 'Supplier', 'Amount'], ...payees.map((p, i) => [`0${i + 1}/04/2024`, p, amounts[i]!])])
    const plain = await db.ingest(db.file('inv.csv', invoiced), { body: 'oxford', dryRun: true })
    expect(plain.columns.find((c) => c.field === 'date')?.header).toBe('Invoice Date')
    const report = await db.ingest(db.file('inv.csv', invoiced), { body: 'oxford', period: month('05'), noDateColumn: true })
    expect(report.status).toBe('ingested')
    expect(report.columns.map((c) => c.field)).not.toContain('date')
    expect(db.all('SELECT paid_on AS d FROM payments')).toEqual([{ d: null }, { d: null }, { d: null }])
  })

  it('needs --period, and goes without --map date=', async () => {
    const alone = await db.ingest(db.file('received.csv', received), { body: 'oxford', noDateColumn: true })
    expect(alone.errors[0]).toMatchObject({ code: 'BAD_MAP' })
    expect(alone.errors[0]!.message).toContain('--period')
  })
})

describe('a workbook without dates', () => {
  type Cell = string | number
  async function workbook(name: string, sheets: Record<string, Cell[][]>): Promise<string> {
    const book = new ExcelJS.Workbook()
    for (const [sheetName, rows] of Object.entries(sheets)) {
      const sheet = book.addWorksheet(sheetName)
      for (const row of rows) sheet.addRow(row)
    }
    const path = db.file(name, Buffer.alloc(0))
    await book.xlsx.writeFile(path)
    return path
  }
  const sheet = (amountsHere: readonly string[]): Cell[][] => [['Supplier', 'Amount'], ...amountsHere.map((a, i) => [payees[i % 3]!, a])]
  const april = ['100.00', '200.00']
  const may = ['300.00', '400.00', '-50.00']

  it('with several spend sheets is refused, naming --sheet and --period, not landed as its first sheet', async () => {
    const path = await workbook('book.xlsx', { Apr: sheet(april), May: sheet(may), Notes: [['Figures exclude VAT.']] })
    const report = await db.ingest(path, { body: 'oxford', period: { start: '2024-04-01', end: '2024-05-31' } })
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'SHEETS_UNDATED' })
    expect(report.errors[0]!.message).toContain('"Apr", "May"')
    expect(report.errors[0]!.message).toContain('--sheet "Apr" --period')
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_files').n).toBe(0)
    // Each sheet with its own period lands.
    const a = await db.ingest(path, { body: 'oxford', sheet: 'Apr', period: month('04') })
    const m = await db.ingest(path, { body: 'oxford', sheet: 'May', period: month('05') })
    expect([a.status, a.totals, m.status, m.totals]).toEqual(['ingested', { GBP: sum(april) }, 'ingested', { GBP: sum(may) }])
  })

  it('a sheet read alone whose name gives its month in words needs no --period, unless the workbook\'s name gives another period', async () => {
    const path = await workbook('pcc.xlsx', { 'APR 24': sheet(april), 'MAY 24': sheet(may) })
    const whole = await db.ingest(path, { body: 'oxford' })
    expect(whole.errors[0]).toMatchObject({ code: 'SHEETS_UNDATED' })
    const a = await db.ingest(path, { body: 'oxford', sheet: 'APR 24' })
    expect(a).toMatchObject({ status: 'ingested', period: { ...month('04'), from: 'file name' }, totals: { GBP: sum(april) } })
    // "spend-2023-12.xlsx#APR 24" states December 2023 by its first match: neither period is trusted.
    for (const name of ['spend-2023-12.xlsx', 'pcc-2024-25.xlsx']) {
      const named = await workbook(name, { 'APR 24': sheet(april), 'MAY 24': sheet(may) })
      const refused = await db.ingest(named, { body: 'oxford', sheet: 'MAY 24' })
      expect(refused.status, name).toBe('refused')
      expect(refused.errors[0]!.message, name).toContain('--period')
    }
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_files').n).toBe(1)
  })

  it('with one spend sheet beside notes lands that sheet', async () => {
    const path = await workbook('one.xlsx', { May: sheet(may), Notes: [['Figures exclude VAT.']] })
    const report = await db.ingest(path, { body: 'oxford', period: month('05') })
    expect(report).toMatchObject({ status: 'ingested', accepted: may.length, totals: { GBP: sum(may) } })
  })
})

describe('an undated file, again, dry, as JSON, and its profile', () => {
  it('the same bytes again change nothing', async () => {
    const path = db.file('may.csv', undated())
    const first = await db.ingest(path, { body: 'oxford', period: month('05') })
    const before = db.all('SELECT * FROM payments ORDER BY id')
    const again = await db.ingest(path, { body: 'oxford', period: month('05') })
    expect(again).toMatchObject({ status: 'unchanged', accepted: first.accepted, totals: first.totals, sha256: first.sha256 })
    expect(db.all('SELECT * FROM payments ORDER BY id')).toEqual(before)
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_files').n).toBe(1)
  })

  it('--dry-run reports it as it would land, and writes nothing', async () => {
    const report = await db.ingest(db.file('may.csv', undated()), { body: 'oxford', period: month('05'), dryRun: true })
    expect(report).toMatchObject({ status: 'ingested', dryRun: true, accepted: 3, totals: { GBP: sum(amounts) }, period: { ...month('05'), from: 'flag' } })
    expect(report.warnings.map((w) => w.code)).toContain('NO_DATE_COLUMN')
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_files').n).toBe(0)
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payments').n).toBe(0)
  })

  it('--json prints its report, with the warning and the period it was given', async () => {
    const out: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await runSpendCommand([db.file('may.csv', undated()), '--db', db.url, '--body', 'oxford', '--period', '2024-05', '--json'])).toBe(0)
    const report = JSON.parse(out.join('').trim())
    expect(report).toMatchObject({ status: 'ingested', accepted: 3, totals: { GBP: sum(amounts) }, period: { start: '2024-05-01', end: '2024-05-31', from: 'flag' } })
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('NO_DATE_COLUMN')
  })

  it('--save-profile saves no date column, and the profile reads the body\'s next, dated file with its dates', async () => {
    const profilesDir = join(db.dir, 'profiles')
    mkdirSync(profilesDir)
    expect((await db.ingest(db.file('may.csv', undated()), { body: 'oxford', period: month('05'), saveProfile: true, profilesDir })).status).toBe('ingested')
    const yaml = readFileSync(join(profilesDir, 'oxford.yaml'), 'utf8')
    expect(yaml).toMatch(/supplier: Supplier/)
    expect(yaml).toMatch(/amount: Amount/)
    expect(yaml).not.toMatch(/^\s+date:/m)
    const june = await db.ingest(db.file('june.csv', dated(['03/06/2024', '04/06/2024', '05/06/2024'])), { body: 'oxford', profilesDir })
    expect(june.status).toBe('ingested')
    expect(june.warnings.map((w) => w.code)).toContain('PROFILE_USED')
    expect(june.columns.find((c) => c.field === 'date')?.header).toBe('Payment Date')
    expect(db.all("SELECT paid_on AS d FROM payments WHERE paid_on IS NOT NULL ORDER BY paid_on")).toEqual([{ d: '2024-06-03' }, { d: '2024-06-04' }, { d: '2024-06-05' }])
  })
})

describe('a folder with --period', () => {
  it('is a usage error (exit 2): one period cannot be every file\'s', async () => {
    const err: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
    const folder = join(db.dir, 'spend')
    mkdirSync(folder)
    db.file('spend/may.csv', undated())
    expect(await runSpendCommand([folder, '--db', db.url, '--body', 'oxford', '--period', '2024-05'])).toBe(2)
    expect(err.join('')).toContain(`"${folder}" is a folder`)
    expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_files').n).toBe(0)
  })

  it('--no-date-column without --period is a usage error too', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const err: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
    expect(await runSpendCommand([db.file('may.csv', undated()), '--db', db.url, '--body', 'oxford', '--no-date-column'])).toBe(2)
    expect(err.join('')).toContain('--no-date-column says no column holds the payment dates: it needs --period')
  })
})

describe('what a file holds, and whose period may place undated payments (undated.ts)', () => {
  const file = (id: number, periodStart: string | null, periodEnd: string | null) =>
    ({ id, bodyId: 'oxford', fileName: `f${id}.csv`, sha256: `${id}`.repeat(64).slice(0, 64), status: 'ingested', periodStart, periodEnd, ingestedAt: '', sourceId: '' }) as const

  it('a file name places undated payments only when it gives the month in words, and no other month or year', () => {
    const fromName = (name: string) => periodForUndated({ ...periodFromFileName(name)!, from: 'file name' }, name)
    expect(periodForUndated({ ...month('05'), from: 'flag' }, 'spend-2024-05.csv')).toBe(true)
    expect(['expenditure-apr-jun-2014.csv', 'Spend-over-250-May-24.csv', 'Tameside September 2014.csv', 'book.xlsx#APR 24'].map(fromName)).toEqual([true, true, true, true])
    // The name's period comes from its first match alone: Jan 2014, Apr 2013, Dec 2011, Dec 2023.
    const several = ['Spend Jan 2014 to Mar 2014.csv', 'April 2013 - March 2014.csv', 'spend-2011-12 (published Jan 2013).csv', 'spend-2023-12.xlsx#APR 24']
    expect(several.map(fromName)).toEqual([false, false, false, false])
    expect(['spend-2011-12.csv', 'spend-2024-05.csv', 'mayor-2024-05.csv', 'decisions-2024-05.csv'].map(fromName)).toEqual([false, false, false, false])
    expect(periodForUndated({ ...month('05'), from: 'dates' }, 'may-2024.csv')).toBe(false)
  })

  it('a file with undated payments and no period clashes with every month; a file holding no counted payment with none', () => {
    const held = new Map([
      [1, { months: [], undatedPayments: true, dated: false }],
      [3, { months: ['2024-05'], undatedPayments: false, dated: true }],
    ])
    const files = [file(1, null, null), file(2, '2024-05-01', '2024-05-31'), file(3, '2024-01-01', '2024-12-31')]
    const undatedIn = (period: { start: string; end: string }) => ({ months: new Set<string>(), undated: true, period, periodFrom: 'from --period' })
    const datedIn = (...months: string[]) => ({ months: new Set(months), undated: false, period: null, periodFrom: '' })
    expect(undatedClashes(files, held, undatedIn(month('09'))).map((c) => c.file.id)).toEqual([1])
    expect(undatedClashes(files, held, datedIn('2030-01')).map((c) => c.file.id)).toEqual([1])
    expect(undatedClashes(files, held, undatedIn(month('05'))).map((c) => c.file.id)).toEqual([1, 3])
    // Dated beside dated is checked row by row: no clash.
    expect(undatedClashes([files[2]!], held, datedIn('2024-05'))).toEqual([])
  })
})
