import { describe, expect, it } from 'vitest'
import { headerWords, inferColumns, OverrideError, profileValues } from '../../../ingest/spend/infer'
import { describeAmbiguity, describeUnreadable } from '../../../ingest/spend/infer-messages'

describe('headerWords', () => {
  it.each([
    ['InvoiceAmt (net of VAT)', ['invoice', 'amount', 'net', 'vat']],
    ['Sum of Inv Amount', ['sum', 'invoice', 'amount']],
    ['SupplierName', ['supplier', 'name']],
    ['Dept.', ['department']],
    ['Txn No.', ['transaction', 'number']],
    ['Expenses Categories', ['expense', 'category']],
  ])('%j -> %j', (header, words) => {
    expect(headerWords(header)).toEqual(words)
  })
})

describe('profileValues', () => {
  it('gives the share of non-empty cells of each kind', () => {
    expect(profileValues(['01/04/2024', 'Acme Ltd', '1,200.50', 'GBP', '100234567', ''])).toEqual({
      filled: 5,
      date: 0.2,
      money: 0.4,
      decimals: 0.5,
      currency: 0.2,
      identifier: 0.2,
      company: 0.2,
      text: 0.2,
      distinct: 1,
      vatMarker: 0,
      postcode: 0,
    })
  })
})

describe('postcodes', () => {
  const rows = [
    ['01/04/2024', 'Acme Ltd', 'SW1A 2AA', 'S1001', '100.00'],
    ['02/04/2024', 'Beta Consulting LLP', 'LS1 4DY', 'S1002', '250.50'],
    ['03/04/2024', 'Gamma Trust', 'M60 2LA', 'S1003', '75.25'],
    ['04/04/2024', 'Delta Partners', 'OL16 1AB', 'S1004', '12.00'],
  ]
  it('a column of postcodes is no field of ours, whatever its header: "Supplier Post Code" is not the supplier reference', () => {
    const m = inferColumns(['Payment Date', 'Supplier Name', 'Supplier Post Code', 'Supplier Code', 'Amount'], rows)
    expect(m.columns).toMatchObject({ date: 0, supplier: 1, supplierRef: 3, amount: 4 })
    expect(Object.values(m.columns)).not.toContain(2)
    expect(m.unmapped).toContain('Supplier Post Code')
  })
  it('nor under a header that says nothing', () => {
    const m = inferColumns(['Payment Date', 'Supplier Name', 'Extra 1', 'Supplier Code', 'Amount'], rows)
    expect(Object.values(m.columns)).not.toContain(2)
  })
  it('but a header that says reference, number, code or id keeps its column: an invoice ref "AB12 3DE" is shaped as a postcode', () => {
    const refs = rows.map((r, i) => [r[0]!, r[1]!, `AB1${i} 3D${'EFGH'[i]}`, r[4]!])
    expect(inferColumns(['Payment Date', 'Supplier Name', 'Invoice Ref', 'Amount'], refs).columns).toMatchObject({ transactionRef: 2 })
  })
  it('and codes written without the space ("C12AB") are no postcodes: a cost centre stays the service area', () => {
    const centres = rows.map((r, i) => [r[0]!, r[1]!, `C1${2 + i}A${'BDFG'[i]}`, r[4]!])
    expect(inferColumns(['Payment Date', 'Supplier Name', 'Cost Centre', 'Amount'], centres).columns).toMatchObject({ serviceArea: 2 })
  })
  it('values: the share shaped as UK postcodes, written with the space between outward and inward code', () => {
    expect(profileValues(['SW1A 2AA', 'LS1 4DY', 'EC2R8AH', 'W1D 3QU', 'S1001']).postcode).toBe(0.6)
  })
})

describe('inferColumns', () => {
  const unseen = ['TxnDate', 'PayeeName', 'InvoiceAmt (net of VAT)', 'VAT', 'Gross', 'Type']
  const unseenRows = [
    ['01/04/2024', 'Acme Consulting Ltd', '1,000.00', '200.00', '1,200.00', 'USD'],
    ['02/04/2024', 'Bolt PLC', '50.00', '10.00', '60.00', 'GBP'],
  ]

  it('reads a vocabulary no synonym lists: camelCase, abbreviations, a parenthesised note; net over gross; the currency by its values', () => {
    const { guesses, ...inference } = inferColumns(unseen, unseenRows)
    expect(inference).toEqual({
      columns: { date: 0, supplier: 1, amount: 2, vat: 3, currency: 5 },
      headers: { date: 'TxnDate', supplier: 'PayeeName', amount: 'InvoiceAmt (net of VAT)', vat: 'VAT', currency: 'Type' },
      choices: [
        { field: 'date', column: 0, header: 'TxnDate', confidence: 0.95, why: 'header words and values' },
        { field: 'amount', column: 2, header: 'InvoiceAmt (net of VAT)', confidence: 0.93, why: 'header words and values' },
        { field: 'supplier', column: 1, header: 'PayeeName', confidence: 0.75, why: 'header words and values' },
        { field: 'vat', column: 3, header: 'VAT', confidence: 1, why: 'header words and values' },
        { field: 'currency', column: 5, header: 'Type', confidence: 0.9, why: 'values' },
      ],
      missing: [],
      ambiguous: [],
      unmapped: ['Gross'],
      vatBasis: 'net',
      signColumn: null,
      signLetters: false,
      creditColumn: null,
      dateOrder: { order: 'day-first', evidence: null, stated: false },
      amountInPence: false,
      amountInThousands: false,
      accountingPeriods: null,
    })
    expect(guesses.find((g) => g.header === 'Gross')).toEqual({ column: 4, header: 'Gross', best: [{ field: 'amount', score: 0.86, why: 'header words and values' }] })
  })

  it('the real header of a pivot-table export: "Sum of Inv Amount" holds "invoice amount"', () => {
    const header = ['Inv Transaction', 'Supplier Name', 'Headserv Name', 'Stratdir Name', 'Account Description ', 'Redact Name', 'Paid Date', 'Sum of Inv Amount', '', '']
    const rows = [['460285', 'ACORN RECOVERY PROJECTS', 'Public Health', 'Public Health', 'Residential Home Long Stay Fees', '', '24/09/14', '5,303.57 ', '', '']]
    const m = inferColumns(header, rows)
    expect(m.columns).toMatchObject({ transactionRef: 0, supplier: 1, expenseType: 4, date: 6, amount: 7 })
    expect(m.missing).toEqual([])
    expect(m.ambiguous).toEqual([])
  })

  it('refuses to choose between two columns that are amounts about equally, listing both', () => {
    const m = inferColumns(['When', 'Who', 'How much', 'Other'], [['01/04/2024', 'Acme Ltd', '12.50', '3.00'], ['02/04/2024', 'Beta Ltd', '13.50', '4.00']])
    expect(m.ambiguous).toEqual([
      {
        field: 'amount',
        candidates: [
          { column: 2, header: 'How much', score: 0.4, why: 'values' },
          { column: 3, header: 'Other', score: 0.4, why: 'values' },
        ],
      },
    ])
  })

  it('a --map settles it, and names the field it fixed', () => {
    const m = inferColumns(['When', 'Who', 'How much', 'Other'], [['01/04/2024', 'Acme Ltd', '12.50', '3.00']], { map: { amount: 'other' }, from: '--map' })
    expect(m.ambiguous).toEqual([])
    expect(m.choices.find((c) => c.field === 'amount')).toEqual({ field: 'amount', column: 3, header: 'Other', confidence: 1, why: '--map' })
  })

  it('a --map naming a header the file lacks is an OverrideError that lists the headers', () => {
    const call = () => inferColumns(['Date', 'Supplier', 'Amount'], [], { map: { amount: 'Net Amt' }, from: '--map' })
    expect(call).toThrow(OverrideError)
    expect(call).toThrow('--map says amount="Net Amt", but the header has no such column (it has "Date", "Supplier", "Amount")')
  })

  it('values veto header words that are not a listed synonym: "Spend Category" of names is not the amount', () => {
    const m = inferColumns(['Date', 'Supplier', 'Spend Area', 'Net'], [['01/04/2024', 'Acme Ltd', 'Roads', '10.00']])
    expect(m.columns.amount).toBe(3)
    expect(m.guesses.find((g) => g.header === 'Spend Area')!.best.map((b) => b.field)).not.toContain('amount')
  })

  it('with a VAT column, the values say which amount is net: amount + VAT = total makes the amount net', () => {
    const rows = [['01/04/2024', 'Acme Ltd', '100.00', '20.00', '120.00'], ['02/04/2024', 'B Ltd', '50.00', '0.00', '50.00'], ['02/04/2024', 'C Ltd', '10.00', '2.00', '12.00']]
    const m = inferColumns(['Date', 'Supplier', 'Amount', 'VAT', 'Total'], rows)
    expect({ amount: m.columns.amount, vat: m.columns.vat, vatBasis: m.vatBasis }).toEqual({ amount: 2, vat: 3, vatBasis: 'net' })
  })

  it('with a VAT column, a gross "Amount" gives way to the column that is amount minus VAT', () => {
    const rows = [['01/04/2024', 'Acme Ltd', '120.00', '20.00', '100.00'], ['02/04/2024', 'B Ltd', '12.00', '2.00', '10.00']]
    const m = inferColumns(['Date', 'Supplier', 'Amount', 'VAT', 'Goods Value'], rows)
    expect({ amount: m.columns.amount, vatBasis: m.vatBasis, choice: m.choices.find((c) => c.field === 'amount') }).toEqual({
      amount: 4,
      vatBasis: 'net',
      choice: { field: 'amount', column: 4, header: 'Goods Value', confidence: 0.9, why: 'values' },
    })
  })

  it('of two dates no synonym names, the one the money moved on', () => {
    const m = inferColumns(['Document Date', 'Clearing Date', 'Vendor', 'Amount'], [['01/04/2024', '03/04/2024', 'Acme Ltd', '120.00']])
    expect({ date: m.columns.date, ambiguous: m.ambiguous }).toEqual({ date: 1, ambiguous: [] })
  })

  it('a refusal names the candidates, each column\'s best guesses and the exact --map', () => {
    const rows = [['01/04/2024', 'Acme Ltd', '12.50', '3.00'], ['02/04/2024', 'Beta Ltd', '13.50', '4.00']]
    expect(describeAmbiguity(inferColumns(['When', 'Who', 'How much', 'Other'], rows))).toBe(
      'two columns read about equally well as the same field, so the file is refused rather than guessed. ' +
        'amount could be column 3 "How much" (0.4, values) or column 4 "Other" (0.4, values): to settle it, pass the one that is right, --map amount="How much" or --map amount="Other"',
    )
    expect(describeUnreadable(inferColumns(['Ref', 'Col2', 'Col3', 'Col4'], [['A1', '01/05/2023', 'Jo Bloggs', '12.50']]))).toBe(
      'the header does not say which column is supplier. Columns and our best guesses: 1 "Ref": transactionRef 0.91 (header words and values); ' +
        '2 "Col2": date 0.4 (values); 3 "Col3": no guess; 4 "Col4": amount 0.4 (values). ' +
        'Name the missing columns with --map supplier=HEADER (HEADER one of "Col3") (the header as published), and --save-profile to remember it for this body',
    )
  })

  it('never suggests as the payee a column holding one public body\'s name on every row (the payer)', () => {
    const header = ['Organisation Name', 'Payment Date', 'Account Name', 'Amount']
    const sample = [
      ['Test Borough Council', '03/04/2023', 'Agency Staff', '1200.00'],
      ['Test Borough Council', '05/04/2023', 'Consultancy Fees', '2400.00'],
      ['Test Borough Council', '07/04/2023', 'Building Repairs', '700.00'],
    ]
    const m = inferColumns(header, sample)
    const message = m.missing.length ? describeUnreadable(m) : describeAmbiguity(m)
    expect(m.columns.supplier === undefined || m.ambiguous.length > 0).toBe(true)
    expect(message).not.toContain('--map supplier="Organisation Name"')
  })
})
