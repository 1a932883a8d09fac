// The spend questions pages ask: totals by group, and money over time.
// STAND-IN: until issue-9's answers API (the one filter→SQL module, `spend` / `spendOverTime`)
// is merged, this reads spend_monthly directly with a minimal filter. It must be replaced by
// issue-9's module; pages depend only on the shapes below, which mirror that API.
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../schema/db'
import type { Currency, PayeeClass, VatBasis } from '../../schema/tables/enums'

export interface SpendParams {
  body?: string
  supplier?: string
  programme?: string
  from?: string
  to?: string
  consultancyOnly?: boolean
  payeeClass?: PayeeClass
  currency?: Currency
}

export type Dimension = 'supplier' | 'body' | 'consultancy' | 'month' | 'financialYear'
export type Interval = 'month' | 'quarter' | 'financialYear'

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
  period: string | null
  total: Total
  payments: number
  share: number
}

export interface SpendAnswer {
  groups: Group[]
  totalCount: number
  grandTotal: Total[]
}

export interface SeriesPoint {
  period: string
  total: Total
  payments: number
}

export interface SeriesAnswer {
  /** One series per currency and VAT basis: they are never added together. */
  series: Array<{ currency: Currency; vatBasis: VatBasis; points: SeriesPoint[]; undated: { total: Total; payments: number } }>
}

function where(p: SpendParams): SQL {
  const parts: SQL[] = [sql`1 = 1`]
  if (p.body) parts.push(sql`m.body_id = ${p.body}`)
  if (p.supplier) parts.push(sql`m.payee_key = ${p.supplier}`)
  if (p.consultancyOnly) parts.push(sql`m.consultancy = 1`)
  if (p.payeeClass) parts.push(p.payeeClass === 'supplier' ? sql`m.payee_key NOT LIKE '~%'` : sql`m.payee_key = ${`~${p.payeeClass}`}`)
  if (p.currency) parts.push(sql`m.currency = ${p.currency}`)
  if (p.from) parts.push(sql`m.month <> 'unknown' AND m.month >= ${p.from.slice(0, 7)}`)
  if (p.to) parts.push(sql`m.month <> 'unknown' AND m.month <= ${p.to.slice(0, 7)}`)
  return sql.join(parts, sql` AND `)
}

const financialYear = sql`CASE WHEN m.month = 'unknown' THEN NULL WHEN CAST(substr(m.month, 6, 2) AS INTEGER) >= 4
  THEN substr(m.month, 1, 4) || '-' || substr(CAST(substr(m.month, 1, 4) AS INTEGER) + 1, 3, 2)
  ELSE CAST(substr(m.month, 1, 4) AS INTEGER) - 1 || '-' || substr(m.month, 3, 2) END`

const keyOf: Record<Dimension, SQL> = {
  supplier: sql`m.payee_key`,
  body: sql`m.body_id`,
  consultancy: sql`m.consultancy`,
  month: sql`NULLIF(m.month, 'unknown')`,
  financialYear,
}

interface Row {
  key: string | number | null
  currency: Currency
  vat_basis: VatBasis
  pence: number
  payments: number
  supplier_name: string | null
  body_name: string | null
}

export async function spend(db: Db, params: SpendParams, groupBy: Dimension, first = 100): Promise<SpendAnswer> {
  const rows = await db.all<Row>(sql`SELECT ${keyOf[groupBy]} AS key, m.currency, m.vat_basis, SUM(m.total_pence) AS pence, SUM(m.payments) AS payments,
      (SELECT name FROM suppliers WHERE id = m.payee_key) AS supplier_name, (SELECT name FROM bodies WHERE id = m.body_id) AS body_name
    FROM spend_monthly m WHERE ${where(params)} GROUP BY 1, 2, 3 ORDER BY pence DESC`)
  const grand = new Map<string, Total>()
  for (const r of rows) {
    const k = `${r.currency}|${r.vat_basis}`
    const t = grand.get(k) ?? { pence: 0, currency: r.currency, vatBasis: r.vat_basis }
    t.pence += r.pence
    grand.set(k, t)
  }
  const groups = rows.slice(0, first).map((r): Group => {
    const key = r.key === null ? null : String(r.key)
    const isPayee = groupBy === 'supplier'
    return {
      supplier: isPayee && key && !key.startsWith('~') ? { slug: key, name: r.supplier_name ?? key } : null,
      body: groupBy === 'body' && key ? { slug: key, name: r.body_name ?? key } : null,
      payeeClass: isPayee ? (key?.startsWith('~') ? (key.slice(1) as PayeeClass) : 'supplier') : null,
      consultancy: groupBy === 'consultancy' ? key === '1' : null,
      period: groupBy === 'month' || groupBy === 'financialYear' ? key : null,
      total: { pence: r.pence, currency: r.currency, vatBasis: r.vat_basis },
      payments: r.payments,
      share: (grand.get(`${r.currency}|${r.vat_basis}`)?.pence ?? 0) === 0 ? 0 : r.pence / (grand.get(`${r.currency}|${r.vat_basis}`) as Total).pence,
    }
  })
  return { groups, totalCount: rows.length, grandTotal: [...grand.values()] }
}

function nextPeriod(period: string, interval: Interval): string {
  if (interval === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number]
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  }
  if (interval === 'quarter') {
    const [y, q] = period.split('-Q').map(Number) as [number, number]
    return q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`
  }
  const y = Number(period.slice(0, 4)) + 1
  return `${y}-${String(y + 1).slice(2)}`
}

export async function spendOverTime(db: Db, params: SpendParams, interval: Interval): Promise<SeriesAnswer> {
  const period =
    interval === 'month'
      ? sql`NULLIF(m.month, 'unknown')`
      : interval === 'quarter'
        ? sql`CASE WHEN m.month = 'unknown' THEN NULL ELSE substr(m.month, 1, 4) || '-Q' || ((CAST(substr(m.month, 6, 2) AS INTEGER) + 2) / 3) END`
        : financialYear
  const rows = await db.all<{ period: string | null; currency: Currency; vat_basis: VatBasis; pence: number; payments: number }>(
    sql`SELECT ${period} AS period, m.currency, m.vat_basis, SUM(m.total_pence) AS pence, SUM(m.payments) AS payments
      FROM spend_monthly m WHERE ${where(params)} GROUP BY 1, 2, 3 ORDER BY 1`,
  )
  const bySeries = new Map<string, SeriesAnswer['series'][number]>()
  for (const r of rows) {
    const k = `${r.currency}|${r.vat_basis}`
    let s = bySeries.get(k)
    if (!s) {
      s = { currency: r.currency, vatBasis: r.vat_basis, points: [], undated: { total: { pence: 0, currency: r.currency, vatBasis: r.vat_basis }, payments: 0 } }
      bySeries.set(k, s)
    }
    if (r.period === null) s.undated = { total: { pence: r.pence, currency: r.currency, vatBasis: r.vat_basis }, payments: r.payments }
    else s.points.push({ period: r.period, total: { pence: r.pence, currency: r.currency, vatBasis: r.vat_basis }, payments: r.payments })
  }
  for (const s of bySeries.values()) {
    if (s.points.length === 0) continue
    const have = new Map(s.points.map((p) => [p.period, p]))
    const filled: SeriesPoint[] = []
    const last = (s.points.at(-1) as SeriesPoint).period
    for (let p = (s.points[0] as SeriesPoint).period; ; p = nextPeriod(p, interval)) {
      filled.push(have.get(p) ?? { period: p, total: { pence: 0, currency: s.currency, vatBasis: s.vatBasis }, payments: 0 })
      if (p === last || filled.length > 2000) break
    }
    s.points = filled
  }
  return { series: [...bySeries.values()].sort((a, b) => b.points.length - a.points.length) }
}

/** When the data last changed, from the data version every load and ingest writes (it ends in a timestamp). */
export async function dataAsOf(db: Db): Promise<string | null> {
  const row = await db.get<{ value: string }>(sql`SELECT value FROM meta WHERE key = 'data_version'`)
  const ms = Number(row?.value.split(':').at(-1))
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 10) : null
}
