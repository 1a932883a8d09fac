import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApi } from '../helpers/db'
import { gql, nodes } from '../helpers/graphql'
import { hasShared, needsShared } from '../helpers/shared'
import { corpus, csvRows, openRealSpendApi, oxford2014, pence } from './realspend'

// Expectations come from the published files themselves (read here with papaparse and summed
// plainly), and where the issue states a figure, that figure too.
function manchesterFacts() {
  const rows = corpus('manchester').flatMap(csvRows)
  const bySupplier = new Map<string, { p: number; n: number }>()
  const byMonth = new Map<string, { p: number; n: number }>()
  let total = 0
  for (const r of rows) {
    const p = pence(r['Net Amount'] as string)
    total += p
    const s = bySupplier.get(r['Supplier Name'] as string) ?? { p: 0, n: 0 }
    bySupplier.set(r['Supplier Name'] as string, { p: s.p + p, n: s.n + 1 })
    const month = (r['Invoice Payment Date'] as string).slice(0, 7)
    const m = byMonth.get(month) ?? { p: 0, n: 0 }
    byMonth.set(month, { p: m.p + p, n: m.n + 1 })
  }
  const top = [...bySupplier.entries()].sort((a, b) => b[1].p - a[1].p)
  return { count: rows.length, total, top, byMonth }
}

describe.skipIf(!hasShared)(`spend answers on real files (Manchester, Salford, Oxford 2014)${needsShared}`, () => {
  let t: TestApi
  let facts: ReturnType<typeof manchesterFacts>
  beforeAll(async () => {
    t = await openRealSpendApi()
    facts = manchesterFacts()
  }, 300_000)
  afterAll(() => t?.close())

  it('Manchester 2011-04 to 2012-03: 43,972 payments, £809,496,207.27 net; DCLG first, NHS Manchester PCT second', async () => {
    const res = await gql(t.rt, `{ spend(filter: { body: "manchester", from: "2011-04-01", to: "2012-03-31" }, groupBy: [SUPPLIER], first: 3) {
      totalCount grandTotal { pence currency vatBasis } grandPayments
      edges { node { supplier { name } payeeClass total { pence amount } payments share } } } }`)
    expect(res.errors).toBeUndefined()
    const s = res.data.spend
    expect(s.grandPayments).toBe(facts.count)
    expect(s.grandPayments).toBe(43972)
    expect(s.grandTotal).toEqual([{ pence: facts.total, currency: 'GBP', vatBasis: 'NET' }])
    expect(facts.total).toBe(80949620727)
    const [first, second] = nodes<any>(s)
    expect(first.supplier.name).toBe('Dept for Communities and Local Govt')
    expect(first.supplier.name).toBe(facts.top[0]?.[0])
    expect(first.total.amount).toBe('95563179.00')
    expect(first.payments).toBe(16)
    expect(second.supplier.name).toBe('NHS Manchester Primary Care Trust')
    expect(second.total.pence).toBe(facts.top[1]?.[1].p)
    expect(second.total.amount).toBe('53337012.46')
    expect(first.share).toBeCloseTo(9556317900 / facts.total, 12)
    // Shares of every group add up to one.
    const all = await gql(t.rt, '{ spend(filter: { body: "manchester" }, groupBy: [SUPPLIER], first: 100) { totalCount } }')
    expect(all.data.spend.totalCount).toBe(s.totalCount)
  })

  it('shares add up and every group is reachable by paging', async () => {
    let after: string | null = null
    let sum = 0
    let pencesum = 0
    let seen = 0
    for (;;) {
      const res: any = await gql(t.rt, 'query ($after: String) { spend(filter: { body: "manchester" }, groupBy: [EXPENSE_TYPE], first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { share total { pence } } } } }', { after })
      expect(res.errors).toBeUndefined()
      for (const n of nodes<any>(res.data.spend)) {
        sum += n.share
        pencesum += n.total.pence
        seen++
      }
      if (!res.data.spend.pageInfo.hasNextPage) {
        expect(seen).toBe(res.data.spend.totalCount)
        break
      }
      after = res.data.spend.pageInfo.endCursor
    }
    expect(sum).toBeCloseTo(1, 9)
    expect(pencesum).toBe(facts.total)
  })

  it('Manchester by month: November 2011 £60,953,174.21 (4,306), March 2012 £128,718,236.38 (5,730), gap-free', async () => {
    const res = await gql(t.rt, '{ spendOverTime(interval: MONTH, filter: { body: "manchester" }) { periods points { period total { pence amount } payments } undated { payments } } }')
    expect(res.errors).toBeUndefined()
    const series = res.data.spendOverTime
    const months = [...facts.byMonth.keys()].sort()
    expect(series.periods[0]).toBe(months[0])
    expect(series.periods.at(-1)).toBe(months.at(-1))
    expect(series.points.map((p: any) => p.period)).toEqual(series.periods)
    for (const p of series.points) {
      const want = facts.byMonth.get(p.period) ?? { p: 0, n: 0 }
      expect({ period: p.period, pence: p.total.pence, n: p.payments }).toEqual({ period: p.period, pence: want.p, n: want.n })
    }
    const by = new Map(series.points.map((p: any) => [p.period, p]))
    expect(by.get('2011-11')).toMatchObject({ total: { amount: '60953174.21' }, payments: 4306 })
    expect(by.get('2012-03')).toMatchObject({ total: { amount: '128718236.38' }, payments: 5730 })
    expect(series.undated).toEqual([{ payments: 0 }])
  })

  it('Manchester financial year 2011-12 is the whole total', async () => {
    const res = await gql(t.rt, '{ spendOverTime(interval: FINANCIAL_YEAR, filter: { body: "manchester" }) { points { period total { pence } payments } } spend(filter: { body: "manchester" }, groupBy: [FINANCIAL_YEAR]) { edges { node { financialYear total { pence } } } } }')
    expect(res.errors).toBeUndefined()
    expect(res.data.spendOverTime.points).toEqual([{ period: '2011-12', total: { pence: facts.total }, payments: facts.count }])
    expect(nodes<any>(res.data.spend)).toEqual([{ financialYear: '2011-12', total: { pence: facts.total } }])
  })

  it('Salford: the redacted group is £10,035,021.35 in 4,262 payments, and unnamed', async () => {
    const rows = corpus('salford').flatMap(csvRows).filter((r) => /redacted/i.test(r['Supplier Name'] as string))
    const res = await gql(t.rt, '{ spend(filter: { body: "salford" }, groupBy: [SUPPLIER], first: 100) { edges { node { supplier { name } payeeClass total { pence amount } payments } } } }')
    expect(res.errors).toBeUndefined()
    const redacted = nodes<any>(res.data.spend).filter((g) => g.payeeClass === 'REDACTED')
    expect(redacted).toEqual([{ supplier: null, payeeClass: 'REDACTED', total: { pence: 1003502135, amount: '10035021.35' }, payments: 4262 }])
    expect(redacted[0].payments).toBe(rows.length)
    expect(redacted[0].total.pence).toBe(rows.reduce((s, r) => s + pence(r.Net as string), 0))
    expect(JSON.stringify(res.data)).not.toMatch(/redacted personal/i)
  })

  it('Oxford 2014: all £14,165,887.28 is in financial year 2014-15, and undated by month', async () => {
    const total = csvRows(oxford2014).reduce((s, r) => s + pence(r.Amount as string), 0)
    expect(total).toBe(1416588728)
    const res = await gql(t.rt, `{ fy: spendOverTime(interval: FINANCIAL_YEAR, filter: { body: "oxford" }) { points { period total { pence } } undated { payments } }
      q: spendOverTime(interval: QUARTER, filter: { body: "oxford" }) { points { period total { pence } } }
      m: spendOverTime(interval: MONTH, filter: { body: "oxford" }) { periods points { period } undated { total { pence amount } payments } }
      g: spend(filter: { body: "oxford" }, groupBy: [MONTH]) { edges { node { month undated total { pence } } } } }`)
    expect(res.errors).toBeUndefined()
    expect(res.data.fy.points).toEqual([{ period: '2014-15', total: { pence: total } }])
    expect(res.data.fy.undated).toEqual([{ payments: 0 }])
    expect(res.data.q.points).toEqual([{ period: '2014-Q2', total: { pence: total } }])
    expect(res.data.m.periods).toEqual([])
    expect(res.data.m.undated).toEqual([{ total: { pence: total, amount: '14165887.28' }, payments: csvRows(oxford2014).length }])
    expect(nodes<any>(res.data.g)).toEqual([{ month: null, undated: true, total: { pence: total } }])
  })

  it('never adds net to unknown-VAT amounts: each basis is its own group and grand total', async () => {
    const res = await gql(t.rt, '{ spend(groupBy: [BODY]) { grandTotal { pence vatBasis } edges { node { body { slug } total { vatBasis } share } } } }')
    expect(res.errors).toBeUndefined()
    expect(res.data.spend.grandTotal.map((g: any) => g.vatBasis).sort()).toEqual(['NET', 'UNKNOWN'])
    const oxford = nodes<any>(res.data.spend).find((g) => g.body.slug === 'oxford')
    expect(oxford).toEqual({ body: { slug: 'oxford' }, total: { vatBasis: 'UNKNOWN' }, share: 1 })
  })

  it('a day-level range reads payments and agrees with the payments connection', async () => {
    const res = await gql(t.rt, `{ spend(filter: { body: "manchester", from: "2011-11-05", to: "2011-11-20", minPence: 100000 }, groupBy: []) { grandTotal { pence } grandPayments }
      payments(filter: { body: "manchester", from: "2011-11-05", to: "2011-11-20", minPence: 100000 }) { totalCount } }`)
    expect(res.errors).toBeUndefined()
    const want = corpus('manchester').flatMap(csvRows).filter((r) => {
      const d = r['Invoice Payment Date'] as string
      return d >= '2011-11-05' && d <= '2011-11-20' && pence(r['Net Amount'] as string) >= 100000
    })
    expect(res.data.spend.grandPayments).toBe(want.length)
    expect(res.data.payments.totalCount).toBe(want.length)
    expect(res.data.spend.grandTotal).toEqual([{ pence: want.reduce((s, r) => s + pence(r['Net Amount'] as string), 0) }])
  })

  it('groups by several dimensions, quarter and consultancy among them', async () => {
    const res = await gql(t.rt, '{ spend(filter: { body: "salford" }, groupBy: [QUARTER, CONSULTANCY], orderBy: KEY_ASC, first: 100) { totalCount edges { node { quarter consultancy payments } } } }')
    expect(res.errors).toBeUndefined()
    const groups = nodes<any>(res.data.spend)
    expect(groups.map((g) => g.quarter)).toEqual(['2011-Q3', '2011-Q3', '2011-Q4', '2011-Q4', '2012-Q1', '2012-Q1'])
    expect(groups.reduce((n, g) => n + g.payments, 0)).toBe(corpus('salford').flatMap(csvRows).length)
  })
})
