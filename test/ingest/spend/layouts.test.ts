import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPence } from '../../../ingest/spend/parse'
import type { FileReport } from '../../../ingest/spend/report'
import { type TempDb, openTempDb } from './helpers'

// Layouts real UK spend files use that our development set does not, generated here (nothing is
// copied from a publisher). Each file is the same dozen payments laid out another way; every
// one is ingested with `--new-body` only, as a new user would, and must either land with the
// payments' own count and total, or be refused with a reason and the `--map` that settles it.
// Expected figures come from the payments below, never from our output.

interface Payment {
  /** ISO day. */
  on: string
  supplier: string
  pence: number
  ref: string
  category: string
}

const suppliers = ['Acme Consulting Ltd', 'Beta Services PLC', 'Gamma Partners LLP', 'Delta Facilities Ltd', 'Epsilon Care CIC', 'Zeta Hire Ltd']
const payments: Payment[] = Array.from({ length: 12 }, (_, i) => ({
  on: `2023-04-${String(3 + i * 2).padStart(2, '0')}`,
  supplier: suppliers[i % suppliers.length]!,
  // Pence of every size, two credits (negative), one above a million pounds.
  pence: i === 4 ? -12_550 : i === 9 ? -99 : i === 7 ? 123_456_789 : 50_000 + i * 12_345 + (i % 3),
  ref: `INV${String(100_200 + i)}`,
  category: i % 2 ? 'Professional Fees' : 'Repairs and Maintenance',
}))
const total = formatPence(payments.reduce((s, p) => s + BigInt(p.pence), 0n))
const totalOf = (ps: readonly Payment[]) => formatPence(ps.reduce((s, p) => s + BigInt(p.pence), 0n))

// Ways of writing a day and an amount, each computed from the payment.
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
const dMonYY = (iso: string) => `${Number(iso.slice(8, 10))}-${months[Number(iso.slice(5, 7)) - 1]}-${iso.slice(2, 4)}`
const serialOf = (iso: string) => String((Date.parse(`${iso}T00:00:00Z`) - Date.parse('1899-12-30T00:00:00Z')) / 86_400_000)
const plain = (p: number) => formatPence(p)
const withThousands = (p: number) => {
  const [w, f] = formatPence(Math.abs(p)).split('.') as [string, string]
  return `${w.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`
}
const pounds = (p: number) => `${p < 0 ? '-' : ''}£${withThousands(p)}`
const brackets = (p: number) => (p < 0 ? `(${withThousands(p)})` : withThousands(p))
const trailingMinus = (p: number) => (p < 0 ? `${withThousands(p)}-` : withThousands(p))
const credit = (p: number) => (p < 0 ? `${withThousands(p)} CR` : withThousands(p))

type Cells = string[]

function table(
  header: Cells,
  row: (p: Payment, i: number) => Cells,
  { above = [], below = [] }: { above?: Cells[]; below?: Cells[] } = {},
): Cells[] {
  return [...above, header, ...payments.map(row), ...below]
}

const standard = (p: Payment): Cells => [dmy(p.on), p.supplier, p.category, p.ref, plain(p.pence)]
const STANDARD = ['Payment Date', 'Supplier Name', 'Expense Type', 'Transaction Number', 'Amount']

function delimited(rows: Cells[], delimiter = ',', newline = '\r\n'): string {
  const quote = (c: string) => (c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
  return rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline
}

type Sheet = { name: string; rows: Array<Array<ExcelJS.CellValue>>; merge?: string[] }

async function workbook(path: string, sheets: Sheet[]): Promise<void> {
  const book = new ExcelJS.Workbook()
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name)
    for (const r of s.rows) {
      const added = sheet.addRow(r)
      r.forEach((v, i) => {
        if (v instanceof Date) added.getCell(i + 1).numFmt = 'dd/mm/yyyy'
      })
    }
    for (const m of s.merge ?? []) sheet.mergeCells(m)
  }
  await book.xlsx.writeFile(path)
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

interface Layout {
  name: string
  file: string
  content: () => string | Buffer | Sheet[]
  /** The payments that land (default all), or the refusal expected. */
  expect?: { lands: readonly Payment[]; vatBasis?: string } | { refused: string; mentions: string[]; never?: string[] }
  /** A warning the report must carry. */
  warns?: string
  /** Rows that are not payments, each rejected with this code. */
  rejects?: string
  /** A warning the report must not carry. */
  noWarn?: string
  /** `--map` given with the file. */
  map?: Record<string, string>
}

// A month of payments whose first 240 rows fall on days 1-12: the first rows alone cannot tell
// day/month from month/day.
const aMonth: Payment[] = Array.from({ length: 320 }, (_, i) => ({
  on: `2023-05-${String(1 + Math.floor(i / 20)).padStart(2, '0')}`,
  supplier: suppliers[i % suppliers.length]!,
  pence: 10_000 + i * 101,
  ref: `PAY${300_000 + i}`,
  category: 'Repairs and Maintenance',
}))
const mdy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`
/** `rows` with a row of `extra` cells put in after the `at`th. */
const withRowAt = (rows: Cells[], at: number, extra: Cells) => [...rows.slice(0, at + 1), extra, ...rows.slice(at + 1)]

// The payments to the ten pounds, for a column in thousands of pounds with two decimals.
const tensOfPounds: Payment[] = payments.filter((p) => Math.abs(p.pence) >= 1000).map((p) => ({ ...p, pence: Math.round(p.pence / 1000) * 1000 }))

// The payments to the whole pound, for columns written without a decimal point.
const wholePounds: Payment[] = payments.map((p) => ({ ...p, pence: Math.round(p.pence / 100) * 100 }))

const layouts: Layout[] = [
  // --- above the header
  { name: 'title and preamble rows above the header, with blank rows', file: 'a-2023-04.csv', content: () => delimited(table(STANDARD, standard, { above: [['Expenditure over £500'], ['Published under the Transparency Code'], [], ['Period: April 2023'], ['', '', '', '', '']] })) },
  {
    name: 'twenty preamble rows above the header',
    file: 'b-2023-04.csv',
    content: () => delimited(table(STANDARD, standard, { above: Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? [] : [`Note ${i + 1}: figures are provisional and may be revised`])) })),
  },
  {
    name: 'a header split over two rows',
    file: 'c-2023-04.csv',
    content: () => delimited(table(['Date', 'Name', 'Type', 'Number', '(£)'], standard, { above: [['Spend over £500'], ['Payment', 'Supplier', 'Expense', 'Transaction', 'Amount']] })),
  },
  {
    name: 'a units row under the header ("(dd/mm/yyyy)", "(£)")',
    file: 'c2-2023-04.csv',
    content: () => delimited(table(STANDARD, standard, { above: [] }).flatMap((r, i) => (i === 0 ? [r, ['(dd/mm/yyyy)', '', '', '', '(£)']] : [r]))),
  },
  {
    name: 'an XLSX header over two rows, its cells merged down where a column has one word',
    file: 'c3-2023-04.xlsx',
    content: () => [
      {
        name: 'Data',
        merge: ['B1:B2', 'C1:C2'],
        rows: [['Payment', 'Supplier', 'Category', 'Amount'], ['Date', null, null, '(£)'], ...payments.map((p) => [day(p.on), p.supplier, p.category, p.pence / 100])],
      },
    ],
  },
  // --- decorated headers
  { name: 'headers decorated with *, £, units in brackets, trailing and non-breaking spaces', file: 'd-2023-04.csv', content: () => delimited(table(['* Payment Date ', '*Supplier\u00a0Name', 'Expense Type  ', 'Transaction No.', 'Amount (£)'], standard)) },
  { name: 'a UTF-8 BOM before an all-caps header', file: 'e-2023-04.csv', content: () => '\ufeff' + delimited(table(['PAYMENT DATE', 'SUPPLIER NAME', 'EXPENSE TYPE', 'TRANSACTION NUMBER', 'AMOUNT'], standard)) },
  { name: 'camelCase headers', file: 'f-2023-04.csv', content: () => delimited(table(['paymentDate', 'supplierName', 'expenseType', 'transactionNumber', 'amountPaid'], standard)) },
  { name: 'snake_case headers', file: 'g-2023-04.csv', content: () => delimited(table(['payment_date', 'supplier_name', 'expense_type', 'transaction_number', 'net_amount'], standard)) },
  // --- columns told apart by a designator word
  {
    name: '"Supplier ID" beside "Supplier Name"',
    file: 'h-2023-04.csv',
    content: () => delimited(table(['Supplier ID', 'Supplier Name', 'Payment Date', 'Amount'], (p, i) => [String(700_000 + i * 17), p.supplier, dmy(p.on), plain(p.pence)])),
  },
  {
    name: '"Amount" (gross) beside "Amount excl VAT" and "VAT": the net amount is read',
    file: 'i-2023-04.csv',
    content: () =>
      delimited(table(['Payment Date', 'Supplier Name', 'Amount', 'VAT', 'Amount excl VAT'], (p) => {
        const vat = Math.round(p.pence / 5)
        return [dmy(p.on), p.supplier, plain(p.pence + vat), plain(vat), plain(p.pence)]
      })),
    expect: { lands: payments, vatBasis: 'net' },
  },
  {
    name: '"Invoice Date" before "Payment Date": the payment date is read',
    file: 'i2-2023-04.csv',
    content: () => delimited(table(['Invoice Date', 'Payment Date', 'Supplier Name', 'Amount'], (p) => ['01/03/2023', dmy(p.on), p.supplier, plain(p.pence)])),
  },
  {
    name: 'an amount beside a VAT column, no word saying net or gross: the basis is stated unknown, not guessed',
    file: 'i3-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount', 'VAT'], (p) => [dmy(p.on), p.supplier, plain(p.pence), plain(Math.round(p.pence / 7))])),
    expect: { lands: payments, vatBasis: 'unknown' },
  },
  {
    name: 'an amount headed only "£"',
    file: 'i4-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Expense Type', '£'], (p) => [dmy(p.on), p.supplier, p.category, plain(p.pence)])),
  },
  {
    name: 'a quantity, a unit price and a line total: the line total is what was paid',
    file: 'i5-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Quantity', 'Unit Price', 'Line Total'], (p) => [dmy(p.on), p.supplier, '4', plain(Math.trunc(p.pence / 4)), plain(p.pence)])),
  },
  {
    name: '"Amount (EUR)" beside "Amount (GBP)": the pounds are read',
    file: 'i6-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (EUR)', 'Amount (GBP)'], (p) => [dmy(p.on), p.supplier, plain(Math.round(p.pence * 1.15)), plain(p.pence)])),
  },
  {
    name: 'an amount whose header says it is in pence',
    file: 'i7-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (pence)'], (p) => [dmy(p.on), p.supplier, String(p.pence)])),
  },
  {
    name: 'the payee under a header another field lists ("Account Name"), told by its company names',
    file: 'i8-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Account Name', 'Amount'], (p) => [dmy(p.on), p.supplier, plain(p.pence)])),
  },
  {
    name: '"Amount", "VAT" and "Total" where amount + VAT = total: the amount is net',
    file: 'i9-2023-04.csv',
    content: () =>
      delimited(table(['Payment Date', 'Supplier Name', 'Total', 'VAT', 'Amount'], (p) => {
        const vat = Math.round(p.pence / 5)
        return [dmy(p.on), p.supplier, plain(p.pence + vat), plain(vat), plain(p.pence)]
      })),
    expect: { lands: payments, vatBasis: 'net' },
  },
  {
    name: '"Amount (VAT)" beside "Amount (Gross)": the bracketed VAT note is not stripped to "amount"',
    file: 'i10-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (VAT)', 'Amount (Gross)'], (p) => [dmy(p.on), p.supplier, plain(Math.round(p.pence / 6)), plain(p.pence)])),
    expect: { lands: payments, vatBasis: 'gross' },
  },
  {
    name: '"Value (VAT element)" beside "Value (inc VAT)": the VAT element is not the payment',
    file: 'i11-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Value (VAT element)', 'Value (inc VAT)'], (p) => [dmy(p.on), p.supplier, plain(Math.round(p.pence / 6)), plain(p.pence)])),
    expect: { lands: payments, vatBasis: 'gross' },
  },
  {
    name: '"Amount (VAT)" beside a plain "Amount": the amount is read',
    file: 'i12-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (VAT)', 'Amount'], (p) => [dmy(p.on), p.supplier, plain(Math.round(p.pence / 6)), plain(p.pence)])),
  },
  {
    name: '"Amount (Pounds and Pence)" over whole numbers: pounds, not pence',
    file: 'i13-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (Pounds and Pence)'], (_, i) => [dmy(wholePounds[i]!.on), wholePounds[i]!.supplier, String(wholePounds[i]!.pence / 100)])),
    expect: { lands: wholePounds },
    noWarn: 'AMOUNT_IN_PENCE',
  },
  {
    name: '"Amount (to the nearest penny)": pounds, not pence',
    file: 'i14-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (to the nearest penny)'], (_, i) => [dmy(wholePounds[i]!.on), wholePounds[i]!.supplier, String(wholePounds[i]!.pence / 100)])),
    expect: { lands: wholePounds },
  },
  {
    name: '"Amount (£000s)": thousands of pounds, multiplied out',
    file: 'i16-2023-04.csv',
    content: () => delimited([['Payment Date', 'Supplier Name', 'Amount (£000s)'], ...tensOfPounds.map((p) => [dmy(p.on), p.supplier, (p.pence / 100_000).toFixed(2)])]),
    expect: { lands: tensOfPounds },
    warns: 'AMOUNT_IN_THOUSANDS',
  },
  {
    name: 'pence with a stated total in pence: the total is recognised, not a mismatch',
    file: 'i15-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Amount (pence)'], (p) => [dmy(p.on), p.supplier, String(p.pence)], { below: [['Total', '', String(payments.reduce((a, p) => a + p.pence, 0))]] })),
    warns: 'AMOUNT_IN_PENCE',
    noWarn: 'TOTAL_MISMATCH',
  },
  // --- amounts
  { name: 'amounts with £ and thousands separators', file: 'j-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [...standard(p).slice(0, 4), pounds(p.pence)])) },
  { name: 'credits in parentheses', file: 'k-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [...standard(p).slice(0, 4), brackets(p.pence)])) },
  { name: 'credits with a trailing minus', file: 'l-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [...standard(p).slice(0, 4), trailingMinus(p.pence)])) },
  { name: 'credits marked CR', file: 'm-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [...standard(p).slice(0, 4), credit(p.pence)])) },
  // --- dates
  { name: 'dates as d-MMM-yy', file: 'n-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [dMonYY(p.on), ...standard(p).slice(1)])) },
  { name: 'dates as yyyy-mm-dd', file: 'o-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [p.on, ...standard(p).slice(1)])) },
  { name: 'dates as Excel serial days in a CSV', file: 'p-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [serialOf(p.on), ...standard(p).slice(1)])) },
  { name: 'a month only ("Apr-2023")', file: 'q-2023-04.csv', content: () => delimited(table(['Period', 'Supplier Name', 'Expense Type', 'Transaction Number', 'Amount'], (p) => ['Apr-2023', ...standard(p).slice(1)])) },
  // --- bytes and dialect
  {
    name: 'Windows-1252 bytes, £ as 0xA3, in the header and the amounts',
    file: 'r-2023-04.csv',
    content: () => iconv.encode(delimited(table(['Payment Date', 'Supplier Name', 'Expense Type', 'Transaction Number', 'Amount £'], (p) => [...standard(p).slice(0, 4), pounds(p.pence)])), 'win1252'),
  },
  { name: 'semicolon-delimited', file: 's-2023-04.csv', content: () => delimited(table(STANDARD, (p) => [...standard(p).slice(0, 4), withThousands(p.pence).replace(/^/, p.pence < 0 ? '-' : '')]), ';') },
  { name: 'tab-delimited, LF line ends', file: 't-2023-04.csv', content: () => delimited(table(STANDARD, standard), '\t', '\n') },
  {
    name: 'line breaks inside quoted descriptions',
    file: 'u-2023-04.csv',
    content: () => delimited(table([...STANDARD, 'Description'], (p, i) => [...standard(p), i % 3 ? 'one line' : 'first line\r\nsecond line, with a comma'])),
  },
  {
    name: 'UTF-16LE with a BOM, tab-delimited (Excel\'s "Unicode text")',
    file: 't2-2023-04.csv',
    content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(delimited(table(STANDARD, (p) => [...standard(p).slice(0, 4), pounds(p.pence)]), '\t'), 'utf16le')]),
  },
  // --- below the table
  {
    name: 'a stated total row at the bottom',
    file: 'v-2023-04.csv',
    content: () => delimited(table(STANDARD, standard, { below: [[], ['Total', '', '', '', total]] })),
  },
  {
    name: 'a "Grand Total" row labelled in the payee column, and footer lines',
    file: 'v2-2023-04.csv',
    content: () => delimited(table(STANDARD, standard, { below: [['', 'Grand Total', '', '', total], [], ['Source: finance system extract'], ['© Crown copyright']] })),
  },
  {
    name: 'a summary table by supplier under the payments, with its own header (its rows rejected, not counted)',
    file: 'v3-2023-04.csv',
    content: () =>
      delimited(
        table(STANDARD, standard, {
          below: [[], ['Summary by supplier'], ['', 'Supplier', '', '', 'Total'], ...suppliers.map((name) => ['', name, '', '', totalOf(payments.filter((p) => p.supplier === name))])],
        }),
      ),
    rejects: 'OTHER_TABLE',
  },
  {
    name: 'a second block of payments under a reworded header ("Payment Date | Supplier | Amount £" over "Date | Supplier | Amount")',
    file: 'v4-2023-04.csv',
    content: () =>
      delimited([
        ['Date', 'Supplier', 'Amount'],
        ...payments.slice(0, 6).map((p) => [dmy(p.on), p.supplier, plain(p.pence)]),
        [],
        ['Payment Date', 'Supplier', 'Amount £'],
        ...payments.slice(6).map((p) => [dmy(p.on), p.supplier, plain(p.pence)]),
      ]),
  },
  {
    name: 'an XLSX whose first sheet ends in a summary table: the next sheet\'s payments are read (the summary\'s rows rejected)',
    file: 'v5-2023-04.xlsx',
    content: () => {
      const head = ['Payment Date', 'Supplier Name', 'Amount']
      const rows = (ps: readonly Payment[]) => ps.map((p) => [day(p.on), p.supplier, p.pence / 100])
      const early = payments.slice(0, 6)
      return [
        { name: 'Early', rows: [head, ...rows(early), [], [null, 'Supplier', 'Total'], ...early.map((p) => [null, p.supplier, p.pence / 100])] },
        { name: 'Late', rows: [head, ...rows(payments.slice(6))] },
      ]
    },
    rejects: 'OTHER_TABLE',
  },
  // --- payees withheld
  {
    name: 'redacted payees ("REDACTED", "Personal data")',
    file: 'w-2023-04.csv',
    content: () => delimited(table(STANDARD, (p, i) => [dmy(p.on), i === 2 ? 'REDACTED' : i === 5 ? 'Personal data' : p.supplier, ...standard(p).slice(2)])),
  },
  {
    name: 'payments whose payee and amount are withheld (",Redacted,,," rows): rejected as missing amounts, not skipped as footers',
    file: 'w2-2023-04.csv',
    content: () => delimited(withRowAt(withRowAt(table(STANDARD, standard), 3, ['', 'Redacted', '', '', '']), 8, ['', 'Personal Data Withheld', '', '', ''])),
    rejects: 'MISSING_AMOUNT',
  },
  // --- workbooks
  {
    name: 'an XLSX with a merged title row, a blank row, a notes sheet first and a summary sheet last',
    file: 'x-2023-04.xlsx',
    content: () => [
      { name: 'Notes', rows: [['About this data'], ['Payments over £500 made in April 2023.'], ['Amounts exclude VAT. Dates are payment dates.']] },
      {
        name: 'Apr 23',
        merge: ['A1:E1'],
        rows: [['Expenditure over £500: April 2023'], [], ['Payment Date', 'Supplier Name', 'Expense Type', 'Transaction Number', 'Net Amount (£)'], ...payments.map((p) => [day(p.on), p.supplier, p.category, p.ref, p.pence / 100])],
      },
      { name: 'Summary', rows: [['Expense Type', 'Total'], ['Repairs and Maintenance', 1], ['Professional Fees', 2]] },
    ],
  },
  {
    name: 'an XLSX whose dates are serial numbers and amounts text with £',
    file: 'y-2023-04.xlsx',
    content: () => [{ name: 'Sheet1', rows: [['Date Paid', 'Payee', 'Category', 'Ref', 'Value'], ...payments.map((p) => [Number(serialOf(p.on)), p.supplier, p.category, p.ref, pounds(p.pence)])] }],
  },
  {
    name: 'an XLSX with a total row that is a formula',
    file: 'y2-2023-04.xlsx',
    content: () => [
      {
        name: 'Spend',
        rows: [
          ['Payment Date', 'Supplier Name', 'Amount'],
          ...payments.map((p) => [day(p.on), p.supplier, p.pence / 100]),
          [null, 'Total', { formula: `SUM(C2:C${payments.length + 1})`, result: Number(total) } as never],
        ],
      },
    ],
  },
  // --- refusals: a guess would be a wrong total
  {
    name: 'two money columns no word sets apart (refused, naming both and the --map)',
    file: 'z-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Payment (GBP)', 'Invoice Total'], (p) => [dmy(p.on), p.supplier, plain(p.pence), plain(p.pence + 1000)])),
    expect: { refused: 'AMBIGUOUS_COLUMNS', mentions: ['--map amount="Payment (GBP)"', '--map amount="Invoice Total"'] },
  },
  {
    name: 'two amount columns whose names are both listed and whose values differ (refused: either would be a guess)',
    file: 'z2-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Value', 'Amount'], (p) => [dmy(p.on), p.supplier, plain(p.pence + 500), plain(p.pence)])),
    expect: { refused: 'AMBIGUOUS_COLUMNS', mentions: ['--map amount="Value"', '--map amount="Amount"'] },
  },
  {
    name: 'the paying council\'s name on every row beside an account name, no payee column (refused; that column never suggested as the payee)',
    file: 'z2b-2023-04.csv',
    content: () => delimited(table(['Organisation Name', 'Payment Date', 'Account Name', 'Amount'], (p, i) => ['Test Borough Council', dmy(p.on), ['Agency Staff', 'Consultancy Fees', 'Building Repairs'][i % 3]!, plain(p.pence)])),
    expect: { refused: 'MISSING_COLUMNS', mentions: ['--map supplier=HEADER'], never: ['--map supplier="Organisation Name"'] },
  },
  {
    name: 'a workbook with a sheet per month and a whole-period sheet repeating them (refused: read together they count each payment twice)',
    file: 'z3-2023-04.xlsx',
    content: () => {
      const head = ['Payment Date', 'Supplier Name', 'Amount']
      const rows = (ps: readonly Payment[]) => [head, ...ps.map((p) => [day(p.on), p.supplier, p.pence / 100])]
      return [
        { name: 'Early April', rows: rows(payments.slice(0, 6)) },
        { name: 'Late April', rows: rows(payments.slice(6)) },
        { name: 'All', rows: rows(payments) },
      ]
    },
    expect: { refused: 'SHEETS_OVERLAP', mentions: ['"All"', '--sheet'] },
  },
  {
    name: 'a sheet per half-month and a whole-period sheet holding the same payments with text dates and amounts (refused: compared as payments, not cell text)',
    file: 'z3b-2023-04.xlsx',
    content: () => {
      const head = ['Payment Date', 'Supplier Name', 'Amount']
      const rows = (ps: readonly Payment[]) => [head, ...ps.map((p) => [day(p.on), p.supplier, p.pence / 100])]
      return [
        { name: 'Early April', rows: rows(payments.slice(0, 6)) },
        { name: 'Late April', rows: rows(payments.slice(6)) },
        { name: 'Full period', rows: [head, ...payments.map((p) => [dmy(p.on), p.supplier.toUpperCase(), pounds(p.pence)])] },
      ]
    },
    expect: { refused: 'SHEETS_OVERLAP', mentions: ['"Full period"', '--sheet'] },
  },
  {
    name: 'two sheets of two payments each under the same footer lines: lands (footers are not repeated payments)',
    file: 'z3c-2023-04.xlsx',
    content: () => {
      const sheet = (name: string, ps: readonly Payment[]) => ({
        name,
        rows: [['Payment Date', 'Supplier Name', 'Amount'], ...ps.map((p) => [day(p.on), p.supplier, p.pence / 100]), [], ['Source: finance system'], ['© Crown copyright']],
      })
      return [sheet('Invoices', payments.slice(0, 2)), sheet('Card', payments.slice(2, 4))]
    },
    expect: { lands: payments.slice(0, 4) },
  },
  {
    name: 'two sheets sharing one recurring payment: lands (one payment in both is not a repeated sheet)',
    file: 'z3d-2023-04.xlsx',
    content: () => {
      const head = ['Payment Date', 'Supplier Name', 'Amount']
      const rows = (ps: readonly Payment[]) => [head, ...ps.map((p) => [day(p.on), p.supplier, p.pence / 100])]
      return [
        { name: 'Invoices', rows: rows(payments.slice(0, 3)) },
        { name: 'Card', rows: rows([payments[0]!, payments[3]!]) },
      ]
    },
    expect: { lands: [...payments.slice(0, 3), payments[0]!, payments[3]!] },
  },
  {
    name: 'separate Debit and Credit columns: one signed amount, the credits negative',
    file: 'z4-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Debit £', 'Credit £'], (p) => [dmy(p.on), p.supplier, p.pence >= 0 ? plain(p.pence) : '', p.pence < 0 ? plain(-p.pence) : ''])),
    warns: 'DEBIT_CREDIT_COLUMNS',
  },
  {
    name: 'Debit and Credit columns where one row has both (that row rejected: which was paid is not clear)',
    file: 'z4b-2023-04.csv',
    content: () => delimited(table(['Payment Date', 'Supplier Name', 'Dr', 'Cr'], (p, i) => [dmy(p.on), p.supplier, p.pence >= 0 ? plain(p.pence) : '', p.pence < 0 ? plain(-p.pence) : i === 3 ? '1.00' : ''])),
    expect: { lands: payments.filter((_, i) => i !== 3) },
    rejects: 'BAD_AMOUNT',
  },
  {
    name: 'a purchase ledger with the invoices in "Credit" (refused: debits less credits would total negative)',
    file: 'z4c-2023-04.csv',
    content: () => delimited(table(['Posting Date', 'Creditor Name', 'Debit', 'Credit'], (p) => [dmy(p.on), p.supplier, p.pence < 0 ? plain(-p.pence) : '', p.pence >= 0 ? plain(p.pence) : ''])),
    expect: { refused: 'AMBIGUOUS_COLUMNS', mentions: ['--map amount="Debit"', '--map amount="Credit"'] },
  },
  {
    name: 'the same ledger with --map amount="Credit": credits less debits',
    file: 'z4d-2023-04.csv',
    content: () => delimited(table(['Posting Date', 'Creditor Name', 'Debit', 'Credit'], (p) => [dmy(p.on), p.supplier, p.pence < 0 ? plain(-p.pence) : '', p.pence >= 0 ? plain(p.pence) : ''])),
    map: { amount: 'Credit' },
  },
  {
    name: 'Debit and Credit columns with a stated total of both: the total is debits less credits',
    file: 'z4e-2023-04.csv',
    content: () =>
      delimited(table(['Payment Date', 'Supplier Name', 'Debit', 'Credit'], (p) => [dmy(p.on), p.supplier, p.pence >= 0 ? plain(p.pence) : '', p.pence < 0 ? plain(-p.pence) : ''], {
        below: [['Total', '', plain(payments.filter((p) => p.pence > 0).reduce((a, p) => a + p.pence, 0)), plain(-payments.filter((p) => p.pence < 0).reduce((a, p) => a + p.pence, 0))]],
      })),
    noWarn: 'TOTAL_MISMATCH',
  },
  {
    name: 'a UK month whose date header says dd/mm/yyyy, with one US-style typo among the first rows (that row rejected, the rest day/month)',
    file: 'z5b-2023-05.csv',
    content: () => delimited(withRowAt([['Payment Date (dd/mm/yyyy)', 'Supplier Name', 'Amount'], ...aMonth.map((p) => [dmy(p.on), p.supplier, plain(p.pence)])], 50, ['05/13/2023', 'Typo Ltd', '1.00'])),
    expect: { lands: aMonth },
    rejects: 'BAD_DATE',
  },
  {
    name: 'the same UK month, its header silent on the order (refused: the typo says month-first, later rows day-first)',
    file: 'z5c-2023-05.csv',
    content: () => delimited(withRowAt([['Payment Date', 'Supplier Name', 'Amount'], ...aMonth.map((p) => [dmy(p.on), p.supplier, plain(p.pence)])], 50, ['05/13/2023', 'Typo Ltd', '1.00'])),
    expect: { refused: 'DATE_ORDER_CONFLICT', mentions: ['line 52', '"05/13/2023"'] },
  },
  {
    name: 'a US month whose first 240 days are all 1-12 (refused: read day-first, those rows would land in the wrong month)',
    file: 'z5d-2023-05.csv',
    content: () => delimited([['Payment Date', 'Supplier Name', 'Amount'], ...aMonth.map((p) => [mdy(p.on), p.supplier, plain(p.pence)])]),
    expect: { refused: 'DATE_ORDER_CONFLICT', mentions: ['lines 242, 243', '(mm/dd/yyyy)'] },
  },
  {
    name: 'the same US month with "(mm/dd/yyyy)" in its date header: read month/day/year',
    file: 'z5e-2023-05.csv',
    content: () => delimited([['Payment Date (mm/dd/yyyy)', 'Supplier Name', 'Amount'], ...aMonth.map((p) => [mdy(p.on), p.supplier, plain(p.pence)])]),
    expect: { lands: aMonth },
    warns: 'MONTH_FIRST_DATES',
  },
  {
    name: 'month-first (US) dates: read month/day/year, because some date can only be, with a warning',
    file: 'z5-2023-04.csv',
    content: () => delimited(table(STANDARD, (p) => [`${p.on.slice(5, 7)}/${p.on.slice(8, 10)}/${p.on.slice(0, 4)}`, ...standard(p).slice(1)])),
    warns: 'MONTH_FIRST_DATES',
  },
]

let db: TempDb
const reports = new Map<string, FileReport>()
beforeAll(async () => {
  db = await openTempDb([])
  for (const layout of layouts) {
    const content = layout.content()
    const path = db.file(layout.file, Array.isArray(content) ? Buffer.alloc(0) : content)
    if (Array.isArray(content)) await workbook(path, content)
    // A body per layout: no file's payments are another's duplicates.
    reports.set(layout.name, await db.ingest(path, { newBody: { name: `Layout ${layout.file}`, gssCode: null, kind: 'other' }, writer: 'direct', ...(layout.map ? { map: layout.map } : {}) }))
  }
}, 120_000)
afterAll(() => db?.cleanup())

describe('layouts not in our development set, read on first sight with --new-body only', () => {
  it.each(layouts.filter((l) => !l.expect || 'lands' in l.expect))('$name: lands with every payment and the right total', (layout) => {
    const r = reports.get(layout.name)!
    const lands = layout.expect && 'lands' in layout.expect ? layout.expect.lands : payments
    expect({ status: r.status, errors: r.errors.filter((e) => e.code !== layout.rejects).slice(0, 3) }).toEqual({ status: 'ingested', errors: [] })
    expect(r.totals).toEqual({ GBP: totalOf(lands) })
    expect(r.accepted).toBe(lands.length)
    const stored = db.all<{ paidOn: string; payee: string; pence: number; vatBasis: string }>(
      `SELECT p.paid_on AS paidOn, p.payee_name AS payee, p.amount_pence AS pence, p.vat_basis AS vatBasis FROM payments p
       JOIN spend_files f ON f.id = p.spend_file_id WHERE f.file_name = ? ORDER BY p.line`,
      layout.file,
    )
    const monthOnly = layout.file.startsWith('q-')
    expect(stored.map((s) => [s.paidOn, s.pence])).toEqual(lands.map((p) => [monthOnly ? p.on.slice(0, 7) : p.on, p.pence]))
    if (layout.warns) expect(r.warnings.map((w) => w.code)).toContain(layout.warns)
    if (layout.rejects) expect(r.errors.filter((e) => e.code === layout.rejects).length).toBeGreaterThan(0)
    if (layout.noWarn) expect(r.warnings.map((w) => w.code)).not.toContain(layout.noWarn)
    if (layout.expect && 'lands' in layout.expect && layout.expect.vatBasis) expect(new Set(stored.map((s) => s.vatBasis))).toEqual(new Set([layout.expect.vatBasis]))
  })

  it.each(layouts.filter((l) => l.expect && 'refused' in l.expect))('$name', (layout) => {
    const r = reports.get(layout.name)!
    const want = layout.expect as { refused: string; mentions: string[]; never?: string[] }
    expect(r.status).toBe('refused')
    expect(r.errors[0]!.code).toBe(want.refused)
    for (const m of want.mentions) expect(r.errors[0]!.message).toContain(m)
    for (const m of want.never ?? []) expect(r.errors[0]!.message).not.toContain(m)
  })
})
