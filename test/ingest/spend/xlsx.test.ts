import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatPence } from '../../../ingest/spend/parse'
import { numberText, readSheets, serialToIsoDate } from '../../../ingest/spend/xlsx'
import { hasShared, needsShared, realdataDir } from '../../helpers/shared'
import { type TempDb, openTempDb, writeWorkbook } from './helpers'

const HEADER = ['Body name', 'Payment Date', 'Supplier Name', 'Expenditure Category', 'Transaction No', 'Net Amount']
type Cell = string | number | Date | null

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

const workbook = (name: string, sheets: Record<string, Cell[][]>) => writeWorkbook(db, name, sheets)

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
/** Excel's serial day number of an ISO date, computed independently of the reader. */
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.parse('1899-12-30T00:00:00Z')) / 86_400_000
const penceOfText = (text: string) => Math.round(Number(text.replace(/,/g, '')) * 100)

describe('XLSX workbooks', () => {
  it('reads every sheet that reads as spend as one file: Excel dates, serial days, numbers with float residue, numbers as text', async () => {
    const april: Cell[][] = [
      HEADER,
      ['Oxford City Council', day('2023-04-03'), 'Acme Ltd', 'Repairs', 'T1', 0.1 + 0.2],
      ['Oxford City Council', serial('2023-04-04'), 'Beta Consulting Ltd', 'Consultants Fees', 'T2', '1,234.50'],
      ['Oxford City Council', day('2023-04-05'), 'Acme Ltd', 'Repairs', 'T3', -12.25],
    ]
    // The same columns in another order, under a title row.
    const may: Cell[][] = [
      ['Payments over £500, May 2023'],
      ['Net Amount', 'Payment Date', 'Supplier Name', 'Body name', 'Expenditure Category', 'Transaction No'],
      [1000, day('2023-05-02'), 'Gamma LLP', 'Oxford City Council', 'Repairs', 'T4'],
      ['ten pounds', day('2023-05-03'), 'Gamma LLP', 'Oxford City Council', 'Repairs', 'T5'],
    ]
    const path = await workbook('oxford-2023-q1.xlsx', { 'Apr 23': april, 'May 23': may, Notes: [['These figures exclude VAT.']] })
    const report = await db.ingest(path)
    expect(report.errors.map((e) => e.code)).toEqual(['BAD_AMOUNT'])
    const amounts = ['0.30', '1234.50', '-12.25', '1000.00']
    expect(report).toMatchObject({
      status: 'ingested',
      encoding: 'xlsx',
      accepted: 4,
      rejected: 1,
      totals: { GBP: formatPence(amounts.reduce((s, a) => s + penceOfText(a), 0)) },
    })
    expect(report.rowsRead).toBe(report.accepted + report.rejected + report.skipped)
    // The rejected row is named by its sheet and row, as in Excel.
    expect(report.errors[0]).toMatchObject({ sheet: 'May 23', row: 4, column: 'Net Amount' })
    const sheets = report.warnings.find((w) => w.code === 'SHEETS')!.message
    expect(sheets).toContain('"Apr 23"')
    expect(sheets).toContain('"May 23"')
    expect(sheets).toMatch(/passed over .*"Notes"/)
    expect(db.all('SELECT paid_on AS d, amount_pence AS p FROM payments ORDER BY line')).toEqual([
      { d: '2023-04-03', p: 30 },
      { d: '2023-04-04', p: 123450 },
      { d: '2023-04-05', p: -1225 },
      { d: '2023-05-02', p: 100000 },
    ])
    expect((await db.ingest(path)).status).toBe('unchanged')
  })

  it('reads only the sheet --sheet names, and refuses a sheet the workbook lacks, naming those it has', async () => {
    const rows = (month: string, n: number): Cell[][] => [
      HEADER,
      ...Array.from({ length: n }, (_, i): Cell[] => ['Oxford City Council', day(`2023-${month}-1${i}`), 'Acme Ltd', 'Repairs', `T${month}${i}`, 10 + i]),
    ]
    const path = await workbook('oxford-sheets.xlsx', { April: rows('04', 2), May: rows('05', 3) })
    const may = await db.ingest(path, { sheet: 'May' })
    expect(may).toMatchObject({ status: 'ingested', accepted: 3, totals: { GBP: '33.00' } })
    // Another sheet of the same workbook is another file; the same sheet again is unchanged.
    expect(await db.ingest(path, { sheet: 'April' })).toMatchObject({ status: 'ingested', accepted: 2 })
    expect(await db.ingest(path, { sheet: 'May' })).toMatchObject({ status: 'unchanged' })
    const missing = await db.ingest(path, { sheet: 'June' })
    expect(missing.errors[0]).toMatchObject({ code: 'SHEET_NOT_FOUND' })
    expect(missing.errors[0]!.message).toContain('"April", "May"')
  })

  it('refuses a workbook whose sheets do not share their columns, pointing at --sheet', async () => {
    const path = await workbook('oxford-mixed.xlsx', {
      A: [HEADER, ['Oxford City Council', day('2023-04-03'), 'Acme Ltd', 'Repairs', 'T1', 1]],
      B: [['Payment Date', 'Supplier Name', 'Amount', 'Body name'], [day('2023-04-03'), 'Acme Ltd', 1, 'Oxford City Council']],
    })
    const report = await db.ingest(path)
    expect(report.errors[0]).toMatchObject({ code: 'SHEETS_DIFFER' })
    expect(db.all('SELECT 1 FROM spend_files')).toEqual([])
  })

  it('reads serial days and float residue as a person would have typed them', () => {
    expect(serialToIsoDate(serial('2024-04-09'))).toBe('2024-04-09')
    expect(serialToIsoDate(1)).toBe('1899-12-31')
    expect(numberText(558.8199999999999)).toBe('558.82')
    expect(numberText(1234)).toBe('1234')
    expect(numberText(-0.1 - 0.2)).toBe('-0.3')
  })
})

const lancashire = `${realdataDir}corpus/lancashire-pcc/lancashire-pcc_2024-25_pcc-2024-25.xlsx`

describe.skipIf(!hasShared)(`the Lancashire PCC workbook of ../shared/realdata/corpus${needsShared}`, () => {
  const file = lancashire
  const manifest = async () => {
    const { readFileSync } = await import('node:fs')
    const lines = readFileSync(`${realdataDir}corpus/MANIFEST.tsv`, 'utf8').split('\n')
    const head = lines[0]!.split('\t')
    const row = lines.find((l) => l.startsWith('lancashire-pcc/'))!.split('\t')
    const at = (c: string) => row[head.indexOf(c)]!
    return { rows: Number(at('payment_rows')), total: /GBP (-?\d+\.\d{2})/.exec(at('totals'))![1]! }
  }

  it('gives every sheet its payment rows, with the manifest total to the penny', async () => {
    const want = await manifest()
    const sheets = await readSheets(file)
    let rows = 0
    let pence = 0
    for (const s of sheets) {
      const amount = s.rows[0]!.findIndex((h) => /total/i.test(h))
      const date = s.rows[0]!.findIndex((h) => /date/i.test(h))
      for (const r of s.rows.slice(1)) {
        if (!r[amount]) continue
        rows++
        pence += penceOfText(r[amount]!)
        expect(r[date]).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }
    }
    expect(rows).toBe(want.rows)
    expect(formatPence(pence)).toBe(want.total)
  })

  it('lands whole with --new-body only, one sheet per month, with the manifest totals; the decorated "* SUPPLIER FINAL" is the payee', async () => {
    const want = await manifest()
    const report = await db.ingest(file, { newBody: { name: 'Lancashire Police and Crime Commissioner', gssCode: null, kind: 'police' } })
    expect(report).toMatchObject({ status: 'ingested', accepted: want.rows, totals: { GBP: want.total } })
    expect(report.columns.find((c) => c.field === 'supplier')).toMatchObject({ header: '* SUPPLIER FINAL' })
  })
})
