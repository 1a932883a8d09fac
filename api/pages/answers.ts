// The spend questions pages and embeds ask, put to the answers API (issue-9's `spend` and
// `spendOverTime`) in-process through GraphQL: the same filter module, the same rollups, and the
// "Query" link beside a chart is the very query that drew it.
import { sql } from 'drizzle-orm'
import type { Db } from '../../schema/db'
import type { SpendFilterInput } from '../../schema/graphql/inputs/spend-filter'
import type { Currency, PayeeClass, VatBasis } from '../../schema/tables/enums'
import { ask, graphiqlUrl } from './query'

/** A filter as a URL carries it: the answers API's SpendFilter with stored (lower-case) enum values. */
export type SpendParams = Pick<SpendFilterInput, 'body' | 'supplier' | 'payeeBody' | 'programme' | 'from' | 'to' | 'consultancyOnly' | 'expenseType' | 'serviceArea'> & {
  payeeClass?: PayeeClass | null
  currency?: Currency | null
}

export type Dimension = 'SUPPLIER' | 'BODY' | 'PAYEE_CLASS' | 'CONSULTANCY' | 'CONSULTANCY_RULE' | 'MONTH' | 'QUARTER' | 'FINANCIAL_YEAR'
export type Interval = 'MONTH' | 'QUARTER' | 'FINANCIAL_YEAR'

export interface Total {
  pence: number
  currency: Currency
  vatBasis: VatBasis
}

export interface Group {
  supplier: { slug: string; name: string } | null
  body: { slug: string; name: string } | null
  payeeClass: PayeeClass | null
  consultancy: boolean | null
  consultancyRule: string | null
  period: string | null
  undated: boolean
  total: Total
  payments: number
  share: number | null
}

export interface SpendAnswer {
  groups: Group[]
  totalCount: number
  /** One per currency and VAT basis, each with its own payment count. */
  grandTotal: Array<Total & { payments: number }>
  grandPayments: number
  /** GraphiQL opened on the query that produced this answer. */
  query: string
}

export interface SeriesPoint {
  period: string
  total: Total
  payments: number
}

export interface SeriesLine {
  currency: Currency
  vatBasis: VatBasis
  points: SeriesPoint[]
  undated: { total: Total; payments: number }
}

export interface SeriesAnswer {
  /** One line per currency and VAT basis, largest first: they are never added together. */
  series: SeriesLine[]
  query: string
}

const moneyFields = 'pence currency vatBasis'

export const spendQuery = `query ($groupBy: [SpendDimension!]!, $filter: SpendFilter, $first: Int) {
  spend(groupBy: $groupBy, filter: $filter, first: $first) {
    totalCount grandPayments grandTotals { total { ${moneyFields} } payments }
    edges { node { supplier { slug name } body { slug name } payeeClass consultancy consultancyRule month quarter financialYear undated
      total { ${moneyFields} } payments share } }
  }
}`

export const spendOverTimeQuery = `query ($interval: SpendInterval!, $filter: SpendFilter) {
  spendOverTime(interval: $interval, filter: $filter) {
    points { period total { ${moneyFields} } payments }
    undated { total { ${moneyFields} } payments }
  }
}`

interface GqlMoney {
  pence: number
  currency: Currency
  vatBasis: string
}

const total = (m: GqlMoney): Total => ({ pence: m.pence, currency: m.currency, vatBasis: m.vatBasis.toLowerCase() as VatBasis })

/** The filter as GraphQL variables: enum values written as GraphQL writes them. */
export function filterVariables(p: SpendParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || v === null) continue
    out[k] = k === 'payeeClass' ? String(v).toUpperCase() : v
  }
  return out
}

export async function spend(db: Db, params: SpendParams, groupBy: Dimension[], first = 10): Promise<SpendAnswer> {
  const variables = { groupBy, filter: filterVariables(params), first }
  const data = await ask<{
    spend: {
      totalCount: number
      grandPayments: number
      grandTotals: Array<{ total: GqlMoney; payments: number }>
      edges: Array<{
        node: {
          supplier: { slug: string; name: string } | null
          body: { slug: string; name: string } | null
          payeeClass: string | null
          consultancy: boolean | null
          consultancyRule: string | null
          month: string | null
          quarter: string | null
          financialYear: string | null
          undated: boolean
          total: GqlMoney
          payments: number
          share: number | null
        }
      }>
    }
  }>(db, spendQuery, variables)
  return {
    totalCount: data.spend.totalCount,
    grandPayments: data.spend.grandPayments,
    grandTotal: data.spend.grandTotals.map((g) => ({ ...total(g.total), payments: g.payments })),
    groups: data.spend.edges.map(({ node: g }) => ({
      supplier: g.supplier,
      body: g.body,
      payeeClass: g.payeeClass ? (g.payeeClass.toLowerCase() as PayeeClass) : null,
      consultancy: g.consultancy,
      consultancyRule: g.consultancyRule,
      period: g.month ?? g.quarter ?? g.financialYear,
      undated: g.undated,
      total: total(g.total),
      payments: g.payments,
      share: g.share,
    })),
    query: graphiqlUrl(spendQuery, variables, ['groupBy']),
  }
}

export async function spendOverTime(db: Db, params: SpendParams, interval: Interval): Promise<SeriesAnswer> {
  const variables = { interval, filter: filterVariables(params) }
  const data = await ask<{
    spendOverTime: { points: Array<{ period: string; total: GqlMoney; payments: number }>; undated: Array<{ total: GqlMoney; payments: number }> }
  }>(db, spendOverTimeQuery, variables)
  const lines = new Map<string, SeriesLine>()
  const lineOf = (m: Total) => {
    const key = `${m.currency}|${m.vatBasis}`
    let line = lines.get(key)
    if (!line) {
      line = { currency: m.currency, vatBasis: m.vatBasis, points: [], undated: { total: { ...m, pence: 0 }, payments: 0 } }
      lines.set(key, line)
    }
    return line
  }
  for (const p of data.spendOverTime.points) lineOf(total(p.total)).points.push({ period: p.period, total: total(p.total), payments: p.payments })
  for (const u of data.spendOverTime.undated) lineOf(total(u.total)).undated = { total: total(u.total), payments: u.payments }
  const size = (l: SeriesLine) => Math.abs(l.undated.total.pence) + l.points.reduce((n, p) => n + Math.abs(p.total.pence), 0)
  return { series: [...lines.values()].sort((a, b) => size(b) - size(a)), query: graphiqlUrl(spendOverTimeQuery, variables, ['interval']) }
}

/** When the data last changed, from the data version every load and ingest writes (it ends in a timestamp). */
export async function dataAsOf(db: Db): Promise<string | null> {
  const row = await db.get<{ value: string }>(sql`SELECT value FROM meta WHERE key = 'data_version'`)
  const ms = Number(row?.value.split(':').at(-1))
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 10) : null
}

