import { describe, expect, it } from 'vitest'
import { normaliseHeader, synonymTable } from '../../../ingest/spend/columns'
import { inferColumns } from '../../../ingest/spend/infer'

// Header rows alone (no values below them): the synonym table and header words decide.
const mapHeaders = (cells: string[]) => inferColumns(cells, [])

// The header rows of the seven files in ../shared/realdata, as published (decoded).
const headers = {
  leeds: ['Body', 'Body name', 'Service label', 'Service divison label', 'Expenditure category', 'Detailed expenditure type', 'Detailed expenditure code', 'Date paid', 'Transaction number', 'Net amount', 'Capital or revenue', 'Supplier name'],
  hyndburn2017: ['Service Cost Centre', 'Account Detail', 'Description', 'HBC ref no', 'Name', 'Payment date', 'Net Amount(£)'],
  hyndburn2024: ['Service Cost Centre', 'Account Detail', 'Description', 'HBC ref no', 'Name', 'Payment Date', 'Net Amount (£)', '', '', ''],
  hyndburn2025: ['Department Area', '', 'Service Area', '', 'Description', '', '', 'Line', '', 'HBC Ref No.', '', 'Name:  ', '', '', 'Payment Date', '', 'Amount Paid'],
  oxford2014: ['Body Name', 'Organisational Unit', 'Expenditure Category', 'Expenditure Code', 'Paid Date', 'Trans No', 'Amount', 'Type', 'Supplier ID', 'Supplier Name'],
  oxford2018: ['Client', 'Service Area', 'Expenditure Catergory', 'Expenditure Code', 'Paid Date', 'Trans No', 'Amount', 'Type of Expenditure', 'Supplier ID', 'Supplier Name'],
}

describe('normaliseHeader', () => {
  it.each([
    ['Net Amount(£)', 'net amount'],
    ['Net Amount (£)', 'net amount'],
    ['Net Amount (Â£)', 'net amount'],
    ['Net Amount(œ)', 'net amount'],
    ['Amount (GBP)', 'amount'],
    ['Name:  ', 'name'],
    ['HBC Ref No.', 'hbc ref no'],
    ['Service divison label', 'service division label'],
    ['Expenditure Catergory', 'expenditure category'],
    ['\ufeffSupplier_Name', 'supplier name'],
    ['Capital/Revenue', 'capital revenue'],
  ])('%j -> %j', (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected)
  })
})

describe('header rows of the real files, read alone', () => {
  it('Leeds: body URI as a code, misspelt division, two levels of expense', () => {
    const m = mapHeaders(headers.leeds)
    expect(m.columns).toEqual({
      bodyCode: 0,
      body: 1,
      serviceArea: 2,
      serviceDivision: 3,
      expenseCategory: 4,
      expenseType: 5,
      expenseCode: 6,
      date: 7,
      transactionRef: 8,
      amount: 9,
      capitalOrRevenue: 10,
      supplier: 11,
    })
    expect(m.missing).toEqual([])
    expect(m.vatBasis).toBe('net')
  })

  it('Hyndburn 2017 and 2024: "Name" is the payee, "HBC ref no" the reference, blank padding ignored', () => {
    for (const h of [headers.hyndburn2017, headers.hyndburn2024]) {
      const m = mapHeaders(h)
      expect(m.columns).toEqual({ serviceArea: 0, expenseType: 1, description: 2, transactionRef: 3, supplier: 4, date: 5, amount: 6 })
      expect(m.unmapped).toEqual([])
      expect(m.vatBasis).toBe('net')
    }
  })

  it('Hyndburn 2025: merged-cell spacers, "Name:  ", department over service area', () => {
    const m = mapHeaders(headers.hyndburn2025)
    expect(m.columns).toEqual({ serviceArea: 0, serviceDivision: 2, description: 4, transactionRef: 9, supplier: 11, date: 14, amount: 16 })
    expect(m.unmapped).toEqual(['Line'])
    expect(m.vatBasis).toBe('unknown')
    expect(m.headers.supplier).toBe('Name:')
  })

  it('Oxford 2014 and 2018: different names for the same columns, "Catergory" misspelt', () => {
    const expected = { body: 0, serviceArea: 1, expenseType: 2, expenseCode: 3, date: 4, transactionRef: 5, amount: 6, capitalOrRevenue: 7, supplierRef: 8, supplier: 9 }
    expect(mapHeaders(headers.oxford2014).columns).toEqual(expected)
    expect(mapHeaders(headers.oxford2018).columns).toEqual(expected)
  })
})

describe('header rows alone', () => {
  it('lists what is missing', () => {
    const m = mapHeaders(['Supplier', 'Description', 'Cost Centre'])
    expect(m.missing).toEqual(['date', 'amount'])
  })

  it('reads gross and currency columns', () => {
    const m = mapHeaders(['Date', 'Gross Amount', 'Currency', 'VAT', 'Payee', 'Company Number', 'Supplier Type'])
    expect(m.columns).toEqual({ date: 0, amount: 1, currency: 2, vat: 3, supplier: 4, companyNumber: 5, payeeType: 6 })
    expect(m.vatBasis).toBe('gross')
  })

  it('prefers the more specific header when two name one field', () => {
    const m = mapHeaders(['Invoice Date', 'Payment Date', 'Amount', 'Supplier'])
    expect(m.columns.date).toBe(1)
    expect(m.unmapped).toEqual(['Invoice Date'])
  })

  it('has no synonym listed twice and every synonym already normalised', () => {
    const all = synonymTable.flatMap((s) => s.synonyms)
    expect(new Set(all).size).toBe(all.length)
    for (const s of all) expect(normaliseHeader(s)).toBe(s)
  })
})
