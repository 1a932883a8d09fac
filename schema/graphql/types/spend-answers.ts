import { decodeBase64 } from '@pothos/core'
import { resolveOffsetConnection } from '@pothos/plugin-relay'
import { spendDimensions, type KeyColumn, timeIntervals } from '../../answers/dimensions'
import {
  type GroupKeys, type Series, type SpendRow, type SpendTotal, countSpendGroups, shareOf, spendGrandTotal, spendGroups,
  spendOrders, spendSeries,
} from '../../answers/spend'
import type { Keyed } from '../../answers/entities'
import type { PayeeClass as PayeeClassCode } from '../../tables/enums'
import { builder } from '../builder'
import { ApiError } from '../errors'
import { parseSpendFilter, resolveSpendFilter, SpendFilter } from '../inputs/spend-filter'
import { Body } from './body'
import { PayeeClass } from './enums'
import { Money } from './money'
import { TotalPlacePilot } from './programme'
import { Supplier } from './supplier'

export const SpendDimension = builder.enumType('SpendDimension', {
  description:
    'What spend can be grouped by. QUARTER is calendar (2011-Q4), FINANCIAL_YEAR is UK April–March (2011-12); TOTAL_PLACE_PILOT groups by the pilot its member bodies belong to. Currency and VAT basis are always grouping keys too.',
  values: spendDimensions,
})
export const SpendOrder = builder.enumType('SpendOrder', {
  description: 'TOTAL_DESC: largest first. KEY_ASC: by the grouping keys (chronological for time).',
  values: spendOrders,
})
export const SpendInterval = builder.enumType('SpendInterval', { values: timeIntervals })

const text = (k: KeyColumn) => (g: Keyed) => (g.keys[k] ?? null) as string | null

// A group names its body, supplier or pilot by id only: the drizzle plugin loads the row with just
// the fields the query asks for, one batched query per type. (Loading the rows ourselves first
// made the plugin load them again, since it cannot tell what a plain object holds: two queries,
// and most of the time a top-suppliers answer took.)
// The row type is the table's, but the plugin needs only the primary key to load the rest.
const byId = <Row extends { id: string }>(id: string | number | null | undefined): Row | null => (typeof id === 'string' ? ({ id } as Row) : null)

/** The key fields every group carries; a key the query did not group by is null. */
function keyFields(t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<import('../builder').PothosTypes>, Keyed>) {
  return {
    body: t.field({ type: Body, nullable: true, resolve: (g) => g.body ?? byId<NonNullable<Keyed['body']>>(g.keys.body_id) }),
    supplier: t.field({
      type: Supplier,
      nullable: true,
      description: 'Null for redacted and individual payees (payeeClass says which): they are never named.',
      resolve: (g) => g.supplier ?? byId<NonNullable<Keyed['supplier']>>(g.keys.supplier_id),
    }),
    payeeClass: t.field({ type: PayeeClass, nullable: true, resolve: (g) => (g.keys.payee_class ?? null) as PayeeClassCode | null }),
    expenseType: t.string({ nullable: true, resolve: text('expense_type') }),
    expenseCategory: t.string({ nullable: true, resolve: text('expense_category') }),
    serviceArea: t.string({ nullable: true, resolve: text('service_area') }),
    consultancy: t.boolean({ nullable: true, description: 'Whether a consultancy rule marked these payments.', resolve: (g) => (g.keys.consultancy == null ? null : Boolean(g.keys.consultancy)) }),
    consultancyRule: t.string({ nullable: true, resolve: text('consultancy_rule') }),
    month: t.string({ nullable: true, description: 'YYYY-MM; null when grouped by month and no month can be given (see undated).', resolve: text('month') }),
    quarter: t.string({ nullable: true, description: 'Calendar quarter, e.g. 2011-Q4.', resolve: text('quarter') }),
    financialYear: t.string({ nullable: true, description: 'UK financial year, April–March, e.g. 2011-12.', resolve: text('financial_year') }),
    undated: t.boolean({
      description: 'True when grouped by a time dimension and these payments fall in no bucket: their date was lost and their file spans more than one.',
      resolve: (g) => (['month', 'quarter', 'financial_year'] as const).some((k) => k in g.keys && g.keys[k] == null),
    }),
    totalPlacePilot: t.field({ type: TotalPlacePilot, nullable: true, resolve: (g) => g.pilot ?? byId<NonNullable<Keyed['pilot']>>(g.keys.pilot_id) }),
  }
}

type Group = SpendRow & Keyed & { share: number | null }

const SpendGroup = builder.objectRef<Group>('SpendGroup').implement({
  description: 'One group of payments: its keys, its total in one currency and VAT basis, how many payments, and its share of the grand total in that currency and basis.',
  fields: (t) => ({
    ...keyFields(t),
    total: t.field({ type: Money, resolve: (g) => ({ pence: g.totalPence, currency: g.currency, vatBasis: g.vatBasis }) }),
    payments: t.int({ resolve: (g) => g.payments }),
    share: t.float({ nullable: true, description: 'total ÷ the grand total of the same currency and VAT basis; null when that is zero.', resolve: (g) => g.share }),
  }),
})

const MAX_SERIES_GROUPS = 100

const SpendPoint = builder.objectRef<{ period: string; totalPence: number; payments: number; currency: SpendRow['currency']; vatBasis: SpendRow['vatBasis'] }>('SpendPoint').implement({
  fields: (t) => ({
    period: t.string({ description: '2011-11 (MONTH), 2011-Q4 (QUARTER) or 2011-12 (FINANCIAL_YEAR).', resolve: (p) => p.period }),
    total: t.field({ type: Money, resolve: (p) => ({ pence: p.totalPence, currency: p.currency, vatBasis: p.vatBasis }) }),
    payments: t.int({ resolve: (p) => p.payments }),
  }),
})

const SpendUndated = builder.objectRef<{ totalPence: number; payments: number; currency: SpendRow['currency']; vatBasis: SpendRow['vatBasis'] }>('SpendUndated').implement({
  description: 'Payments no bucket can hold: their date was lost and their file spans more than one bucket. Counted, never dropped, never guessed.',
  fields: (t) => ({
    total: t.field({ type: Money, resolve: (p) => ({ pence: p.totalPence, currency: p.currency, vatBasis: p.vatBasis }) }),
    payments: t.int({ resolve: (p) => p.payments }),
  }),
})

type Line = Series['lines'][number] & Keyed

const pointsOf = (l: Series['lines'][number]) => l.points.map((p) => ({ ...p, currency: l.currency, vatBasis: l.vatBasis }))
const undatedOf = (l: Series['lines'][number]) => ({ ...l.undated, currency: l.currency, vatBasis: l.vatBasis })

const SpendSeriesGroup = builder.objectRef<Line>('SpendSeriesGroup').implement({
  description: "One group's series, in one currency and VAT basis.",
  fields: (t) => ({
    ...keyFields(t),
    points: t.field({ type: [SpendPoint], resolve: pointsOf }),
    undated: t.field({ type: SpendUndated, resolve: undatedOf }),
  }),
})

const SpendSeries = builder.objectRef<{ all: Series; grouped: Line[]; totalGroups: number }>('SpendSeries').implement({
  description: 'Spend over time, gap-free: every period from the first to the last is present, empty ones as zero.',
  fields: (t) => ({
    interval: t.field({ type: SpendInterval, resolve: (s) => s.all.interval }),
    periods: t.stringList({ resolve: (s) => s.all.periods }),
    points: t.field({
      type: [SpendPoint],
      description: 'The whole filter per period; one point per period for each currency and VAT basis present.',
      resolve: (s) => s.all.lines.flatMap(pointsOf).sort((a, b) => a.period.localeCompare(b.period)),
    }),
    undated: t.field({ type: [SpendUndated], description: 'One per currency and VAT basis present.', resolve: (s) => s.all.lines.map(undatedOf) }),
    groups: t.field({ type: [SpendSeriesGroup], description: `With groupBy: the largest groups (first, at most ${MAX_SERIES_GROUPS}), each with its own points.`, resolve: (s) => s.grouped }),
    totalGroups: t.int({ description: 'How many groups there are in all.', resolve: (s) => s.totalGroups }),
  }),
})

const SpendGrandTotal = builder.objectRef<SpendTotal>('SpendGrandTotal').implement({
  description: 'Everything the filter selects in one currency and VAT basis, with its own payment count (counts are not merged across bases either).',
  fields: (t) => ({
    total: t.field({ type: Money, resolve: (g) => ({ pence: g.totalPence, currency: g.currency, vatBasis: g.vatBasis }) }),
    payments: t.int({ resolve: (g) => g.payments }),
  }),
})

function moneyList(grand: SpendTotal[]) {
  return grand.map((g) => ({ pence: g.totalPence, currency: g.currency, vatBasis: g.vatBasis }))
}

/** Largest offset a spend cursor may hold: far past any real answer, well inside SQLite's integers. */
const MAX_OFFSET = 1_000_000_000

/**
 * The relay plugin reads any `OffsetConnection:<n>` a client writes, including negative and
 * 20-digit offsets that reach SQL; only whole numbers 0..1e9 are cursors of ours.
 */
function checkOffsetCursor(field: string, cursor: string | null | undefined): void {
  if (cursor == null) return
  let text = ''
  try {
    text = decodeBase64(cursor)
  } catch {
    // Not base64: refused below like any other text.
  }
  const m = /^OffsetConnection:(\d{1,10})$/.exec(text)
  if (!m || Number(m[1]) > MAX_OFFSET) {
    throw new ApiError({ code: 'BAD_USER_INPUT', message: `${field} is not a cursor this API issued: pass a cursor from a previous page's edges or pageInfo` })
  }
}

builder.queryFields((t) => ({
  spend: t.connection(
    {
      type: SpendGroup,
      description:
        'Spend added up: groups of payments by up to four dimensions, each with its total, count and share. Currency and VAT basis are always grouping keys. Redacted and individual payees form their own groups, never named.',
      args: {
        filter: t.arg({ type: SpendFilter, required: false }),
        groupBy: t.arg({ type: [SpendDimension], required: true }),
        orderBy: t.arg({ type: SpendOrder, required: false, defaultValue: 'TOTAL_DESC' }),
      },
      resolve: async (_p, args, ctx) => {
        checkOffsetCursor('after', args.after)
        checkOffsetCursor('before', args.before)
        const filter = await resolveSpendFilter(ctx.db, parseSpendFilter(args.filter))
        const q = { filter, groupBy: args.groupBy, orderBy: args.orderBy ?? 'TOTAL_DESC' }
        // The three statements are independent: run them at once.
        const grandTotal = spendGrandTotal(ctx.db, filter)
        const [grand, totalCount, connection] = await Promise.all([
          grandTotal,
          countSpendGroups(ctx.db, q),
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, async ({ offset, limit }) => {
            const rows = await spendGroups(ctx.db, q, limit, { offset })
            const totals = await grandTotal
            return rows.map((r) => ({ ...r, share: shareOf(r, totals) }))
          }),
        ])
        return Object.assign(connection, { totalCount, grand })
      },
    },
    {
      name: 'SpendConnection',
      fields: (c) => ({
        totalCount: c.int({ description: 'How many groups.', resolve: (s) => (s as unknown as { totalCount: number }).totalCount }),
        grandTotal: c.field({
          type: [Money],
          description: 'Everything the filter selects, one total per currency and VAT basis (never added across them).',
          resolve: (s) => moneyList((s as unknown as { grand: SpendTotal[] }).grand),
        }),
        grandTotals: c.field({
          type: [SpendGrandTotal],
          description: 'grandTotal with the number of payments behind each entry.',
          resolve: (s) => (s as unknown as { grand: SpendTotal[] }).grand,
        }),
        grandPayments: c.int({ description: 'How many payments the filter selects.', resolve: (s) => (s as unknown as { grand: SpendTotal[] }).grand.reduce((n, g) => n + g.payments, 0) }),
      }),
    },
  ),
  spendOverTime: t.field({
    type: SpendSeries,
    description:
      'Spend per month, calendar quarter or UK financial year, ready to plot. Payments whose date was lost are placed by their file’s period when it lies inside one period; the rest are undated, never dropped.',
    args: {
      interval: t.arg({ type: SpendInterval, required: true }),
      filter: t.arg({ type: SpendFilter, required: false }),
      groupBy: t.arg({ type: [SpendDimension], required: false }),
      first: t.arg.int({ required: false, defaultValue: 20, description: `Groups to return with groupBy, largest first; at most ${MAX_SERIES_GROUPS}.` }),
    },
    resolve: async (_p, args, ctx) => {
      const first = args.first ?? 20
      if (first < 1 || first > MAX_SERIES_GROUPS) throw new ApiError({ code: 'BAD_USER_INPUT', message: `first must be 1 to ${MAX_SERIES_GROUPS}; got ${first}` })
      const filter = await resolveSpendFilter(ctx.db, parseSpendFilter(args.filter))
      const groupBy = args.groupBy ?? []
      const all = await spendSeries(ctx.db, args.interval, filter, [], MAX_SERIES_GROUPS)
      if (!groupBy.length) return { all, grouped: [], totalGroups: 0 }
      const grouped = await spendSeries(ctx.db, args.interval, filter, groupBy, first)
      // The groups share the whole series' periods, so every line has the same points.
      const lines = grouped.lines.map((l) => {
        const byPeriod = new Map(l.points.map((p) => [p.period, p]))
        return { ...l, points: all.periods.map((period) => byPeriod.get(period) ?? { period, totalPence: 0, payments: 0 }) }
      })
      return { all, grouped: lines, totalGroups: grouped.totalGroups ?? 0 }
    },
  }),
}))
