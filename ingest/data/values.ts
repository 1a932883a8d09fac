import type { DatePrecision } from '../../schema/tables/enums'

// Pure parsers for the scalar values of data/*.yaml. Each returns the parsed value or a
// reason string, so the reader can collect every problem instead of stopping at the first.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

const MONEY = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/

/**
 * "2000000" or "1708.75" (pounds, at most two decimals) -> integer pence, by string arithmetic
 * so no float ever touches a money value. "8.1m", "£2M" and "2,000,000" are refused on purpose:
 * a reviewer should see the exact figure in the diff.
 */
export function parsePence(text: unknown): Parsed<number> {
  if (typeof text !== 'string') {
    return { ok: false, reason: `write money as a quoted decimal string of pounds, e.g. "2000000" (got ${describe(text)})` }
  }
  const match = MONEY.exec(text)
  if (!match) {
    return {
      ok: false,
      reason: `bad money "${text}": write pounds as digits with at most two decimals, no £, commas or "m"/"k" (e.g. "8100000")`,
    }
  }
  const pounds = BigInt(match[1] ?? '0')
  const pence = BigInt((match[2] ?? '').padEnd(2, '0') || '0')
  const total = pounds * 100n + pence
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `bad money "${text}": too large` }
  return { ok: true, value: Number(total) }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/
const YEAR = /^(\d{4})$/
const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/

/**
 * Checks that `on` is written at exactly its stated precision: day 2014-01-14, month 2009-11,
 * year 2011, financial_year 2013-14 (1 April – 31 March), unknown = no date at all.
 */
export function checkPartialDate(on: string | undefined, precision: DatePrecision): string | undefined {
  if (precision === 'unknown') {
    return on === undefined ? undefined : `date "${on}" given with precision unknown: drop the date or state its precision`
  }
  if (on === undefined) return `precision ${precision} needs a date ("on")`
  const bad = (shape: string) => `bad date "${on}" for precision ${precision}: write ${shape}`
  switch (precision) {
    case 'day': {
      const m = DAY.exec(on)
      if (!m) return bad('YYYY-MM-DD, e.g. 2014-01-14')
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
      const date = new Date(Date.UTC(y, mo - 1, d))
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
        return `bad date "${on}": no such day`
      }
      return plausibleYear(y, on)
    }
    case 'month': {
      const m = MONTH.exec(on)
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return bad('YYYY-MM, e.g. 2009-11')
      return plausibleYear(Number(m[1]), on)
    }
    case 'year': {
      const m = YEAR.exec(on)
      if (!m) return bad('YYYY, e.g. 2011')
      return plausibleYear(Number(m[1]), on)
    }
    case 'financial_year': {
      const m = FINANCIAL_YEAR.exec(on)
      if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) return bad('the UK financial year as YYYY-YY, e.g. 2013-14')
      return plausibleYear(Number(m[1]), on)
    }
  }
}

function plausibleYear(year: number, on: string): string | undefined {
  return year < 1900 || year > 2100 ? `bad date "${on}": year out of range` : undefined
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'number') return `the number ${value}; quote it`
  return typeof value
}
