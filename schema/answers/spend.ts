// Sums of spend: groups with their totals, the grand total, and series over time. Read from the
// rollups whenever the filter allows (whole months, no amount bounds), else from payments; the
// same filter module selects the rows either way. Currency and VAT basis are always grouping
// keys: net is never added to gross, and GBP to nothing else.
import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../db'
import { ApiError } from '../graphql/errors'
import { acrossFilesCan, aliasedColumns, monthSql, type ParsedSpendFilter, spendWhere } from '../graphql/inputs/spend-filter'
import type { Currency, VatBasis } from '../tables/enums'
import { bucketOfDay, bucketsBetween, groupColumns, type KeyColumn, keyExpressions, placedBucket, type TimeInterval } from './dimensions'

export const spendOrders = ['TOTAL_DESC', 'TOTAL_ASC', 'PAYMENTS_DESC', 'KEY_ASC'] as const
export type SpendOrder = (typeof spendOrders)[number]

export type GroupKeys = Partial<Record<KeyColumn, string | number | null>>

export interface SpendRow {
  keys: GroupKeys
  currency: Currency
  vatBasis: VatBasis
  totalPence: number
  payments: number
}

interface RawRow {
  currency: Currency
  vat_basis: VatBasis
  total: number
  payments: number
  [key: string]: unknown
}

// What the narrow rollup (spend_rollup_body) can answer: these keys, and filters on these columns.
const narrowKeys: readonly KeyColumn[] = ['body_id', 'payee_class', 'consultancy', 'consultancy_rule', 'month', 'quarter', 'financial_year', 'pilot_id']
const wideOnlyFilters = ['supplier', 'expenseType', 'expenseCategory', 'serviceArea', 'programme', 'payeeBody'] as const
// What the rollups across files can group by: spend_rollup_supplier these keys, spend_rollup_year
// these and the financial year (placed at ingest as placedBucket places it here).
const acrossKeys: readonly KeyColumn[] = ['body_id', 'supplier_id', 'payee_class', 'consultancy', 'consultancy_rule', 'pilot_id']

export type SourceTable = 'spend_rollup_body' | 'spend_rollup_supplier' | 'spend_rollup_year' | 'spend_rollup' | 'payments'

/**
 * Which table answers: the narrow rollup (per file and month, but without suppliers: the smallest
 * when it can answer); else a rollup across files, whose rows are bounded by a body's suppliers
 * (and years) rather than by its payments, when it selects exactly the same payments; else the
 * wide rollup; else payments (a day-level range or amount bounds).
 */
export function sourceTable(filter: ParsedSpendFilter, keys: readonly KeyColumn[]): SourceTable {
  if (!filter.monthly) return 'payments'
  const narrow = keys.every((k) => narrowKeys.includes(k)) && wideOnlyFilters.every((f) => filter.input[f] == null)
  if (narrow) return 'spend_rollup_body'
  if (acrossFilesCan(filter)) {
    if (keys.every((k) => acrossKeys.includes(k))) return 'spend_rollup_supplier'
    if (keys.every((k) => acrossKeys.includes(k) || k === 'financial_year')) return 'spend_rollup_year'
  }
  return 'spend_rollup'
}

interface Source {
  from: SQL
  where: SQL
  total: string
  count: string
  /** Each key column's SQL over alias r. */
  exprs: Record<KeyColumn, string>
  /** The bucket of a row for a series by `interval`. */
  bucket: (interval: TimeInterval) => string
}

/** Where the rows come from, and how to total them. */
function source(filter: ParsedSpendFilter, keys: readonly KeyColumn[]): Source {
  const table = sourceTable(filter, keys)
  const pilot = keys.includes('pilot_id') ? ' LEFT JOIN total_place_pilot_bodies tpb ON tpb.body_id = r.body_id' : ''
  const across = table === 'spend_rollup_supplier' || table === 'spend_rollup_year'
  const rollup = table !== 'payments'
  const month = monthSql('r', rollup ? 'rollup' : 'payments')
  const exprs = keyExpressions('r', month)
  // The year table holds each row's placed year; it has no month or file to place it by again.
  if (table === 'spend_rollup_year') exprs.financial_year = 'r.financial_year'
  return {
    from: sql.raw(`${table} r${pilot}`),
    where: spendWhere(filter, aliasedColumns('r', across ? 'acrossFiles' : rollup ? 'rollup' : 'payments')),
    total: rollup ? 'SUM(r.total_pence)' : 'SUM(r.amount_pence)',
    count: rollup ? 'SUM(r.payments)' : 'COUNT(*)',
    exprs,
    bucket: (interval) => (interval === 'FINANCIAL_YEAR' && table === 'spend_rollup_year' ? exprs.financial_year : placedBucket(interval, 'r', month)),
  }
}

function toRow(raw: RawRow, keys: KeyColumn[]): SpendRow {
  const out: GroupKeys = {}
  for (const k of keys) out[k] = raw[k] as string | number | null
  return { keys: out, currency: raw.currency, vatBasis: raw.vat_basis, totalPence: Number(raw.total), payments: Number(raw.payments) }
}

/** The sort of a group list: a measure or two, then every key column (unique per group), so the order is total. */
function orderTerms(order: SpendOrder, names: readonly string[]): Array<{ column: string; desc: boolean }> {
  const byKeys = names.map((column) => ({ column, desc: false }))
  if (order === 'TOTAL_DESC') return [{ column: 'total', desc: true }, ...byKeys]
  if (order === 'TOTAL_ASC') return [{ column: 'total', desc: false }, ...byKeys]
  if (order === 'PAYMENTS_DESC') return [{ column: 'payments', desc: true }, { column: 'total', desc: true }, ...byKeys]
  return byKeys
}

/**
 * ORDER BY for the groups: measures by name, keys by position (a key's alias, such as month, may
 * also name a column), or every term as a column of `table` (a CTE of groups joined back).
 */
function orderClause(order: SpendOrder, names: readonly string[], byPosition: boolean, table?: string): string {
  const at = (column: string) => (table ? `${table}.${column}` : byPosition && names.includes(column) ? String(names.indexOf(column) + 1) : column)
  return orderTerms(order, names).map((t) => `${at(t.column)} ${t.desc ? 'DESC' : 'ASC'}`).join(', ')
}

/**
 * Rows strictly after `last` in the order (keyset pagination): each page starts where the last
 * ended instead of counting past every row before it. Keys may be NULL, which sort first, as
 * ORDER BY puts them.
 */
function afterClause(order: SpendOrder, names: readonly string[], last: Record<string, unknown>): SQL {
  const terms = orderTerms(order, names)
  const same = (column: string) => sql`${sql.raw(column)} IS ${last[column] ?? null}`
  const beyond = (column: string, desc: boolean): SQL => {
    const v = last[column] ?? null
    if (desc) return v === null ? sql`0` : sql`(${sql.raw(column)} < ${v} OR ${sql.raw(column)} IS NULL)`
    return v === null ? sql`${sql.raw(column)} IS NOT NULL` : sql`${sql.raw(column)} > ${v}`
  }
  const options = terms.map((t, i) => sql.join([...terms.slice(0, i).map((p) => same(p.column)), beyond(t.column, t.desc)], sql` AND `))
  return sql`(${sql.join(options, sql` OR `)})`
}

export interface AggregateQuery {
  filter: ParsedSpendFilter
  groupBy: readonly string[]
  orderBy?: SpendOrder
}

/** The groups of an aggregate as SQL, ready for LIMIT/OFFSET. */
function groupsSql(q: AggregateQuery, measures = true): { text: SQL; keys: KeyColumn[] } {
  const keys = groupColumns(q.groupBy)
  const src = source(q.filter, keys)
  const exprs = src.exprs
  const select = [...keys.map((k) => `${exprs[k]} AS ${k}`), 'r.currency AS currency', 'r.vat_basis AS vat_basis'].join(', ')
  const groupBy = Array.from({ length: keys.length + 2 }, (_, i) => i + 1).join(', ')
  const sums = measures ? `, ${src.total} AS total, ${src.count} AS payments` : ''
  const text = sql`SELECT ${sql.raw(select)}${sql.raw(sums)}
    FROM ${src.from} WHERE ${src.where} GROUP BY ${sql.raw(groupBy)}`
  return { text, keys }
}

/** Where a page of groups starts: past `offset` groups (GraphQL's bounded offsets), or after the group `after` (exports). */
export type GroupPage = { offset: number } | { after: SpendRow | null }

function rawOf(row: SpendRow): Record<string, unknown> {
  return { ...row.keys, currency: row.currency, vat_basis: row.vatBasis, total: row.totalPence, payments: row.payments }
}

/** One page of groups, ordered; `limit` null for all of them. */
export async function spendGroups(db: Db, q: AggregateQuery, limit: number | null, page: GroupPage = { offset: 0 }): Promise<SpendRow[]> {
  const { text, keys } = groupsSql(q)
  const names = [...keys, 'currency', 'vat_basis']
  const order = q.orderBy ?? 'TOTAL_DESC'
  const rows =
    'after' in page
      ? await db.all<RawRow>(sql`SELECT * FROM (${text}) WHERE ${page.after ? afterClause(order, names, rawOf(page.after)) : sql`1 = 1`}
          ORDER BY ${sql.raw(orderClause(order, names, false))} LIMIT ${limit ?? -1}`)
      : await db.all<RawRow>(sql`${text} ORDER BY ${sql.raw(orderClause(order, names, true))} LIMIT ${limit ?? -1} OFFSET ${page.offset}`)
  return rows.map((r) => toRow(r, keys))
}

/** How many groups the aggregate has. */
export async function countSpendGroups(db: Db, q: AggregateQuery): Promise<number> {
  // Without the sums, which SQLite computes for every group even when only counting them: 40%
  // less time for a body's 10,700 supplier groups at 10M payments.
  const { text } = groupsSql(q, false)
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${text})`)
  return Number(row?.n ?? 0)
}

export interface SpendTotal {
  currency: Currency
  vatBasis: VatBasis
  totalPence: number
  payments: number
}

/** The filter's total in each currency and VAT basis (never added across them). */
export async function spendGrandTotal(db: Db, filter: ParsedSpendFilter): Promise<SpendTotal[]> {
  const src = source(filter, [])
  const rows = await db.all<RawRow>(sql`SELECT r.currency AS currency, r.vat_basis AS vat_basis, ${sql.raw(src.total)} AS total, ${sql.raw(src.count)} AS payments
    FROM ${src.from} WHERE ${src.where} GROUP BY 1, 2 ORDER BY 1, 2`)
  return rows.map((r) => ({ currency: r.currency, vatBasis: r.vat_basis, totalPence: Number(r.total), payments: Number(r.payments) }))
}

/** A group's share of the grand total in its own currency and VAT basis. */
export function shareOf(row: { currency: Currency; vatBasis: VatBasis; totalPence: number }, grand: readonly SpendTotal[]): number | null {
  const g = grand.find((t) => t.currency === row.currency && t.vatBasis === row.vatBasis)
  return g && g.totalPence !== 0 ? row.totalPence / g.totalPence : null
}

export interface SeriesPoint {
  period: string
  totalPence: number
  payments: number
}

export interface SeriesLine {
  keys: GroupKeys
  currency: Currency
  vatBasis: VatBasis
  points: SeriesPoint[]
  undated: { totalPence: number; payments: number }
}

export interface Series {
  interval: TimeInterval
  periods: string[]
  lines: SeriesLine[]
  /** How many groups there are in all (null when paging by `after`, which does not count them); lines holds the largest `first`. */
  totalGroups: number | null
}

const timeKeys: KeyColumn[] = ['month', 'quarter', 'financial_year']

/** Refuses a series the filter cannot support: a range that cuts a bucket in two. */
export function checkSeries(interval: TimeInterval, filter: ParsedSpendFilter, groupBy: readonly string[]): KeyColumn[] {
  const keys = groupColumns(groupBy)
  const time = keys.find((k) => timeKeys.includes(k))
  if (time) {
    throw new ApiError({ code: 'BAD_USER_INPUT', message: `groupBy: a series is already split by ${interval}; group it by anything but MONTH, QUARTER or FINANCIAL_YEAR` })
  }
  const name = interval.toLowerCase().replace('_', ' ')
  if (filter.from && bucketOfDay(interval, filter.from).start !== filter.from) {
    throw new ApiError({ code: 'BAD_FILTER', message: `filter.from (${filter.from}) cuts a ${name} in two: with interval ${interval}, from must be the first day of a ${name}, e.g. "${bucketOfDay(interval, filter.from).start}"` })
  }
  if (filter.to && bucketOfDay(interval, filter.to).end !== filter.to) {
    throw new ApiError({ code: 'BAD_FILTER', message: `filter.to (${filter.to}) cuts a ${name} in two: with interval ${interval}, to must be the last day of a ${name}, e.g. "${bucketOfDay(interval, filter.to).end}"` })
  }
  return keys
}

/**
 * A gap-free series: every bucket from the first to the last that has a payment (or the filter's
 * range), per group and currency/VAT basis; payments no bucket can hold are `undated`, never dropped.
 * With groupBy, only the `first` largest groups (by total) past `offset` groups, or after the line
 * `after` (exports, keyset), get lines.
 */
export async function spendSeries(
  db: Db, interval: TimeInterval, filter: ParsedSpendFilter, groupBy: readonly string[], first: number,
  page: { offset: number } | { after: SeriesLine | null } = { offset: 0 },
): Promise<Series> {
  const keys = checkSeries(interval, filter, groupBy)
  const src = source(filter, [...keys, interval === 'MONTH' ? 'month' : interval === 'QUARTER' ? 'quarter' : 'financial_year'])
  const exprs = src.exprs
  const bucket = src.bucket(interval)
  const grouping = [...keys.map((k) => exprs[k]), 'r.currency', 'r.vat_basis']
  const names = [...keys, 'currency', 'vat_basis']
  const select = grouping.map((e, i) => `${e} AS ${names[i]}`).join(', ')
  const top = sql`SELECT ${sql.raw(select)}, ${sql.raw(src.total)} AS total FROM ${src.from} WHERE ${src.where}
    GROUP BY ${sql.raw(grouping.map((_, i) => i + 1).join(', '))}`
  const join = names.map((n, i) => `${grouping[i]} IS top.${n}`).join(' AND ')
  const [count] = 'after' in page ? [] : await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${top})`)
  const chosen =
    'after' in page
      ? sql`SELECT * FROM (${top}) WHERE ${page.after ? afterClause('TOTAL_DESC', names, rawOfLine(page.after)) : sql`1 = 1`}
          ORDER BY ${sql.raw(orderClause('TOTAL_DESC', names, false))} LIMIT ${first}`
      : sql`${top} ORDER BY ${sql.raw(orderClause('TOTAL_DESC', names, true))} LIMIT ${first} OFFSET ${page.offset}`
  const rows = await db.all<RawRow & { bucket: string | null }>(sql`WITH top AS (${chosen})
    SELECT ${sql.raw(names.map((n) => `top.${n} AS ${n}`).join(', '))}, ${sql.raw(bucket)} AS bucket, ${sql.raw(src.total)} AS total, ${sql.raw(src.count)} AS payments
    FROM ${src.from} JOIN top ON ${sql.raw(join)} WHERE ${src.where}
    GROUP BY ${sql.raw(names.map((n) => `top.${n}`).join(', '))}, bucket ORDER BY ${sql.raw(orderClause('TOTAL_DESC', names, false, 'top'))}`)

  // A range runs gap-free, but only over periods the data can have: a range of 1000-01-01 to
  // 9999-12-31 would otherwise be 107,988 empty months.
  const span = await dataSpan(db)
  const clampFrom = filter.from && span ? (filter.from > span.first ? filter.from : span.first) : filter.from
  const clampTo = filter.to && span ? (filter.to < span.last ? filter.to : span.last) : filter.to
  let firstBucket = clampFrom && span ? bucketName(interval, clampFrom) : null
  let lastBucket = clampTo && span ? bucketName(interval, clampTo) : null
  const lines = new Map<string, SeriesLine & { byPeriod: Map<string, SeriesPoint> }>()
  for (const raw of rows) {
    const row = toRow(raw, keys)
    const id = JSON.stringify([row.keys, row.currency, row.vatBasis])
    let line = lines.get(id)
    if (!line) {
      line = { keys: row.keys, currency: row.currency, vatBasis: row.vatBasis, points: [], undated: { totalPence: 0, payments: 0 }, byPeriod: new Map() }
      lines.set(id, line)
    }
    if (raw.bucket == null) {
      line.undated = { totalPence: row.totalPence, payments: row.payments }
      continue
    }
    line.byPeriod.set(raw.bucket, { period: raw.bucket, totalPence: row.totalPence, payments: row.payments })
    if (!filter.from && (firstBucket === null || raw.bucket < firstBucket)) firstBucket = raw.bucket
    if (!filter.to && (lastBucket === null || raw.bucket > lastBucket)) lastBucket = raw.bucket
  }
  const periods = firstBucket && lastBucket && firstBucket <= lastBucket ? bucketsBetween(interval, firstBucket, lastBucket) : []
  if (periods.length > MAX_PERIODS) {
    throw new ApiError({
      code: 'BAD_FILTER',
      message: `a series of ${periods.length} ${interval.toLowerCase().replace('_', ' ')} periods (${firstBucket} to ${lastBucket}) is more than ${MAX_PERIODS}: narrow from/to or use a longer interval`,
    })
  }
  return {
    interval,
    periods,
    totalGroups: 'after' in page ? null : Number(count?.n ?? 0),
    lines: [...lines.values()].map(({ byPeriod, ...line }) => ({
      ...line,
      points: periods.map((period) => byPeriod.get(period) ?? { period, totalPence: 0, payments: 0 }),
    })),
  }
}

/** A line's keys and whole total, as its group row held them: where the next page of lines starts. */
function rawOfLine(line: SeriesLine): Record<string, unknown> {
  const total = line.points.reduce((sum, p) => sum + p.totalPence, line.undated.totalPence)
  return { ...line.keys, currency: line.currency, vat_basis: line.vatBasis, total }
}

/** At most this many periods in one series: enough for 50 years by month. */
export const MAX_PERIODS = 600

/** The first and last day any payment or file period holds, or null with no spend at all. */
async function dataSpan(db: Db): Promise<{ first: string; last: string } | null> {
  const row = await db.get<{ first: string | null; last: string | null }>(sql`SELECT MIN(d) AS first, MAX(e) AS last FROM (
    SELECT MIN(month) || '-01' AS d, MAX(month) || '-28' AS e FROM spend_rollup_body
    UNION ALL SELECT MIN(period_start), MAX(period_end) FROM spend_files)`)
  return row?.first && row.last ? { first: row.first.slice(0, 10), last: row.last.slice(0, 10) } : null
}

/** The bucket a day falls in, written as the series writes it. */
function bucketName(interval: TimeInterval, day: string): string {
  return bucketsBetween(interval, bucketLabelStart(interval, day), bucketLabelStart(interval, day))[0] as string
}

function bucketLabelStart(interval: TimeInterval, day: string): string {
  const { start } = bucketOfDay(interval, day)
  if (interval === 'MONTH') return start.slice(0, 7)
  if (interval === 'QUARTER') return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`
  return `${start.slice(0, 4)}-${String((Number(start.slice(0, 4)) + 1) % 100).padStart(2, '0')}`
}
