import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inferColumns } from '../../../ingest/spend/infer'
import { makePlan, mapRow } from '../../../ingest/spend/map'
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

describe('--replace and duplicates', () => {
  const header = ['Payment Date', 'Supplier Name', 'Transaction Number', 'Net Amount']
  const may = [
    ['03/05/2023', 'Acme Ltd', 'T1', '100.00'],
    ['04/05/2023', 'Beta Ltd', 'T2', '200.00'],
  ]
  /** What every answer reads (the rollups) and what counts (payments not marked duplicates). */
  const counted = () => ({
    rollup: db.one('SELECT SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup'),
    payments: db.one('SELECT SUM(amount_pence) AS t, COUNT(*) AS n FROM payments WHERE duplicate_of IS NULL'),
  })

  it('a corrected file replacing its first version keeps every payment counted', async () => {
    await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([header, ...may])), { body: 'oxford' })
    const corrected = [...may, ['05/05/2023', 'Gamma Ltd', 'T3', '30.00']]
    const report = await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([header, ...corrected])), { body: 'oxford', replace: 'oxford-invoices-2023-05.csv' })
    expect(report).toMatchObject({ status: 'ingested', accepted: 3, duplicates: 0, totals: { GBP: total(corrected, 3) } })
    const expected = { t: Number(total(corrected, 3).replace('.', '')), n: corrected.length }
    expect(counted()).toEqual({ rollup: expected, payments: expected })
  })

  it('when a file is retired, the later rows that repeated its payments count again', async () => {
    await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([header, ...may])), { body: 'oxford' })
    // A quarter file repeating both May payments: stored as duplicates.
    const quarter = [...may, ['20/06/2023', 'Delta Ltd', 'T4', '40.00']]
    const q = await db.ingest(db.file('oxford-2023-q2.csv', csv([header, ...quarter])), { body: 'oxford', period: { start: '2023-04-01', end: '2023-06-30' } })
    expect(q).toMatchObject({ duplicates: 2 })
    // The May file is replaced by one without T2: the quarter's T2 is now the only record of it.
    const corrected = [may[0]!]
    await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([header, ...corrected])), { body: 'oxford', replace: 'oxford-invoices-2023-05.csv' })
    // T1 is in both live files: one of them counts. T2 and T4 count once each.
    const live = [corrected[0]!, quarter[1]!, quarter[2]!]
    const expected = { t: Number(total(live, 3).replace('.', '')), n: live.length }
    expect(counted()).toEqual({ rollup: expected, payments: expected })
  })
})

describe('the currency an amount header names', () => {
  const rows = [
    ['03/04/2024', 'Acme Consulting Ltd', '1000.00'],
    ['05/04/2024', 'Blue Sky Services LLP', '500.00'],
  ]
  it.each([
    ['Amount (€)', 'EUR'],
    ['Amount ($)', 'USD'],
    ['Amount (EUR)', 'EUR'],
    ['Amount USD', 'USD'],
    ['Value in Euros', 'EUR'],
    ['Paid (£)', 'GBP'],
  ])('%j is an amount in %s', async (header, currency) => {
    const report = await db.ingest(db.file('c-2024-04.csv', csv([['Date', 'Supplier', header], ...rows])), { body: 'oxford' })
    expect(report.totals).toEqual({ [currency]: total(rows, 2) })
  })

  it('a currency column that contradicts the header rejects the row', async () => {
    const withCcy = [[...rows[0]!, 'USD'], [...rows[1]!, 'EUR']]
    const report = await db.ingest(db.file('d-2024-04.csv', csv([['Date', 'Supplier', 'Amount (EUR)', 'Currency'], ...withCcy])), { body: 'oxford' })
    expect(report.totals).toEqual({ EUR: total([withCcy[1]!], 2) })
    expect(report.errors).toEqual([{ line: 2, column: 'Currency', code: 'CURRENCY_CONFLICT', message: "the amount's header says EUR but the currency column says USD" }])
  })

  it('"Amount GBP" beside "Original Amount, Original Currency" is pounds, never tagged with the original currency', async () => {
    const card = [
      ['03/04/2024', 'Hotel de Paris SA', '100.00', 'EUR', '86.00'],
      ['05/04/2024', 'Trainline Ltd', '50.00', 'GBP', '50.00'],
    ]
    const report = await db.ingest(db.file('e-2024-04.csv', csv([['Transaction Date', 'Merchant Name', 'Original Amount', 'Original Currency', 'Amount GBP'], ...card])), { body: 'oxford' })
    expect(report).toMatchObject({ status: 'ingested', accepted: 2, rejected: 0 })
    expect(report.totals).toEqual({ GBP: total(card, 4) })
  })
})

describe('a currency column whose header says so', () => {
  it('is read even when some cells are not a currency we hold; those rows are rejected', async () => {
    const rows = [
      ['03/04/2024', 'Acme Consulting Ltd', '1000.00', 'Sterling'],
      ['05/04/2024', 'Blue Sky Services LLP', '500.00', 'Euro'],
      ['06/04/2024', 'Zurich Advisory AG', '75.00', 'Swiss Franc'],
    ]
    const report = await db.ingest(db.file('f-2024-04.csv', csv([['Date', 'Supplier', 'Amount', 'Cur'], ...rows])), { body: 'oxford' })
    expect(report.totals).toEqual({ GBP: total([rows[0]!], 2), EUR: total([rows[1]!], 2) })
    expect(report.errors).toEqual([{ line: 4, column: 'Cur', code: 'UNSUPPORTED_CURRENCY', message: 'currency "Swiss Franc" is not one we hold (GBP, EUR, USD)' }])
  })

  it('a currency word in a column we do not read rejects the row (UNREAD_CURRENCY)', async () => {
    // Past the rows the inference samples, so no column is read as the currency.
    const rows = Array.from({ length: 300 }, (_, i) => ['03/04/2024', `Supplier ${i} Ltd`, '10.00', ''])
    rows.push(['04/04/2024', 'Paris Hotel SA', '99.00', 'Euros'])
    const report = await db.ingest(db.file('g-2024-04.csv', csv([['Date', 'Supplier', 'Amount', 'Notes'], ...rows])), { body: 'oxford' })
    expect(report.totals).toEqual({ GBP: total(rows.slice(0, 300), 2) })
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([[302, 'UNREAD_CURRENCY']])
  })
})

describe('spelling correction never turns one real word into another', () => {
  it('"Payer Name" beside "Vendor Name": the vendor is the payee', async () => {
    const rows = [
      ['03/04/2024', 'Oxford City Council', 'Acme Consulting Ltd', '1000.00'],
      ['05/04/2024', 'Oxford City Council', 'Blue Sky Services LLP', '500.00'],
    ]
    const report = await db.ingest(db.file('p-2024-04.csv', csv([['Date', 'Payer Name', 'Vendor Name', 'Amount'], ...rows])), { body: 'oxford' })
    expect(report).toMatchObject({ status: 'ingested', totals: { GBP: total(rows, 3) } })
    expect(db.all('SELECT payee_name AS payee FROM payments ORDER BY line')).toEqual(rows.map((r) => ({ payee: r[2] })))
  })
})

describe('rows wider than the header', () => {
  it('reads them by position only when every row has the same width; a row of another width is rejected', async () => {
    // Every row carries one unnamed cell; one row also has an unquoted "£1,234.56" split in two.
    const text = 'Date,Supplier,Amount\r\n03/04/2024,Acme Consulting Ltd,10.00,X1\r\n04/04/2024,Blue Sky LLP,5.00,X2\r\n05/04/2024,City Print PLC,£1,234.56,X3\r\n'
    // Every row rejected: refused as a whole unless the readable rows are asked for.
    const refused = await db.ingest(db.file('w-2024-04.csv', text), { body: 'oxford' })
    expect(refused.status).toBe('refused')
    expect(refused.errors[0]).toMatchObject({ code: 'MOSTLY_REJECTED', line: 2, column: null })
    expect(refused.errors[0]!.message).toContain('3 of 3 data rows were rejected')
    const report = await db.ingest(db.file('w-2024-04.csv', text), { body: 'oxford', allowRejects: true })
    // Widths differ: no reading by position, so no row lands a shifted amount.
    expect(report.totals).toEqual({})
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([[2, 'TOO_MANY_FIELDS'], [3, 'TOO_MANY_FIELDS'], [4, 'TOO_MANY_FIELDS']])
  })

  it('a row of another width than the rows sampled is rejected, not read by position', () => {
    const header = ['Date', 'Supplier', 'Amount']
    const plan = makePlan(header, inferColumns(header, [['03/04/2024', 'Acme Ltd', '10.00']]), ',', 4)
    expect(mapRow(['03/04/2024', 'Acme Ltd', '10.00', 'X1'], 5, plan)).toMatchObject({ kind: 'payment', payment: { amountPence: 1000 } })
    expect(mapRow(['04/04/2024', 'City Print PLC', '£1', '234.56', 'X'], 6, plan)).toMatchObject({
      kind: 'reject',
      reject: { line: 6, code: 'TOO_MANY_FIELDS', message: 'the row has 5 fields where every other row has 4: an unquoted delimiter inside a field shifts the columns' },
    })
  })
})

describe('which date, and a VAT rate', () => {
  it.each([
    ['Invoice Date', 'Clearing Date'],
    ['Document Date', 'Date Posted'],
  ])('%j beside %j: the payment event wins, listed synonym or not', async (invoice, paid) => {
    {
      const rows = [
        ['28/02/2024', '03/04/2024', 'Acme Consulting Ltd', '1000.00'],
        ['15/03/2024', '05/04/2024', 'Blue Sky Services LLP', '500.00'],
      ]
      const name = `${paid.replace(' ', '')}-2024-04.csv`
      const report = await db.ingest(db.file(name, csv([[invoice, paid, 'Supplier', 'Amount'], ...rows])), { body: 'oxford' })
      expect(report.columns.find((c) => c.field === 'date')?.header).toBe(paid)
      const stored = db.all<{ on: string }>('SELECT p.paid_on AS "on" FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.file_name = ? ORDER BY p.line', name)
      expect(stored.map((r) => r.on)).toEqual(rows.map((r) => r[1]!.split('/').reverse().join('-')))
    }
  })

  it('"VAT %" is a rate, not a VAT amount', async () => {
    const rows = [
      ['03/04/2024', 'Acme Consulting Ltd', '1000.00', '20'],
      ['05/04/2024', 'Blue Sky Services LLP', '500.00', '20'],
    ]
    const report = await db.ingest(db.file('r-2024-04.csv', csv([['Date', 'Supplier', 'Amount', 'VAT %'], ...rows])), { body: 'oxford' })
    expect(report.columns.map((c) => c.field)).not.toContain('vat')
    expect(db.all('SELECT vat_pence AS vat FROM payments ORDER BY line')).toEqual([{ vat: null }, { vat: null }])
  })
})

describe('duplicates do not depend on file order', () => {
  const withRefs = [
    ['03/05/2023', 'ACME CONSULTING LIMITED', 'T1', '100.00'],
    ['04/05/2023', 'Beta Services Ltd', 'T2', '200.00'],
  ]
  const withoutRefs = [
    ['03/05/2023', 'Acme Consulting Ltd', '100.00'],
    ['04/05/2023', 'Beta Services Ltd', '200.00'],
    ['05/05/2023', 'Gamma Ltd', '30.00'],
  ]
  const files = {
    refs: () => db.file('oxford-card-2023-05.csv', csv([['Payment Date', 'Supplier Name', 'Transaction Number', 'Amount'], ...withRefs])),
    plain: () => db.file('oxford-2023-q2.csv', csv([['Payment Date', 'Supplier Name', 'Amount'], ...withoutRefs])),
  }
  const quarter = { start: '2023-04-01', end: '2023-06-30' }
  // Counted once whichever came first: every payment of both files, the shared two once.
  const expected = () => ({ t: Number(total(withoutRefs, 2).replace('.', '')), n: withoutRefs.length })
  const counted = () => db.one('SELECT SUM(amount_pence) AS t, COUNT(*) AS n FROM payments WHERE duplicate_of IS NULL')

  it('references first, then a file without them', async () => {
    await db.ingest(files.refs(), { body: 'oxford' })
    const second = await db.ingest(files.plain(), { body: 'oxford', period: quarter })
    expect(second.duplicates).toBe(2)
    expect(counted()).toEqual(expected())
  })

  it('a file without references first, then one with them', async () => {
    await db.ingest(files.plain(), { body: 'oxford', period: quarter })
    const second = await db.ingest(files.refs(), { body: 'oxford' })
    expect(second.duplicates).toBe(2)
    expect(counted()).toEqual(expected())
  })
})

describe('a credit marked in a separate debit/credit column', () => {
  it('is a negative payment; an unreadable marker rejects the row', async () => {
    const rows = [
      ['03/04/2024', 'Acme Consulting Ltd', '1000.00', 'DR'],
      ['05/04/2024', 'Blue Sky Services LLP', '500.00', 'CR'],
      ['06/04/2024', 'City Print PLC', '75.50', 'Debit'],
      ['07/04/2024', 'Delta Care Ltd', '20.00', 'Credit'],
      ['08/04/2024', 'Echo Ltd', '1.00', 'DR'],
      ['09/04/2024', 'Foxtrot Ltd', '2.00', 'DR'],
      ['10/04/2024', 'Golf Ltd', '3.00', 'DR'],
      ['11/04/2024', 'Hotel Ltd', '4.00', 'DR'],
      ['12/04/2024', 'India Ltd', '5.00', 'DR'],
      ['13/04/2024', 'Juliet Ltd', '6.00', 'X'],
    ]
    const report = await db.ingest(db.file('s-2024-04.csv', csv([['Date', 'Supplier', 'Amount', 'Dr/Cr'], ...rows])), { body: 'oxford' })
    const signed = rows.slice(0, 9).map((r) => [r[0]!, r[1]!, /^c/i.test(r[3]!) ? `-${r[2]}` : r[2]!])
    expect(report.totals).toEqual({ GBP: total(signed, 2) })
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([[11, 'BAD_AMOUNT']])
    expect(report.warnings.map((w) => w.code)).toContain('DEBIT_CREDIT')
  })
})

describe('smaller misreadings', () => {
  it('a date with a dotted time ("03/04/2024 10.30") is a date, not glued cells', async () => {
    const rows = [
      ['03/04/2024 10.30', 'Acme Consulting Ltd', '1000.00'],
      ['05/04/2024 14.05', 'Blue Sky Services LLP', '500.00'],
    ]
    const report = await db.ingest(db.file('t-2024-04.csv', csv([['Date', 'Supplier', 'Amount'], ...rows])), { body: 'oxford' })
    expect(report).toMatchObject({ status: 'ingested', rejected: 0, totals: { GBP: total(rows, 2) } })
    expect(db.all('SELECT paid_on AS "on" FROM payments ORDER BY line')).toEqual([{ on: '2024-04-03' }, { on: '2024-04-05' }])
  })

  it.each(['Payee Organisation', 'Supplier Organisation Name'])('%j is the payee, not the body', async (header) => {
    const rows = ['Acme Consulting Ltd', 'Blue Sky Services LLP', 'City Print PLC', 'Delta Care Ltd', 'Echo Partners LLP', 'Foxtrot Ltd'].map(
      (name, i) => [`0${i + 3}/04/2024`, name, `${i + 1}0.00`],
    )
    const report = await db.ingest(db.file('o-2024-04.csv', csv([['Date', header, 'Amount'], ...rows])), { body: 'oxford' })
    expect(report).toMatchObject({ status: 'ingested', totals: { GBP: total(rows, 2) } })
    expect(db.all('SELECT payee_name AS payee FROM payments ORDER BY line')).toEqual(rows.map((r) => ({ payee: r[1] })))
  })
})

describe('profiles over later files', () => {
  const header = ['Paid', 'Payee', 'How much', 'Team']
  const rows = [
    ['03/04/2024', 'Acme Consulting Ltd', '1000.00', 'Resources'],
    ['05/04/2024', 'Blue Sky Services LLP', '500.00', 'Adults'],
  ]
  const profile = (dir: string) => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'oxford.yaml'), 'body: oxford\ncolumns:\n  date: Paid\n  supplier: Payee\n  amount: How much\n  serviceArea: Team\n')
  }

  it('an optional column the profile names and a later file dropped is a warning, not a refusal', async () => {
    const profilesDir = join(db.dir, 'profiles')
    profile(profilesDir)
    const later = rows.map((r) => r.slice(0, 3))
    const report = await db.ingest(db.file('l-2024-04.csv', csv([header.slice(0, 3), ...later])), { body: 'oxford', profilesDir })
    expect(report).toMatchObject({ status: 'ingested', totals: { GBP: total(later, 2) } })
    expect(report.warnings.filter((w) => w.code === 'PROFILE_COLUMN_MISSING')).toEqual([
      { code: 'PROFILE_COLUMN_MISSING', message: 'the profile names serviceArea="Team", which this file does not have: serviceArea was inferred instead' },
    ])
  })

  it('a required column the profile names and the file lacks refuses, naming the profile file', async () => {
    const profilesDir = join(db.dir, 'profiles')
    profile(profilesDir)
    const renamed = [['Paid', 'Payee', 'Amount', 'Team'], ...rows]
    const report = await db.ingest(db.file('m-2024-04.csv', csv(renamed)), { body: 'oxford', profilesDir })
    expect(report.errors[0]).toMatchObject({ code: 'BAD_PROFILE', message: expect.stringContaining(`the profile ${join(profilesDir, 'oxford.yaml')} says amount="How much"`) })
  })
})

describe('a file without a date column', () => {
  const rows = [
    ['Acme Consulting Ltd', '1000.00', 'Consultancy'],
    ['Blue Sky Services LLP', '-250.50', 'Agency staff'],
    ['City Print PLC', '75.25', 'Printing'],
  ]
  const text = csv([['Supplier', 'Amount', 'Expense Type'], ...rows])
  const may = { start: '2024-05-01', end: '2024-05-31' }

  it('lands undated within --period, and says so', async () => {
    const report = await db.ingest(db.file('spend.csv', text), { body: 'oxford', period: may })
    expect(report.status).toBe('ingested')
    expect(report.totals).toEqual({ GBP: total(rows, 1) })
    expect(report.warnings.find((w) => w.code === 'NO_DATE_COLUMN')?.message).toContain('2024-05-01..2024-05-31 (from --period)')
    const stored = db.all<{ on: string | null; precision: string; month: string | null }>(
      `SELECT p.paid_on AS "on", p.paid_precision AS precision, r.month FROM payments p JOIN spend_files f ON f.id = p.spend_file_id
       JOIN spend_rollup r ON r.spend_file_id = f.id AND r.supplier_id IS p.supplier_id WHERE f.file_name = ?`,
      'spend.csv',
    )
    expect(stored).toHaveLength(rows.length)
    for (const s of stored) expect(s).toEqual({ on: null, precision: 'unknown', month: null })
  })

  it('is refused on a period its name alone states (a name like 2011-12 may be a financial year), with --period as the way out', async () => {
    for (const name of ['spend.csv', 'spend-2024-05.csv']) {
      const report = await db.ingest(db.file(name, text), { body: 'oxford' })
      expect(report.status, name).toBe('refused')
      expect(report.errors[0]).toMatchObject({ code: 'MISSING_COLUMNS' })
      expect(report.errors[0]!.message).toContain('--period YYYY-MM')
    }
  })

  it.each([
    ['Posted', ['3rd of the 5th 2024', '9th of the 5th 2024', '17th of the 5th 2024']],
    ['Ref', ['03/05/2024 14:22:00 GMT', '09/05/2024 09:01:00 GMT', '17/05/2024 16:40:00 GMT']],
    ['Week', ['2024-W18', '2024-W19', '2024-W20']],
  ])('is refused when column %j looks like dates we cannot read, even with --period', async (header, values) => {
    const withDates = csv([[header, 'Supplier', 'Amount'], ...rows.map((r, i) => [values[i]!, r[0]!, r[1]!])])
    const report = await db.ingest(db.file(`d-${header}.csv`, withDates), { body: 'oxford', period: may })
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'MISSING_COLUMNS' })
    expect(report.errors[0]!.message).toContain(`--map date="${header}"`)
  })

  it('cannot sit beside another file of an overlapping period unless it replaces it: repeats could not be found', async () => {
    expect((await db.ingest(db.file('spend.csv', text), { body: 'oxford', period: may })).status).toBe('ingested')
    // The same rows published again (other bytes): refused, not counted twice.
    const again = await db.ingest(db.file('spend-again.csv', `${text}\r\n`), { body: 'oxford', period: { start: '2024-04-01', end: '2024-06-30' } })
    expect(again.status).toBe('refused')
    expect(again.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    expect(again.errors[0]!.message).toContain('"spend.csv" (sha256 ')
    expect(again.errors[0]!.message).toContain('payments without dates, placed in its period 2024-05-01..2024-05-31')
    expect(again.errors[0]!.message).toContain('--replace "spend.csv"')
    // A dated file of that month beside the undated one: the same.
    const dated = await db.ingest(db.file('dated-2024-05.csv', csv([['Date', 'Supplier', 'Amount'], ...rows.map((r) => ['03/05/2024', r[0]!, r[1]!])])), { body: 'oxford' })
    expect(dated.status).toBe('refused')
    expect(dated.errors[0]).toMatchObject({ code: 'UNDATED_OVERLAP' })
    // Replacing it is the way: then only the new file counts.
    const replacing = await db.ingest(db.file('spend-again.csv', `${text}\r\n`), { body: 'oxford', period: may, replace: 'spend.csv' })
    expect(replacing.status).toBe('ingested')
    const counted = db.one<{ pence: number }>("SELECT SUM(amount_pence) AS pence FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.body_id = 'oxford' AND f.status = 'ingested' AND p.duplicate_of IS NULL")
    expect(formatPence(BigInt(counted.pence))).toBe(total(rows, 1))
  })
})

describe('a title row above a dated header, in a file given --period', () => {
  it('reads the dated header, not the title as an undated one', async () => {
    const rows = [
      ['03/05/2024', 'Acme Consulting Ltd', '1000.00'],
      ['09/05/2024', 'Blue Sky Services LLP', '250.50'],
    ]
    const text = csv([['', 'Supplier payments', 'Amount over £500'], ['Payment Date', 'Supplier', 'Amount'], ...rows])
    const report = await db.ingest(db.file('title.csv', text), { body: 'oxford', period: { start: '2024-05-01', end: '2024-05-31' } })
    expect(report.status).toBe('ingested')
    expect(report.columns.find((c) => c.field === 'date')?.header).toBe('Payment Date')
    expect(report.warnings.map((w) => w.code)).not.toContain('NO_DATE_COLUMN')
    expect(report.totals).toEqual({ GBP: total(rows, 2) })
  })
})
