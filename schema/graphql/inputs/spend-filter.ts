// THE filter over spend: one parse (what a client may ask, and the client error when it asks
// wrong) and one translation to SQL, used by the payments connection, the aggregates, the time
// series, the CSV exports and the pages alike, so no two answers can disagree about which
// payments a filter selects.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import type { Currency, PayeeClass as PayeeClassCode, VatBasis as VatBasisCode } from '../../tables/enums'
import { currencies, payeeClasses, vatBases } from '../../tables/enums'
import { builder } from '../builder'
import type { Db } from '../../db'
import { ApiError } from '../errors'
import { Currency as CurrencyEnum, PayeeClass, VatBasis } from '../types/enums'
import { containsPattern } from './match'

/** A spend filter as a client sends it (GraphQL input or CSV query parameters). */
export interface SpendFilterInput {
  body?: string | null
  supplier?: string | null
  from?: string | null
  to?: string | null
  consultancyOnly?: boolean | null
  expenseType?: string | null
  expenseCategory?: string | null
  serviceArea?: string | null
  payeeClass?: PayeeClassCode | null
  currency?: Currency | null
  vatBasis?: VatBasisCode | null
  programme?: string | null
  payeeBody?: string | null
  minPence?: number | null
  maxPence?: number | null
}

/** The filter's fields, in the order CSV exports accept them as parameters. */
export const spendFilterFields = [
  'body', 'supplier', 'from', 'to', 'consultancyOnly', 'expenseType', 'expenseCategory', 'serviceArea',
  'payeeClass', 'currency', 'vatBasis', 'programme', 'payeeBody', 'minPence', 'maxPence',
] as const satisfies ReadonlyArray<keyof SpendFilterInput>

export const SpendFilter = builder.inputType('SpendFilter', {
  description: 'Which payments to count. The same filter selects the same payments in payments, spend, spendOverTime and every /v1 CSV export.',
  fields: (t) => ({
    body: t.string({ description: "The paying body's id, exact name or alias, or text in exactly one body's name; text that fits several is refused with the candidates." }),
    supplier: t.string({ description: "The supplier's id, exact name or any alias it was seen under, or text in exactly one supplier's name; text that fits several is refused with the candidates." }),
    from: t.string({
      description:
        "Paid on or after this day, YYYY-MM-DD. A payment known only to its month matches when its month overlaps the range; a payment whose date was lost is placed by its file's period (in the range when the whole period is; a range that cuts such a period in two is refused).",
    }),
    to: t.string({ description: 'Paid on or before this day, YYYY-MM-DD.' }),
    consultancyOnly: t.boolean({ description: 'Only payments a consultancy rule marked.' }),
    expenseType: t.string({ description: 'Expense type contains this text, case-insensitively.' }),
    expenseCategory: t.string({ description: 'Expense category contains this text, case-insensitively.' }),
    serviceArea: t.string({ description: 'Service area contains this text, case-insensitively.' }),
    payeeClass: t.field({ type: PayeeClass }),
    currency: t.field({ type: CurrencyEnum }),
    vatBasis: t.field({ type: VatBasis }),
    programme: t.string({
      description:
        "Only payments the programme ledger's rule matches to this programme (id or name): from the programme's bodies (and its contracts' buyers) to its contracted suppliers, in a month within its dates.",
    }),
    payeeBody: t.string({
      description: "Only payments to a payee that is this public body (id, name or alias; see Supplier.body): the body's money in.",
    }),
    minPence: t.field({ type: 'SafeInt', description: 'Amount at least this many pence (negative for credits). Read from payments, not rollups.' }),
    maxPence: t.field({ type: 'SafeInt', description: 'Amount at most this many pence. Read from payments, not rollups.' }),
  }),
})

/** A checked filter: dates are real days, from ≤ to, free text is within limits. */
export interface ParsedSpendFilter {
  input: SpendFilterInput
  from: string | null
  to: string | null
  /** True when every part can be answered from the monthly rollups. */
  monthly: boolean
  /** The one entity each name filter stands for (see resolveSpendFilter); spendWhere reads only these. */
  ids?: Partial<Record<EntityField, string>>
}

/** The filter fields that name an entity: each must stand for exactly one before any sum is made. */
const entityFields = ['body', 'supplier', 'programme', 'payeeBody'] as const
type EntityField = (typeof entityFields)[number]

type Candidate = { id: string; name: string }

async function candidates(db: Db, table: 'bodies' | 'suppliers' | 'programmes', text: string, exact: boolean): Promise<Candidate[]> {
  const p = exact ? text : containsPattern('filter', text)
  const cmp = (col: string) => (exact ? sql`lower(${sql.raw(col)}) = lower(${p})` : sql`${sql.raw(col)} LIKE ${p} ESCAPE '\\'`)
  const q =
    table === 'bodies'
      ? sql`SELECT id, name FROM bodies WHERE ${cmp('name')} UNION SELECT b.id, b.name FROM body_aliases a JOIN bodies b ON b.id = a.body_id WHERE ${cmp('a.alias')}`
      : table === 'suppliers'
        ? sql`SELECT id, name FROM suppliers WHERE ${cmp('name')} UNION SELECT s.id, s.name FROM supplier_aliases a JOIN suppliers s ON s.id = a.supplier_id WHERE ${cmp('a.raw_name')}`
        : sql`SELECT id, name FROM programmes WHERE ${cmp('name')}`
  return db.all<Candidate>(sql`SELECT id, name FROM (${q}) ORDER BY id LIMIT 11`)
}

/**
 * Turns each name filter into the one entity it stands for: an exact id (slug), else an exact
 * case-insensitive name or alias, else a name containing the text when exactly one does. Several
 * or none is a BAD_FILTER naming the candidates: "hull" must never add Solihull into a total.
 */
export async function resolveSpendFilter(db: Db, parsed: ParsedSpendFilter, prefix = 'filter.'): Promise<ParsedSpendFilter> {
  const ids: Partial<Record<EntityField, string>> = {}
  for (const field of entityFields) {
    const raw = parsed.input[field]
    if (raw == null) continue
    const text = raw.trim()
    const table = field === 'supplier' ? 'suppliers' : field === 'programme' ? 'programmes' : 'bodies'
    const [one, many] = table === 'bodies' ? ['body', 'bodies'] : table === 'suppliers' ? ['supplier', 'suppliers'] : ['programme', 'programmes']
    const byId = await db.get<Candidate>(sql`SELECT id, name FROM ${sql.raw(table)} WHERE id = ${text}`)
    let found: Candidate[] = byId ? [byId] : await candidates(db, table, text, true)
    if (found.length === 0) found = await candidates(db, table, text, false)
    if (found.length === 1) {
      ids[field] = (found[0] as Candidate).id
      continue
    }
    if (found.length === 0) {
      throw new ApiError({ code: 'BAD_FILTER', message: `${prefix}${field} "${text}" matches no ${one}: give a ${one}'s id, name or alias` })
    }
    const listed = found.slice(0, 10).map((c) => `${c.id} (${c.name})`).join(', ')
    const count = found.length > 10 ? 'more than 10' : String(found.length)
    throw new ApiError({ code: 'BAD_FILTER', message: `${prefix}${field} "${text}" matches ${count} ${many}: ${listed}; give an id` })
  }
  const resolved = { ...parsed, ids }
  await refuseStraddledUndated(db, resolved, prefix)
  return resolved
}

/**
 * A payment whose date the file lost belongs somewhere in the file's period. When a from/to range
 * cuts that period in two (or the period is unknown), we cannot say whether the payment is in the
 * range: refuse rather than silently drop or include it. Read from the wide rollup (its month is
 * null exactly for these payments), ignoring amount bounds, so the check is cheap and errs towards
 * refusing.
 */
async function refuseStraddledUndated(db: Db, parsed: ParsedSpendFilter, prefix: string): Promise<void> {
  const { from, to } = parsed
  if (!from && !to) return
  const undatedOnly: ParsedSpendFilter = { ...parsed, from: null, to: null, monthly: true, input: { ...parsed.input, from: null, to: null, minPence: null, maxPence: null } }
  const inside = sql`(f.period_start IS NOT NULL AND f.period_end IS NOT NULL AND (${from} IS NULL OR f.period_start >= ${from}) AND (${to} IS NULL OR f.period_end <= ${to}))`
  const outside = sql`((${to} IS NOT NULL AND f.period_start > ${to}) OR (${from} IS NOT NULL AND f.period_end < ${from}))`
  const hit = await db.get<{ file_name: string; period_start: string | null; period_end: string | null; payments: number; total: number; currency: string }>(sql`
    SELECT f.file_name, f.period_start, f.period_end, SUM(r.payments) AS payments, SUM(r.total_pence) AS total, r.currency
    FROM spend_rollup r JOIN spend_files f ON f.id = r.spend_file_id
    WHERE r.month IS NULL AND ${spendWhere(undatedOnly, aliasedColumns('r', 'rollup'))} AND NOT ${inside} AND NOT ${outside}
    GROUP BY f.id, r.currency LIMIT 1`)
  if (!hit) return
  const period = hit.period_start && hit.period_end ? `${hit.period_start} to ${hit.period_end}` : 'an unknown period'
  throw new ApiError({
    code: 'BAD_FILTER',
    message: `${prefix}from/${prefix}to cut the period of "${hit.file_name}" (${period}), which holds ${hit.payments} payments whose date was lost: we cannot say whether they fall in the range. Widen or narrow the range to cover that period whole, or leave it out.`,
  })
}

function isoDay(field: string, value: string): string {
  const d = new Date(`${value}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new ApiError({ code: 'BAD_FILTER', message: `${field} must be a day written YYYY-MM-DD, e.g. "2011-05-26"; got "${value}"` })
  }
  return value
}

function lastDayOfMonth(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.getUTCDate() === 1
}

function oneOf<T extends string>(field: string, value: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(value)) {
    throw new ApiError({ code: 'BAD_FILTER', message: `${field} must be one of ${accepted.join(', ')}; got "${value}"` })
  }
  return value as T
}

/** Checks a filter; every client mistake is a BAD_FILTER that says what is accepted. */
export function parseSpendFilter(input: SpendFilterInput | null | undefined, prefix = 'filter.'): ParsedSpendFilter {
  const f: SpendFilterInput = { ...(input ?? {}) }
  const from = f.from != null ? isoDay(`${prefix}from`, f.from) : null
  const to = f.to != null ? isoDay(`${prefix}to`, f.to) : null
  if (from && to && from > to) {
    throw new ApiError({ code: 'BAD_FILTER', message: `${prefix}from (${from}) is after ${prefix}to (${to}): give a range whose start is on or before its end` })
  }
  for (const field of ['body', 'supplier', 'expenseType', 'expenseCategory', 'serviceArea', 'programme', 'payeeBody'] as const) {
    if (f[field] != null) containsPattern(`${prefix}${field}`, f[field] as string)
  }
  if (f.payeeClass != null) oneOf(`${prefix}payeeClass`, f.payeeClass, payeeClasses)
  if (f.currency != null) oneOf(`${prefix}currency`, f.currency, currencies)
  if (f.vatBasis != null) oneOf(`${prefix}vatBasis`, f.vatBasis, vatBases)
  for (const field of ['minPence', 'maxPence'] as const) {
    const v = f[field]
    if (v != null && !Number.isSafeInteger(v)) throw new ApiError({ code: 'BAD_FILTER', message: `${prefix}${field} must be a whole number of pence; got ${v}` })
  }
  // Rollups hold months: a range that starts on a 1st and ends on a month's last day selects
  // whole months, exactly as the day-level rule would; anything finer reads payments.
  const monthly = f.minPence == null && f.maxPence == null && (from == null || from.endsWith('-01')) && (to == null || lastDayOfMonth(to))
  return { input: f, from, to, monthly }
}

/**
 * True when the rollups across files (spend_rollup_supplier, spend_rollup_year), which keep no
 * file, month or text dimension, select exactly the payments this filter does: no date range, no
 * amount bounds, no programme (its rule reads months and file periods) and no text filters. Body,
 * supplier, payee body, consultancy, payee class, currency and VAT basis they hold as they are.
 */
export function acrossFilesCan(parsed: ParsedSpendFilter): boolean {
  const f = parsed.input
  return parsed.monthly && !parsed.from && !parsed.to && f.programme == null && f.expenseType == null && f.expenseCategory == null && f.serviceArea == null
}

/** The columns a spend filter reads, from payments or from the rollups (same names, same meaning). */
export interface SpendColumns {
  spendFileId: SQLWrapper
  bodyId: SQLWrapper
  supplierId: SQLWrapper
  payeeClass: SQLWrapper
  expenseCategory: SQLWrapper
  expenseType: SQLWrapper
  serviceArea: SQLWrapper
  consultancyRule: SQLWrapper
  currency: SQLWrapper
  vatBasis: SQLWrapper
  /** 'YYYY-MM' of the payment's own date, null when unknown (or vaguer than a month). */
  month: SQL
  /** A rollup across files: it has no file, month or text columns, so only acrossFilesCan filters may read it. */
  acrossFiles?: true
  /** Payments only: the day-level date, the amount, and the duplicate marker. */
  payment?: { paidOn: SQLWrapper; paidPrecision: SQLWrapper; amountPence: SQLWrapper; duplicateOf: SQLWrapper }
}

/** The month of a payment, as the rollups store it: only dates known to the day or month have one. */
export function paymentMonth(paidOn: SQLWrapper, paidPrecision: SQLWrapper): SQL {
  return sql`(CASE WHEN ${paidPrecision} IN ('day', 'month') THEN substr(${paidOn}, 1, 7) END)`
}

/** The same month as SQL text over alias `r` of payments or a rollup (for hand-written grouping SQL). */
export function monthSql(alias: string, table: 'payments' | 'rollup'): string {
  return table === 'rollup' ? `${alias}.month` : `(CASE WHEN ${alias}.paid_precision IN ('day', 'month') THEN substr(${alias}.paid_on, 1, 7) END)`
}

// A payment whose own month is unknown is placed by its file's period: inside a range when the
// whole period is (resolveSpendFilter refuses a range that cuts such a period in two).
const filePeriod = (c: SpendColumns, end: 'period_start' | 'period_end') => sql`(SELECT f.${sql.raw(end)} FROM spend_files f WHERE f.id = ${c.spendFileId})`

/**
 * The ledger's rule: a payment belongs to a programme when its body is one of the programme's
 * bodies (or buys one of its contracts), its supplier holds one of the programme's contracts, and
 * its month lies within the programme's dates (open where a date is unknown). Months, not days, so
 * rollups and payments answer alike. A payment whose date was lost counts when its file's whole
 * period lies within the programme's dates.
 */
export const programmeRule = {
  id: 'programme-bodies-contracted-suppliers-within-dates',
  description:
    "Payments from the programme's bodies (and the buyers of its contracts) to the suppliers of its contracts, in a month within the programme's start and end (open-ended where a date is unknown).",
}

// Month bounds of a partial date: '2014' → 2014-01 … 2014-12; '2009-10' (financial year) → 2009-04 … 2010-03.
const startMonth = (on: string, precision: string) =>
  `(CASE ${precision} WHEN 'financial_year' THEN substr(${on}, 1, 4) || '-04' WHEN 'year' THEN ${on} || '-01' ELSE substr(${on}, 1, 7) END)`
const endMonth = (on: string, precision: string) =>
  `(CASE ${precision} WHEN 'financial_year' THEN (CAST(substr(${on}, 1, 4) AS INTEGER) + 1) || '-03' WHEN 'year' THEN ${on} || '-12' ELSE substr(${on}, 1, 7) END)`

function programmeCondition(id: string, c: SpendColumns): SQL {
  return sql`EXISTS (SELECT 1 FROM programmes pr WHERE pr.id = ${id}
    AND (${c.bodyId} IN (SELECT body_id FROM programme_bodies WHERE programme_id = pr.id)
         OR ${c.bodyId} IN (SELECT buyer_id FROM contracts WHERE programme_id = pr.id))
    AND ${c.supplierId} IN (SELECT supplier_id FROM contracts WHERE programme_id = pr.id AND supplier_id IS NOT NULL)
    AND (pr.started_on IS NULL OR COALESCE(${c.month}, substr(${filePeriod(c, 'period_start')}, 1, 7)) >= ${sql.raw(startMonth('pr.started_on', 'pr.started_precision'))})
    AND (pr.ended_on IS NULL OR COALESCE(${c.month}, substr(${filePeriod(c, 'period_end')}, 1, 7)) <= ${sql.raw(endMonth('pr.ended_on', 'pr.ended_precision'))}))`
}

/** The filter as one SQL condition over `c`. Duplicates are never counted. */
export function spendWhere(parsed: ParsedSpendFilter, c: SpendColumns): SQL {
  const f = parsed.input
  const parts: SQL[] = []
  const like = (column: SQLWrapper, field: string, text: string) => sql`${column} LIKE ${containsPattern(`filter.${field}`, text)} ESCAPE '\\'`
  const id = (field: EntityField): string => {
    const found = parsed.ids?.[field]
    // A programming error, not a client's: every entry point resolves names before SQL is built.
    if (found == null) throw new Error(`filter.${field} was not resolved to one entity before building SQL`)
    return found
  }
  // A programming error, not a client's: sourceTable routes such filters elsewhere.
  if (c.acrossFiles && !acrossFilesCan(parsed)) throw new Error('a filter by date, programme or text cannot be answered from the rollups across files')
  if (c.payment) parts.push(sql`${c.payment.duplicateOf} IS NULL`)
  if (f.body != null) parts.push(sql`${c.bodyId} = ${id('body')}`)
  if (f.supplier != null) parts.push(sql`${c.supplierId} = ${id('supplier')}`)
  if (c.payment) {
    const { paidOn, paidPrecision } = c.payment
    // A payment known only to its month ("2011-05") matches when its month overlaps the range.
    if (parsed.from) parts.push(sql`(CASE WHEN ${paidPrecision} = 'month' THEN ${paidOn} || '-31' WHEN ${paidPrecision} = 'day' THEN ${paidOn} ELSE ${filePeriod(c, 'period_start')} END) >= ${parsed.from}`)
    if (parsed.to) parts.push(sql`(CASE WHEN ${paidPrecision} = 'month' THEN ${paidOn} || '-01' WHEN ${paidPrecision} = 'day' THEN ${paidOn} ELSE ${filePeriod(c, 'period_end')} END) <= ${parsed.to}`)
  } else {
    if (!parsed.monthly) throw new Error('a filter finer than a month cannot be answered from the rollups')
    if (parsed.from) parts.push(sql`COALESCE(${c.month}, substr(${filePeriod(c, 'period_start')}, 1, 7)) >= ${parsed.from.slice(0, 7)}`)
    if (parsed.to) parts.push(sql`COALESCE(${c.month}, substr(${filePeriod(c, 'period_end')}, 1, 7)) <= ${parsed.to.slice(0, 7)}`)
  }
  if (f.consultancyOnly === true) parts.push(sql`${c.consultancyRule} IS NOT NULL`)
  if (f.expenseType != null) parts.push(like(c.expenseType, 'expenseType', f.expenseType))
  if (f.expenseCategory != null) parts.push(like(c.expenseCategory, 'expenseCategory', f.expenseCategory))
  if (f.serviceArea != null) parts.push(like(c.serviceArea, 'serviceArea', f.serviceArea))
  if (f.payeeClass != null) parts.push(sql`${c.payeeClass} = ${f.payeeClass}`)
  if (f.currency != null) parts.push(sql`${c.currency} = ${f.currency}`)
  if (f.vatBasis != null) parts.push(sql`${c.vatBasis} = ${f.vatBasis}`)
  if (f.programme != null) parts.push(programmeCondition(id('programme'), c))
  if (f.payeeBody != null) parts.push(sql`${c.supplierId} IN (SELECT id FROM suppliers WHERE body_id = ${id('payeeBody')})`)
  if (f.minPence != null && c.payment) parts.push(sql`${c.payment.amountPence} >= ${f.minPence}`)
  if (f.maxPence != null && c.payment) parts.push(sql`${c.payment.amountPence} <= ${f.maxPence}`)
  return parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`
}

/** The payments table's columns as a spend filter reads them (for drizzle queries over `payments`). */
export function paymentColumns(t: {
  spendFileId: SQLWrapper; bodyId: SQLWrapper; supplierId: SQLWrapper; payeeClass: SQLWrapper; expenseCategory: SQLWrapper
  expenseType: SQLWrapper; serviceArea: SQLWrapper; consultancyRule: SQLWrapper; currency: SQLWrapper; vatBasis: SQLWrapper
  paidOn: SQLWrapper; paidPrecision: SQLWrapper; amountPence: SQLWrapper; duplicateOf: SQLWrapper
}): SpendColumns {
  return {
    ...t,
    month: paymentMonth(t.paidOn, t.paidPrecision),
    payment: { paidOn: t.paidOn, paidPrecision: t.paidPrecision, amountPence: t.amountPence, duplicateOf: t.duplicateOf },
  }
}

/**
 * Raw columns of a table aliased in hand-written SQL (`r.body_id`…): payments, a rollup kept per
 * file, or a rollup across files (whose missing columns would fail loudly if ever named).
 */
export function aliasedColumns(alias: string, table: 'payments' | 'rollup' | 'acrossFiles'): SpendColumns {
  const col = (name: string) => sql.raw(`${alias}.${name}`)
  const base = {
    spendFileId: col('spend_file_id'), bodyId: col('body_id'), supplierId: col('supplier_id'), payeeClass: col('payee_class'),
    expenseCategory: col('expense_category'), expenseType: col('expense_type'), serviceArea: col('service_area'),
    consultancyRule: col('consultancy_rule'), currency: col('currency'), vatBasis: col('vat_basis'),
  }
  if (table === 'rollup') return { ...base, month: sql.raw(monthSql(alias, 'rollup')) }
  if (table === 'acrossFiles') return { ...base, month: sql.raw(monthSql(alias, 'rollup')), acrossFiles: true }
  return paymentColumns({ ...base, paidOn: col('paid_on'), paidPrecision: col('paid_precision'), amountPence: col('amount_pence'), duplicateOf: col('duplicate_of') })
}
