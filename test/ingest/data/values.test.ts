import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkPartialDate, parsePence } from '../../../ingest/data/values'

describe('parsePence', () => {
  it('turns decimal pound strings into exact integer pence', () => {
    expect(parsePence('2000000')).toEqual({ ok: true, value: 200_000_000 })
    expect(parsePence('650000')).toEqual({ ok: true, value: 65_000_000 })
    expect(parsePence('1708.75')).toEqual({ ok: true, value: 170_875 })
    expect(parsePence('0.1')).toEqual({ ok: true, value: 10 })
    expect(parsePence('0')).toEqual({ ok: true, value: 0 })
  })

  it('is exact where float arithmetic is not', () => {
    // 9.17 * 100 is 916.9999999999999 in floating point
    expect(parsePence('9.17')).toEqual({ ok: true, value: 917 })
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000_000 }), fc.integer({ min: 0, max: 99 }), (pounds, pence) => {
        const text = `${pounds}.${String(pence).padStart(2, '0')}`
        expect(parsePence(text)).toEqual({ ok: true, value: pounds * 100 + pence })
      }),
    )
  })

  it.each(['8.1m', '£2000000', '2,000,000', '2M', '1.234', '-5', '', ' 100', '007'])('refuses %j with a reason', (text) => {
    const result = parsePence(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toContain(`bad money "${text}"`)
  })

  it('refuses numbers: money must be written as a quoted string', () => {
    const result = parsePence(2000000)
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('quoted') })
  })
})

describe('checkPartialDate', () => {
  it('accepts each precision written at exactly that precision', () => {
    expect(checkPartialDate('2014-01-14', 'day')).toBeUndefined()
    expect(checkPartialDate('2009-11', 'month')).toBeUndefined()
    expect(checkPartialDate('2011', 'year')).toBeUndefined()
    expect(checkPartialDate('2013-14', 'financial_year')).toBeUndefined()
    expect(checkPartialDate('1999-00', 'financial_year')).toBeUndefined()
    expect(checkPartialDate(undefined, 'unknown')).toBeUndefined()
  })

  it('refuses a date that does not match its precision', () => {
    expect(checkPartialDate('2014-01', 'day')).toMatch(/bad date "2014-01" for precision day/)
    expect(checkPartialDate('2014-02-30', 'day')).toMatch(/no such day/)
    expect(checkPartialDate('2014-13', 'month')).toMatch(/bad date/)
    expect(checkPartialDate('2014-01-14', 'year')).toMatch(/bad date/)
    expect(checkPartialDate('2013-15', 'financial_year')).toMatch(/financial year/)
    expect(checkPartialDate('2011', 'unknown')).toMatch(/precision unknown/)
    expect(checkPartialDate(undefined, 'day')).toMatch(/needs a date/)
  })
})
