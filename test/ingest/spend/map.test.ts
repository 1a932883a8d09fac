import { describe, expect, it } from 'vitest'
import { inferColumns } from '../../../ingest/spend/infer'
import { makePlan, mapRow, type PaymentDraft } from '../../../ingest/spend/map'

const header = ['Body', 'Service Area', 'Expenditure Category', 'Payment Date', 'Transaction Number', 'Net Amount (£)', 'Currency', 'Supplier Name', 'Description', 'Capital or Revenue']
const plan = makePlan(header, inferColumns(header, []), ',')
const row = (cells: Partial<Record<(typeof header)[number], string>>) => header.map((h) => cells[h] ?? '')

const base = {
  Body: 'OCC',
  'Service Area': 'Housing',
  'Expenditure Category': 'Consultants Fees',
  'Payment Date': '26-May-11',
  'Transaction Number': '46296351 - 1',
  'Net Amount (£)': '1,708.75',
  Currency: '',
  'Supplier Name': 'IMPOWER CONSULTING LTD      ',
  Description: 'Phase 2\nreview ',
  'Capital or Revenue': 'R',
}

const payment: PaymentDraft = {
  line: 7,
  body: 'OCC',
  bodyCode: null,
  payeeName: 'IMPOWER CONSULTING LTD',
  payeeType: null,
  supplierRef: null,
  companyNumber: null,
  paidOn: '2011-05-26',
  paidPrecision: 'day',
  dateNote: null,
  amountPence: 170875,
  currency: 'GBP',
  amountRounded: false,
  vatBasis: 'net',
  vatPence: null,
  expenseCategory: null,
  expenseType: 'Consultants Fees',
  expenseCode: null,
  serviceArea: 'Housing',
  serviceDivision: null,
  description: 'Phase 2\nreview',
  transactionRef: '46296351 - 1',
  capitalOrRevenue: 'revenue',
}

describe('mapRow', () => {
  it('maps a payment row to a draft', () => {
    expect(mapRow(row(base), 7, plan)).toEqual({ kind: 'payment', payment })
  })

  it('keeps credits negative, in any notation', () => {
    for (const [text, pence] of [['688.83-', -68883], ['(1,234.56)', -123456], ['-9.90', -990], ['12.00 CR', -1200]] as const) {
      expect(mapRow(row({ ...base, 'Net Amount (£)': text }), 7, plan)).toEqual({ kind: 'payment', payment: { ...payment, amountPence: pence } })
    }
  })

  it('stores a lost date as unknown, saying why', () => {
    expect(mapRow(row({ ...base, 'Payment Date': '00:00:00' }), 7, plan)).toEqual({
      kind: 'payment',
      payment: { ...payment, paidOn: null, paidPrecision: 'unknown', dateNote: 'time only (00:00:00)' },
    })
  })

  it('takes the currency from the currency column, and never mixes it with a symbol that disagrees', () => {
    // The amount's header says (£): a currency column or a symbol saying otherwise is a conflict, not a conversion.
    expect(mapRow(row({ ...base, Currency: 'GBP' }), 7, plan)).toEqual({ kind: 'payment', payment: { ...payment, currency: 'GBP' } })
    expect(mapRow(row({ ...base, Currency: 'EUR' }), 7, plan)).toMatchObject({ kind: 'reject', reject: { code: 'CURRENCY_CONFLICT', column: 'Currency' } })
    expect(mapRow(row({ ...base, 'Net Amount (£)': '€12.00' }), 7, plan)).toMatchObject({ kind: 'reject', reject: { code: 'CURRENCY_CONFLICT', column: 'Net Amount (£)' } })
    expect(mapRow(row({ ...base, 'Net Amount (£)': '£12.00', Currency: 'USD' }), 7, plan)).toMatchObject({
      kind: 'reject',
      reject: { code: 'CURRENCY_CONFLICT', column: 'Net Amount (£)' },
    })
    expect(mapRow(row({ ...base, Currency: 'CHF' }), 7, plan)).toMatchObject({ kind: 'reject', reject: { code: 'UNSUPPORTED_CURRENCY', column: 'Currency' } })
  })

  it('rejects what it cannot read, keeping the row verbatim with line, column and reason', () => {
    const cells = row({ ...base, 'Net Amount (£)': 'twelve' })
    expect(mapRow(cells, 9, plan)).toEqual({
      kind: 'reject',
      reject: {
        line: 9,
        column: 'Net Amount (£)',
        code: 'BAD_AMOUNT',
        message: '"twelve" is not an amount',
        // Re-joined with the file's delimiter: cells with a break, a quote or edge spaces are quoted.
        raw: 'OCC,Housing,Consultants Fees,26-May-11,46296351 - 1,twelve,,"IMPOWER CONSULTING LTD      ","Phase 2\nreview ",R',
      },
    })
    expect(mapRow(row({ ...base, 'Net Amount (£)': '' }), 9, plan)).toMatchObject({ kind: 'reject', reject: { code: 'MISSING_AMOUNT' } })
    expect(mapRow(row({ ...base, 'Payment Date': '31/02/2023' }), 9, plan)).toMatchObject({ kind: 'reject', reject: { code: 'BAD_DATE', column: 'Payment Date' } })
    expect(mapRow(row({ ...base, 'Payment Date': '', 'Supplier Name': '' }), 9, plan)).toMatchObject({
      kind: 'reject',
      reject: { code: 'INCOMPLETE_ROW' },
      amountOnly: { pence: 170875, currency: 'GBP' },
    })
  })

  it('rejects rows whose fields do not line up with the header', () => {
    expect(mapRow([...row(base), 'extra'], 3, plan)).toMatchObject({ kind: 'reject', reject: { code: 'TOO_MANY_FIELDS', column: null } })
    expect(mapRow([...row(base), '', ''], 3, plan)).toMatchObject({ kind: 'payment' })
    expect(mapRow(row(base).slice(0, 5), 3, plan)).toMatchObject({ kind: 'reject', reject: { code: 'TOO_FEW_FIELDS' } })
    expect(mapRow(row(base), 3, plan, true)).toMatchObject({ kind: 'reject', reject: { code: 'MALFORMED_QUOTES' } })
  })

  it('skips blank and comma-only rows and a repeated header', () => {
    expect(mapRow(['', '  ', ''], 3, plan)).toEqual({ kind: 'skip', reason: 'blank' })
    expect(mapRow([''], 3, plan)).toEqual({ kind: 'skip', reason: 'blank' })
    expect(mapRow(header, 3, plan)).toEqual({ kind: 'skip', reason: 'repeated_header' })
  })

  it('recognises total rows and the total they state', () => {
    expect(mapRow(row({ Body: 'Grand Total', 'Net Amount (£)': '77,290,968.66' }), 3, plan)).toEqual({
      kind: 'total',
      label: 'Grand Total',
      pence: 7729096866,
      grand: true,
    })
    expect(mapRow(row({ 'Supplier Name': 'TOTAL', 'Net Amount (£)': '10.00' }), 3, plan)).toMatchObject({ kind: 'total', pence: 1000, grand: true })
    expect(mapRow(row({ 'Service Area': 'Sub-total Housing', 'Net Amount (£)': '10.00' }), 3, plan)).toMatchObject({ kind: 'total', grand: false })
    expect(mapRow(row({ 'Supplier Name': 'Grand Total:', 'Net Amount (£)': '10.00' }), 3, plan)).toMatchObject({ kind: 'total', grand: true })
    expect(mapRow(row({ 'Supplier Name': 'Total for May 2011', 'Net Amount (£)': '10.00' }), 3, plan)).toMatchObject({ kind: 'total' })
  })

  it('reads a group\'s total as a subtotal, and the whole file\'s however it is worded as the grand total', () => {
    expect(mapRow(row({ 'Service Area': 'Adult Services Total', 'Net Amount (£)': '10.00' }), 3, plan)).toMatchObject({ kind: 'total', grand: false })
    for (const label of ['Overall Total', 'Report Total', 'Final Total'])
      expect({ label, ...mapRow(row({ 'Service Area': label, 'Net Amount (£)': '10.00' }), 3, plan) }).toMatchObject({ label, kind: 'total', grand: true })
  })

  it('keeps a supplier whose name starts with "Total" as a payment, even with its date lost and no reference', () => {
    const outcome = mapRow(row({ 'Supplier Name': 'Total Gas & Power Ltd', 'Payment Date': '00:00:00', 'Net Amount (£)': '1,200.00' }), 9, plan)
    expect(outcome).toMatchObject({ kind: 'payment', payment: { payeeName: 'Total Gas & Power Ltd', amountPence: 120000, paidOn: null, paidPrecision: 'unknown' } })
  })

  it('keeps a supplier called "Total …" as a payment', () => {
    const cells = row({ ...base, 'Supplier Name': 'TOTAL GAS & POWER LTD', 'Payment Date': '00:00:00' })
    expect(mapRow(cells, 3, plan)).toMatchObject({ kind: 'payment', payment: { payeeName: 'TOTAL GAS & POWER LTD' } })
  })
})

describe('another table under the payments', () => {
  const head = ['Payment Date', 'Supplier Name', 'Amount']
  const fresh = () => makePlan(head, inferColumns(head, []), ',')

  it('rejects its rows until a dated payment with a payee follows', () => {
    const p = fresh()
    expect(mapRow(['', 'Supplier', 'Total'], 10, p)).toMatchObject({ kind: 'reject', reject: { code: 'OTHER_TABLE' } })
    expect(mapRow(['', 'Acme Ltd', '1200.00'], 11, p)).toMatchObject({ kind: 'reject', reject: { code: 'OTHER_TABLE' } })
    expect(mapRow(['03/05/2023', 'Gamma Ltd', '700.00'], 12, p)).toMatchObject({ kind: 'payment' })
    expect(p.otherTable).toBeNull()
  })

  it('ends at the next sheet of a workbook, even where its first payments are undated', () => {
    const p = fresh()
    p.sheetStarts = new Set([12])
    expect(mapRow(['', 'Supplier', 'Total'], 10, p)).toMatchObject({ kind: 'reject', reject: { code: 'OTHER_TABLE' } })
    expect(mapRow(['', 'Acme Ltd', '1200.00'], 11, p)).toMatchObject({ kind: 'reject', reject: { code: 'OTHER_TABLE' } })
    expect(mapRow(['', 'Gamma Ltd', '700.00'], 12, p)).toMatchObject({ kind: 'payment' })
  })

  it('takes our header reworded, in place, as our header again', () => {
    const p = fresh()
    expect(mapRow(['Date', 'Supplier', 'Amount £'], 10, p)).toEqual({ kind: 'skip', reason: 'repeated_header' })
    expect(mapRow(['Supplier', 'Date', 'Amount £'], 11, p)).toMatchObject({ kind: 'reject', reject: { code: 'OTHER_TABLE' } })
  })
})

describe('an undated row restating the payments above it', () => {
  const cols = ['Supplier Name', 'Payment Date', 'Amount']
  const kinds = (rows: string[][]) => {
    const p = makePlan(cols, inferColumns(cols, []), ',')
    return rows.map((r, i) => mapRow(r, i + 2, p).kind)
  }
  it('is the file\'s summary when it holds their sum, their number or their mean, whatever its label', () => {
    expect(kinds([['Acme Ltd', '01/05/2023', '100.00'], ['Beta Ltd', '02/05/2023', '50.00'], ['Total value of payments', '', '150.00'], ['Number of payments', '', '2'], ['Average', '', '75.00']])).toEqual(['payment', 'payment', 'total', 'skip', 'skip'])
  })
  it('is a payment when its figure is none of those, or a reference identifies it', () => {
    expect(kinds([['Acme Ltd', '01/05/2023', '100.00'], ['Beta Ltd', '02/05/2023', '50.00'], ['Total Gas & Power Ltd', '', '12.00']])).toEqual(['payment', 'payment', 'payment'])
  })
})

describe('a text cell split at an unquoted delimiter', () => {
  const cols = ['Payment Date', 'Supplier Name', 'Service Area', 'Transaction Number', 'Amount']
  const p = makePlan(cols, inferColumns(cols, []), ',')
  const paid = (cells: string[]) => {
    const out = mapRow(cells, 2, p)
    return out.kind === 'payment' ? { payee: out.payment.payeeName, pence: out.payment.amountPence, on: out.payment.paidOn } : out.kind
  }

  it('is joined back when one way of joining reads: "OLLIVIERRE, J" and "Legal, People & Communications"', () => {
    expect(paid(['01/06/2019', 'OLLIVIERRE', ' J', 'Housing', 'T1', '49583.48'])).toEqual({ payee: 'OLLIVIERRE, J', pence: 4958348, on: '2019-06-01' })
    expect(paid(['01/06/2019', 'Smith', ' J', 'Legal', ' People & Communications', 'T2', '-12.50'])).toEqual({ payee: 'Smith, J', pence: -1250, on: '2019-06-01' })
  })

  it('is rejected when the pieces could belong to either cell, or an amount was split', () => {
    // "SMITH,J": no space says where the comma stood.
    expect(paid(['01/06/2019', 'SMITH', 'J', 'Housing', 'T1', '10.00'])).toBe('reject')
    // An unquoted "£1,234.56": the amount itself is split, and figures are never mended.
    expect(paid(['01/06/2019', 'Acme Ltd', 'Housing', 'T1', '£1', '234.56'])).toBe('reject')
  })
})
