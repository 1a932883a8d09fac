import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DateOrderWitness,
  dateOrderOf,
  debitOrCredit,
  formatPence,
  parseAmount,
  parseCurrency,
  parseDate,
  parsePeriodFlag,
  PenceSum,
  periodFromDates,
  periodFromFileName,
  withoutDateOrderNote,
} from '../../../ingest/spend/parse'

describe('parseDate', () => {
  it.each([
    ['26/05/2011', '2011-05-26'],
    ['6/5/2011', '2011-05-06'],
    ['26/05/11', '2011-05-26'],
    ['26-05-2011', '2011-05-26'],
    ['26.05.2011', '2011-05-26'],
    ['26-May-11', '2011-05-26'],
    ['06-May-11', '2011-05-06'],
    ['6 Jun 2023', '2023-06-06'],
    ['16 June 2023', '2023-06-16'],
    ['19-Jun-23', '2023-06-19'],
    ['1st September 2020', '2020-09-01'],
    ['June 6, 2023', '2023-06-06'],
    ['2011-05-26', '2011-05-26'],
    ['2011-05-26T00:00:00Z', '2011-05-26'],
    ['26/05/2011 00:00:00', '2011-05-26'],
    ['2011/05/26', '2011-05-26'],
    ['20110526', '2011-05-26'],
    ['40689', '2011-05-26'],
    ['45083.5', '2023-06-06'],
    [' 29/02/2024 ', '2024-02-29'],
  ])('%j is the day %s', (text, on) => {
    expect(parseDate(text)).toEqual({ ok: true, on, precision: 'day' })
  })

  it.each([
    ['May 2011', '2011-05'],
    ['Jun-23', '2023-06'],
    ['2011-05', '2011-05'],
  ])('%j is the month %s', (text, on) => {
    expect(parseDate(text)).toEqual({ ok: true, on, precision: 'month' })
  })

  it.each(['', '   ', '00:00:00', '0:00', '12:30 pm', '0', '00/00/0000', '0000-00-00', '00/01/1900', '30/12/1899', 'N/A', '#N/A', '-', 'TBC'])(
    '%j carries no date: unknown, never invented',
    (text) => {
      expect(parseDate(text)).toMatchObject({ ok: true, on: null, precision: 'unknown' })
    },
  )

  it.each(['31/02/2023', '32/01/2023', '05/13/2023', 'hello', '12/25/2023', '01/01/1850', '2023-13-01'])('%j is not a date we accept', (text) => {
    expect(parseDate(text).ok).toBe(false)
  })

  it('explains month-first dates instead of swapping them', () => {
    const r = parseDate('12/25/2023')
    expect(r.ok === false && r.reason).toMatch(/month-first/)
  })
})

describe('dateOrderOf and month-first dates', () => {
  it('is day-first unless some date can only be month-first and none only day-first', () => {
    expect(dateOrderOf(['03/04/2023', '05/06/2023'])).toEqual({ order: 'day-first', evidence: null, stated: false })
    expect(dateOrderOf(['03/04/2023', '04/13/2023', '04/20/2023', '04/21/2023'])).toEqual({ order: 'month-first', evidence: '04/13/2023', stated: false })
    expect(dateOrderOf(['04/13/2023', '13/04/2023'])).toEqual({ order: 'day-first', evidence: null, stated: false })
    expect(dateOrderOf(['2023-04-13', '13-Apr-23'])).toEqual({ order: 'day-first', evidence: null, stated: false })
  })

  it('needs several distinct month-first dates: one or two (a typo, repeated) are not a file\'s order', () => {
    expect(dateOrderOf(['03/04/2023', '04/13/2023', '04/13/2023', '04/20/2023']).order).toBe('day-first')
  })

  it('takes the order a header states, whatever the values', () => {
    expect(dateOrderOf(['04/13/2023', '04/14/2023', '04/15/2023'], 'Payment Date (dd/mm/yyyy)')).toEqual({ order: 'day-first', evidence: 'Payment Date (dd/mm/yyyy)', stated: true })
    expect(dateOrderOf(['03/04/2023'], 'Date MM/DD/YY')).toMatchObject({ order: 'month-first', stated: true })
  })

  it('reads month/day/year when told to, and rejects a date that cannot be', () => {
    expect(parseDate('04/13/2023', 'month-first')).toEqual({ ok: true, on: '2023-04-13', precision: 'day' })
    expect(parseDate('03/04/2023', 'month-first')).toEqual({ ok: true, on: '2023-03-04', precision: 'day' })
    expect(parseDate('13/04/2023', 'month-first')).toMatchObject({ ok: false })
    expect(parseDate('2023-04-13', 'month-first')).toEqual({ ok: true, on: '2023-04-13', precision: 'day' })
    expect(parseDate('04/13/2023')).toMatchObject({ ok: false })
  })
})

describe('dates other exports write', () => {
  it.each([
    ['Tuesday, 11 June 2019', '2019-06-11'],
    ['Tue 11/06/2019', '2019-06-11'],
    ['Wed, 12 Jun 19', '2019-06-12'],
    ["'11/06/2019", '2019-06-11'],
    ['="11/06/2019"', '2019-06-11'],
  ])('reads %s as %s', (text, on) => {
    expect(parseDate(text)).toEqual({ ok: true, on, precision: 'day' })
  })

  it('rejects a date whose weekday contradicts it: one of the two is wrong', () => {
    // 11 June 2019 was a Tuesday.
    expect(parseDate('Monday 11/06/2019')).toMatchObject({ ok: false, reason: expect.stringContaining('Tuesday') })
    expect(parseDate('Mon, 11 June 2019')).toMatchObject({ ok: false })
  })

  it.each([
    ['P03 2023/24', '2023-06'],
    ['P3 2023-24', '2023-06'],
    ['2023/24 P03', '2023-06'],
    ['Period 9 2023/24', '2023-12'],
    ['P10 2023/24', '2024-01'],
    ['P12 2023/2024', '2024-03'],
    ['P01 1999/00', '1999-04'],
  ])('reads the accounting period %s as the month %s (financial years run April to March)', (text, on) => {
    expect(parseDate(text)).toEqual({ ok: true, on, precision: 'month' })
  })

  it('rejects a period no month holds, and a financial year that is not one', () => {
    expect(parseDate('P13 2023/24')).toMatchObject({ ok: false, reason: expect.stringContaining('period 13') })
    expect(parseDate('P03 2023/25')).toMatchObject({ ok: false })
  })

  it('takes a stated order out of a --map header', () => {
    expect(withoutDateOrderNote('Date (mm/dd/yyyy)')).toBe('Date')
    expect(withoutDateOrderNote('Payment Date DD/MM/YY')).toBe('Payment Date')
    expect(withoutDateOrderNote('Payment Date')).toBe('Payment Date')
  })
})

describe('DateOrderWitness', () => {
  const witness = (dates: string[]) => {
    const w = new DateOrderWitness()
    for (const d of dates) w.see(d)
    return w.doubt()
  }
  it('doubts a file whose dates, all 12 or under, scatter over months read day first but not month first', () => {
    // A US June: the 1st to the 12th, month first.
    expect(witness(['06/01/2019', '06/03/2019', '06/05/2019', '06/07/2019', '06/11/2019'])).toEqual({ dayFirstMonths: 5, monthFirstMonths: 1, example: '06/01/2019' })
  })
  it('does not doubt a UK month, a file some date settles, or one spread either way', () => {
    expect(witness(['01/06/2019', '03/06/2019', '05/06/2019', '07/06/2019'])).toBeNull()
    expect(witness(['06/01/2019', '06/03/2019', '06/05/2019', '06/07/2019', '25/06/2019'])).toBeNull()
    expect(witness(['01/02/2019', '03/04/2019', '05/06/2019', '07/08/2019'])).toBeNull()
  })
  it('does not doubt a month-start series: every date the 1st of a month read day first', () => {
    const months = Array.from({ length: 12 }, (_, i) => `01/${String(((i + 3) % 12) + 1).padStart(2, '0')}/${i < 9 ? 2023 : 2024}`)
    expect(witness(months)).toBeNull()
    expect(witness(['01/04/2023', '01/05/2023', '01/06/2023'])).toBeNull()
    // One date off the 1st and the doubt is back.
    expect(witness([...['02', '04', '06', '08', '10', '12'].map((m) => `01/${m}/2023`), '02/03/2023'])).toEqual({ dayFirstMonths: 7, monthFirstMonths: 2, example: '01/02/2023' })
  })
})

describe('debitOrCredit', () => {
  it.each([
    ['CR', 'credit'],
    ['Credit Note', 'credit'],
    ['credit  memo', 'credit'],
    ['DR', 'debit'],
    ['Invoice', 'debit'],
    ['Credit Card', null],
    ['Journal', null],
    ['C', null],
  ] as const)('reads %s as %s', (text, side) => {
    expect(debitOrCredit(text)).toBe(side)
  })
  it('reads D and C only where the header says the column marks debits and credits', () => {
    expect(debitOrCredit('C', true)).toBe('credit')
    expect(debitOrCredit('d', true)).toBe('debit')
  })
})

describe('parseAmount', () => {
  it.each([
    ['528', 52800],
    ['1336.2', 133620],
    ['1,708.75', 170875],
    ['£1,708.75', 170875],
    ['£ 1,708.75', 170875],
    ['1708.75 GBP', 170875],
    ['-9.9', -990],
    ['(1,234.56)', -123456],
    ['688.83-', -68883],
    ['1234.56 CR', -123456],
    ['1234.56CR', -123456],
    ['1234.56 DR', 123456],
    ['+12.00', 1200],
    ['.5', 50],
    ['1,234,567.00', 123456700],
    ['  2745.94  ', 274594],
    ['1.2E+03', 120000],
    ['0', 0],
    ['-0.00', 0],
  ])('%j is %d pence', (text, pence) => {
    expect(parseAmount(text)).toEqual({ ok: true, pence, currency: text.includes('£') || text.includes('GBP') ? 'GBP' : null, rounded: false })
  })

  it('rounds sub-penny residue half away from zero and says so', () => {
    expect(parseAmount('1336.2000000000001')).toEqual({ ok: true, pence: 133620, currency: null, rounded: true })
    expect(parseAmount('0.125')).toEqual({ ok: true, pence: 13, currency: null, rounded: true })
    expect(parseAmount('-0.125')).toEqual({ ok: true, pence: -13, currency: null, rounded: true })
    expect(parseAmount('10.1000')).toEqual({ ok: true, pence: 1010, currency: null, rounded: false })
  })

  it('names the currency a symbol gives', () => {
    expect(parseAmount('€12.50')).toMatchObject({ ok: true, pence: 1250, currency: 'EUR' })
    expect(parseAmount('$12.50')).toMatchObject({ ok: true, pence: 1250, currency: 'USD' })
  })

  it.each(['', '  ', '-'])('%j is a missing amount', (text) => {
    expect(parseAmount(text)).toMatchObject({ ok: false, missing: true })
  })

  it.each(['abc', '12,34', '1,2345.00', '12.34.56', '(-12)', '-12 CR', '£12 €3', '1e99', '99999999999999.00', '1 2 3x'])('%j is refused', (text) => {
    const r = parseAmount(text)
    expect(r.ok).toBe(false)
  })

  it('reads any pence value written plainly back exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), fc.boolean(), (pence, commas) => {
        const text = formatPence(pence)
        const written = commas ? text.replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',') : text
        expect(parseAmount(written)).toMatchObject({ ok: true, pence })
      }),
    )
  })
})

describe('amounts kept as text by a spreadsheet', () => {
  it("reads '1234.56 and =\"-1234.56\" as their figures", () => {
    expect(parseAmount("'1234.56")).toEqual({ ok: true, pence: 123456, currency: null, rounded: false })
    expect(parseAmount('="-1234.56"')).toEqual({ ok: true, pence: -123456, currency: null, rounded: false })
  })
  it('reads £ and a no-break space that UTF-8 wrote and Windows-1252 read ("Â£1,234.56", "1Â\u00a0234.56")', () => {
    expect(parseAmount('\u00c2£1,234.56')).toEqual({ ok: true, pence: 123456, currency: 'GBP', rounded: false })
    expect(parseAmount('1\u00c2\u00a0234.56')).toEqual({ ok: true, pence: 123456, currency: null, rounded: false })
  })
})

describe('formatPence and PenceSum', () => {
  it('prints exact decimals', () => {
    expect(formatPence(7729096866n)).toBe('77290968.66')
    expect(formatPence(-68883)).toBe('-688.83')
    expect(formatPence(5)).toBe('0.05')
    expect(formatPence(-5n)).toBe('-0.05')
    expect(formatPence(0)).toBe('0.00')
  })

  it('sums exactly past the range of a float (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), { maxLength: 3000 }), (amounts) => {
        const sum = new PenceSum()
        for (const a of amounts) sum.add(a)
        expect(sum.value).toBe(amounts.reduce((s, a) => s + BigInt(a), 0n))
        expect(sum.count).toBe(amounts.length)
      }),
    )
  })
})

describe('parseCurrency', () => {
  it.each([
    ['GBP', 'GBP'],
    ['£', 'GBP'],
    ['Sterling', 'GBP'],
    ['eur', 'EUR'],
    ['Euro', 'EUR'],
    ['USD', 'USD'],
    ['US Dollar', 'USD'],
    ['', null],
  ])('%j -> %j', (text, currency) => {
    expect(parseCurrency(text)).toEqual({ ok: true, currency })
  })

  it('refuses a currency we do not hold', () => {
    expect(parseCurrency('CHF')).toMatchObject({ ok: false })
  })
})

describe('periods', () => {
  it.each([
    ['leeds_2011-05_raw.csv', '2011-05-01', '2011-05-31'],
    ['hyndburn_2017-03_1703.csv', '2017-03-01', '2017-03-31'],
    ['hyndburn_2023-06_June-23-csv.csv', '2023-06-01', '2023-06-30'],
    ['June-23-csv.csv', '2023-06-01', '2023-06-30'],
    ['SpendOver250Feb24.csv', '2024-02-01', '2024-02-29'],
    ['Spend-over-250-Dec-25.csv', '2025-12-01', '2025-12-31'],
    ['oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv', '2014-04-01', '2014-06-30'],
    ['expenditure-over-500-jan-mar-2018.csv', '2018-01-01', '2018-03-31'],
    ['spend-nov-jan-2015.csv', '2014-11-01', '2015-01-31'],
    ['payments_2014_march.csv', '2014-03-01', '2014-03-31'],
  ])('%s states %s..%s', (name, start, end) => {
    expect(periodFromFileName(name)).toEqual({ start, end })
  })

  it.each(['1703.csv', 'spend.csv', 'summary-of-spend.csv', 'decision-list.csv'])('%s states no period', (name) => {
    expect(periodFromFileName(name)).toBeNull()
  })

  it('reads --period', () => {
    expect(parsePeriodFlag('2014-04')).toEqual({ start: '2014-04-01', end: '2014-04-30' })
    expect(parsePeriodFlag('2014-04..2014-06')).toEqual({ start: '2014-04-01', end: '2014-06-30' })
    expect(parsePeriodFlag('2014-06..2014-04')).toBeNull()
    expect(parsePeriodFlag('April 2014')).toBeNull()
  })

  it('spans whole months from the dates', () => {
    expect(periodFromDates('2011-04-06', '2011-05-31')).toEqual({ start: '2011-04-01', end: '2011-05-31' })
    expect(periodFromDates('2023-06', '2023-06-19')).toEqual({ start: '2023-06-01', end: '2023-06-30' })
  })
})
