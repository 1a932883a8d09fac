import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatPence, parseAmount } from '../../../ingest/spend/parse'
import { type TempDb, csv, openTempDb } from './helpers'

// Spend files from bodies nobody here has seen, written to trip the inference: each must be
// read right (totals computed here from the rows) or refused, never landed with a wrong total.

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

/** The exact sum of one column of `rows`, as the report writes totals. */
function total(rows: string[][], column: number): string {
  let sum = 0n
  for (const row of rows) {
    const a = parseAmount(row[column]!)
    if (!a.ok) throw new Error(`not an amount: ${row[column]}`)
    sum += BigInt(a.pence)
  }
  return formatPence(sum)
}

describe('a contract, budget or running-total column beside the payment', () => {
  const payees = ['Acme Consulting Ltd', 'Blue Sky Services LLP', 'City Print PLC', 'Delta Care Ltd']
  const paid = ['1000.00', '500.00', '75.50', '24.50']
  const dates = ['03/04/2024', '05/04/2024', '09/04/2024', '10/04/2024']
  const pence = (a: string) => {
    const p = parseAmount(a)
    if (!p.ok) throw new Error(`not an amount: ${a}`)
    return BigInt(p.pence)
  }
  // Row n = row n-1 + this row's payment.
  const running = paid.map((_, i) => formatPence(paid.slice(0, i + 1).reduce((s, p) => s + pence(p), 0n)))
  const other = ['25000.00', '12000.00', '3000.00', '900.00']

  it.each([
    ['Payment', 'Contract Value', other],
    ['Paid (£)', 'Running Total', running],
    ['Cost', 'Budget Total', other],
    ['Amount Paid', 'Cumulative Spend', running],
    ['Payment', 'Sum', running],
    ['Payment', 'Annual Forecast', other],
  ])('%j beside %j lands the payments', async (payment, decoy, decoyValues) => {
    const rows = dates.map((d, i) => [d, payees[i]!, paid[i]!, decoyValues[i]!])
    const report = await db.ingest(db.file('x-2024-04.csv', csv([['Payment Date', 'Supplier', payment, decoy], ...rows])), { body: 'oxford' })
    expect(report.status).toBe('ingested')
    expect(report.totals).toEqual({ GBP: total(rows, 2) })
    expect(report.columns.find((c) => c.field === 'amount')?.header).toBe(payment)
  })

  it('refuses two money columns the header words alone barely tell apart, naming the --map', async () => {
    const rows = dates.map((d, i) => [d, payees[i]!, paid[i]!, other[i]!])
    const report = await db.ingest(db.file('y-2024-04.csv', csv([['Date', 'Supplier', 'Payment (GBP)', 'Invoice Total'], ...rows])), { body: 'oxford' })
    expect(report.status).toBe('refused')
    expect(report.errors.map((e) => e.code)).toEqual(['AMBIGUOUS_COLUMNS'])
    expect(report.errors[0]!.message).toContain('--map amount="Payment (GBP)"')
  })
})
