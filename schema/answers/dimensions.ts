// What spend can be grouped by, and how each grouping key is read: from the rollups (or payments,
// where a filter needs them), with dates a file lost placed by the file's period when that period
// lies inside one bucket — never guessed.
import { ApiError } from '../graphql/errors'

export const spendDimensions = [
  'BODY', 'SUPPLIER', 'PAYEE_CLASS', 'EXPENSE_TYPE', 'EXPENSE_CATEGORY', 'SERVICE_AREA', 'CONSULTANCY',
  'CONSULTANCY_RULE', 'MONTH', 'QUARTER', 'FINANCIAL_YEAR', 'TOTAL_PLACE_PILOT',
] as const
export type SpendDimension = (typeof spendDimensions)[number]

export const timeIntervals = ['MONTH', 'QUARTER', 'FINANCIAL_YEAR'] as const
export type TimeInterval = (typeof timeIntervals)[number]

/** At most this many dimensions at once: past it, groups multiply faster than anyone can read them. */
export const MAX_DIMENSIONS = 4

/** The key columns a group can carry; each dimension fills some of them. */
export const keyColumns = [
  'body_id', 'supplier_id', 'payee_class', 'expense_type', 'expense_category', 'service_area', 'consultancy',
  'consultancy_rule', 'month', 'quarter', 'financial_year', 'pilot_id',
] as const
export type KeyColumn = (typeof keyColumns)[number]

// A time bucket from any text that starts 'YYYY-MM' (a month, or a file's period day).
const bucketOf: Record<TimeInterval, (m: string) => string> = {
  MONTH: (m) => `substr(${m}, 1, 7)`,
  QUARTER: (m) => `(substr(${m}, 1, 4) || '-Q' || ((CAST(substr(${m}, 6, 2) AS INTEGER) + 2) / 3))`,
  FINANCIAL_YEAR: (m) =>
    `(CASE WHEN CAST(substr(${m}, 6, 2) AS INTEGER) >= 4 THEN substr(${m}, 1, 4) || '-' || substr(CAST(substr(${m}, 1, 4) AS INTEGER) + 1, 3, 2)` +
    ` ELSE (CAST(substr(${m}, 1, 4) AS INTEGER) - 1) || '-' || substr(${m}, 3, 2) END )`,
}

/**
 * The bucket of a row of alias `r`: its own month's, else its file's period's when the period
 * starts and ends in the same bucket, else null (undated).
 */
export function placedBucket(interval: TimeInterval, r: string, month: string): string {
  const b = bucketOf[interval]
  const start = 'f.period_start'
  const end = 'f.period_end'
  return `COALESCE(${b(month)}, (SELECT CASE WHEN ${b(start)} = ${b(end)} THEN ${b(start)} END FROM spend_files f WHERE f.id = ${r}.spend_file_id))`
}

/**
 * Key columns and their SQL over alias `r` (the pilot comes from the join aliased `tpb`); `month`
 * is the row's own month as its table holds it (a rollup's column, or read from a payment's date).
 */
export function keyExpressions(r: string, month: string): Record<KeyColumn, string> {
  return {
    body_id: `${r}.body_id`,
    supplier_id: `${r}.supplier_id`,
    payee_class: `${r}.payee_class`,
    expense_type: `${r}.expense_type`,
    expense_category: `${r}.expense_category`,
    service_area: `${r}.service_area`,
    consultancy: `(${r}.consultancy_rule IS NOT NULL)`,
    consultancy_rule: `${r}.consultancy_rule`,
    month: placedBucket('MONTH', r, month),
    quarter: placedBucket('QUARTER', r, month),
    financial_year: placedBucket('FINANCIAL_YEAR', r, month),
    pilot_id: 'tpb.pilot_id',
  }
}

const columnsOf: Record<SpendDimension, KeyColumn[]> = {
  BODY: ['body_id'],
  // Redacted and individual payees have no supplier: their payee class keeps them apart, unnamed.
  SUPPLIER: ['supplier_id', 'payee_class'],
  PAYEE_CLASS: ['payee_class'],
  EXPENSE_TYPE: ['expense_type'],
  EXPENSE_CATEGORY: ['expense_category'],
  SERVICE_AREA: ['service_area'],
  CONSULTANCY: ['consultancy'],
  CONSULTANCY_RULE: ['consultancy_rule'],
  MONTH: ['month'],
  QUARTER: ['quarter'],
  FINANCIAL_YEAR: ['financial_year'],
  TOTAL_PLACE_PILOT: ['pilot_id'],
}

/** Checks a groupBy list and returns the key columns it groups by, in order, once each. */
export function groupColumns(groupBy: readonly string[], field = 'groupBy'): KeyColumn[] {
  if (groupBy.length > MAX_DIMENSIONS) {
    throw new ApiError({ code: 'BAD_USER_INPUT', message: `${field} takes at most ${MAX_DIMENSIONS} dimensions; got ${groupBy.length}. Accepted: ${spendDimensions.join(', ')}` })
  }
  const out: KeyColumn[] = []
  for (const d of groupBy) {
    if (!(spendDimensions as readonly string[]).includes(d)) {
      throw new ApiError({ code: 'BAD_USER_INPUT', message: `${field}: unknown dimension "${d}". Accepted: ${spendDimensions.join(', ')}` })
    }
    for (const c of columnsOf[d as SpendDimension]) if (!out.includes(c)) out.push(c)
  }
  return out
}

/** Every bucket from `first` to `last` inclusive, so a series has no gaps. */
export function bucketsBetween(interval: TimeInterval, first: string, last: string): string[] {
  const out: string[] = []
  // Count in months from a bucket's first month; a bucket is written from its first month.
  const startMonth = (b: string): number => {
    if (interval === 'MONTH') return Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7)) - 1
    if (interval === 'QUARTER') return Number(b.slice(0, 4)) * 12 + (Number(b.slice(6)) - 1) * 3
    return Number(b.slice(0, 4)) * 12 + 3
  }
  const step = interval === 'MONTH' ? 1 : interval === 'QUARTER' ? 3 : 12
  const write = (m: number): string => {
    const y = Math.floor(m / 12)
    const mo = (m % 12) + 1
    if (interval === 'MONTH') return `${y}-${String(mo).padStart(2, '0')}`
    if (interval === 'QUARTER') return `${y}-Q${Math.floor((mo - 1) / 3) + 1}`
    return `${y}-${String((y + 1) % 100).padStart(2, '0')}`
  }
  const end = startMonth(last)
  for (let m = startMonth(first); m <= end; m += step) out.push(write(m))
  return out
}

/** The first and last day of a bucket, for checking that a date range covers whole buckets. */
export function bucketOfDay(interval: TimeInterval, day: string): { start: string; end: string } {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  const [sy, sm, months] =
    interval === 'MONTH' ? [y, m, 1] : interval === 'QUARTER' ? [y, Math.floor((m - 1) / 3) * 3 + 1, 3] : m >= 4 ? [y, 4, 12] : [y - 1, 4, 12]
  const start = `${sy}-${String(sm).padStart(2, '0')}-01`
  const endDate = new Date(Date.UTC(sy, sm - 1 + months, 0))
  return { start, end: endDate.toISOString().slice(0, 10) }
}
