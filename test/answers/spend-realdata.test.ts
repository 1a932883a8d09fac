import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApi } from '../helpers/db'
import { gql, nodes } from '../helpers/graphql'
import { hasShared, needsShared } from '../helpers/shared'
import { PAGE as EXPORT_PAGE, SERIES_PAGE as EXPORT_SERIES_PAGE } from '../../api/export/routes'
import { corpus, csvRows, openRealSpendApi, oxford2014, parseCsv, pence } from './realspend'

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
    // Shares of every group add up to one in each currency and VAT basis (paged through all groups).
    const sums = new Map<string, number>()
    let after: string | null = null
    let seen = 0
    do {
      const page: any = await gql(t.rt, `query ($after: String) { spend(filter: { body: "manchester", from: "2011-04-01", to: "2012-03-31" }, groupBy: [SUPPLIER], first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { total { currency vatBasis } share } } } }`, { after })
      expect(page.errors).toBeUndefined()
      for (const { node } of page.data.spend.edges) {
        const key = `${node.total.currency} ${node.total.vatBasis}`
        sums.set(key, (sums.get(key) ?? 0) + node.share)
        seen += 1
      }
      after = page.data.spend.pageInfo.hasNextPage ? page.data.spend.pageInfo.endCursor : null
    } while (after)
    expect(seen).toBe(s.totalCount)
    expect(sums.size).toBeGreaterThan(0)
    for (const [key, sum] of sums) expect(sum, key).toBeCloseTo(1, 9)
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

  it('a payee that is a public body we know links to it, and its money in can be asked for', async () => {
    const paid = [...corpus('salford'), ...corpus('manchester')].flatMap(csvRows)
      .filter((r) => (r['Supplier Name'] ?? '').toLowerCase() === 'manchester city council')
    expect(paid.length).toBeGreaterThan(0)
    const res = await gql(t.rt, `{ supplier(slug: "manchester-city-council") { body { slug name } }
      spend(filter: { payeeBody: "manchester" }, groupBy: [BODY]) { grandTotal { pence } grandPayments edges { node { body { slug } } } } }`)
    expect(res.errors).toBeUndefined()
    expect(res.data.supplier.body).toEqual({ slug: 'manchester', name: 'Manchester City Council' })
    expect(res.data.spend.grandPayments).toBe(paid.length)
    expect(res.data.spend.grandTotal).toEqual([{ pence: paid.reduce((n, r) => n + pence((r.Net ?? r['Net Amount']) as string), 0) }])
  })

  it('the narrow and the wide rollup hold the same totals as the payments, body by month', async () => {
    const q = (table: string, total: string, count: string) =>
      t.db.all(sql.raw(`SELECT body_id, COALESCE(month, '') AS month, currency, vat_basis, ${total} AS t, ${count} AS n FROM ${table} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`))
    const payments = await q("(SELECT *, CASE WHEN paid_precision IN ('day', 'month') THEN substr(paid_on, 1, 7) END AS month FROM payments WHERE duplicate_of IS NULL)", 'SUM(amount_pence)', 'COUNT(*)')
    expect(await q('spend_rollup', 'SUM(total_pence)', 'SUM(payments)')).toEqual(payments)
    expect(await q('spend_rollup_body', 'SUM(total_pence)', 'SUM(payments)')).toEqual(payments)
  })

  async function csv(path: string): Promise<Array<Record<string, string>>> {
    const res = await t.rt.fetch(path)
    expect(res.status, path).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    return parseCsv(await res.text())
  }
  const sumPence = (rows: Array<Record<string, string>>, column: string) => rows.reduce((s, r) => s + pence(r[column] as string), 0)

  it('CSV: each figure is reproduced by summing its export', async () => {
    const manchester = await csv('/v1/payments.csv?body=manchester&from=2011-04-01&to=2012-03-31')
    expect(manchester).toHaveLength(43972)
    expect(sumPence(manchester, 'amount')).toBe(80949620727)
    expect(new Set(manchester.map((r) => `${r.currency}/${r.vat_basis}`))).toEqual(new Set(['GBP/net']))
    const dclg = manchester.filter((r) => r.supplier_name === 'Dept for Communities and Local Govt')
    expect([dclg.length, sumPence(dclg, 'amount')]).toEqual([16, 9556317900])

    const bySupplier = await csv('/v1/spend.csv?groupBy=supplier&body=manchester&from=2011-04-01&to=2012-03-31')
    expect(bySupplier[0]).toMatchObject({ supplier_id: 'dept-for-communities-and-local-govt', supplier_name: 'Dept for Communities and Local Govt', total: '95563179.00', payments: '16' })
    expect(bySupplier[1]).toMatchObject({ supplier_name: 'NHS Manchester Primary Care Trust', total: '53337012.46' })
    expect(sumPence(bySupplier, 'total')).toBe(80949620727)

    const months = await csv('/v1/spend-over-time.csv?interval=month&body=manchester')
    expect(months.find((r) => r.period === '2011-11')).toMatchObject({ total: '60953174.21', payments: '4306' })
    expect(months.find((r) => r.period === '2012-03')).toMatchObject({ total: '128718236.38', payments: '5730' })
    expect(sumPence(months, 'total')).toBe(80949620727)
    const years = await csv('/v1/spend-over-time.csv?interval=financialYear&body=manchester')
    expect(years).toEqual([{ period: '2011-12', undated: 'false', currency: 'GBP', vat_basis: 'net', total: '809496207.27', payments: '43972' }])

    const salford = await csv('/v1/spend.csv?groupBy=payeeClass&body=salford')
    expect(salford.find((r) => r.payee_class === 'redacted')).toMatchObject({ total: '10035021.35', payments: '4262' })
    const redacted = await csv('/v1/payments.csv?body=salford&payeeClass=redacted')
    expect([redacted.length, sumPence(redacted, 'amount')]).toEqual([4262, 1003502135])
    expect(redacted.every((r) => r.payee_name === '' && r.supplier_id === '')).toBe(true)

    const oxfordYears = await csv('/v1/spend-over-time.csv?interval=financialYear&body=oxford')
    expect(oxfordYears).toEqual([{ period: '2014-15', undated: 'false', currency: 'GBP', vat_basis: 'unknown', total: '14165887.28', payments: '3836' }])
    const oxfordMonths = await csv('/v1/spend-over-time.csv?interval=month&body=oxford')
    expect(oxfordMonths).toEqual([{ period: '', undated: 'true', currency: 'GBP', vat_basis: 'unknown', total: '14165887.28', payments: '3836' }])
  })

  it('CSV exports longer than a page are complete: every group and payment once, in order, to the penny', async () => {
    // Manchester's suppliers, and its suppliers' monthly lines, run to more than one keyset page.
    const res = await gql(t.rt, '{ spend(filter: { body: "manchester" }, groupBy: [SUPPLIER], first: 1) { totalCount grandTotal { pence } } }')
    expect(res.errors).toBeUndefined()
    const groups = await csv('/v1/spend.csv?groupBy=supplier&body=manchester')
    expect(res.data.spend.totalCount).toBeGreaterThan(EXPORT_PAGE)
    expect(groups).toHaveLength(res.data.spend.totalCount)
    expect(new Set(groups.map((g) => `${g.supplier_id}/${g.payee_class}/${g.currency}/${g.vat_basis}`)).size).toBe(groups.length)
    const totals = groups.map((g) => pence(g.total as string))
    expect(totals).toEqual([...totals].sort((a, b) => b - a))
    expect(sumPence(groups, 'total')).toBe(res.data.spend.grandTotal[0].pence)
    expect(sumPence(groups, 'total')).toBe(facts.total)
    expect(groups.reduce((n, g) => n + Number(g.payments), 0)).toBe(facts.count)

    const lines = await csv('/v1/spend-over-time.csv?interval=financialYear&groupBy=supplier&body=manchester')
    expect(res.data.spend.totalCount).toBeGreaterThan(EXPORT_SERIES_PAGE)
    expect(new Set(lines.map((l) => `${l.supplier_id}/${l.payee_class}`)).size).toBe(res.data.spend.totalCount)
    expect(sumPence(lines, 'total')).toBe(facts.total)

    const payments = await csv('/v1/payments.csv?body=manchester')
    expect(payments.length).toBeGreaterThan(EXPORT_PAGE)
    expect(new Set(payments.map((p) => p.id)).size).toBe(facts.count)
    const ids = payments.map((p) => Number(p.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(sumPence(payments, 'amount')).toBe(facts.total)
  })

  it('CSV and GraphQL agree to the penny, group by group, through the one filter module', async () => {
    const filters = [
      { gql: 'body: "salford", consultancyOnly: true', url: 'body=salford&consultancyOnly=true' },
      { gql: 'serviceArea: "children", from: "2011-09-01", to: "2011-12-31"', url: 'serviceArea=children&from=2011-09-01&to=2011-12-31' },
      { gql: 'body: "manchester", from: "2011-06-15", to: "2011-07-10"', url: 'body=manchester&from=2011-06-15&to=2011-07-10' },
    ]
    for (const f of filters) {
      const res = await gql(t.rt, `{ spend(filter: { ${f.gql} }, groupBy: [BODY, EXPENSE_TYPE], first: 100) { totalCount edges { node { body { slug } expenseType total { amount } payments } } } }`)
      expect(res.errors, f.gql).toBeUndefined()
      const rows = await csv(`/v1/spend.csv?groupBy=body,expenseType&${f.url}`)
      expect(rows.length, f.url).toBe(res.data.spend.totalCount)
      expect(rows.slice(0, 100).map((r) => [r.body_id, r.expense_type || null, r.total, Number(r.payments)])).toEqual(
        nodes<any>(res.data.spend).map((g) => [g.body.slug, g.expenseType, g.total.amount, g.payments]),
      )
      const payments = await csv(`/v1/payments.csv?${f.url}`)
      expect(sumPence(payments, 'amount'), f.url).toBe(sumPence(rows, 'total'))
    }
  })

  it('CSV: ETag and 304 like GraphQL GETs; unknown parameters and bad values are 400s that list what is accepted', async () => {
    const path = '/v1/spend.csv?groupBy=supplier&body=salford'
    const first = await t.rt.fetch(path)
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/)
    expect(first.headers.get('x-licence')).toContain('Open Government Licence v3.0')
    expect(first.headers.get('link')).toContain('/v1/sources.csv')
    const again = await t.rt.fetch(path, { headers: { 'if-none-match': etag as string } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const reordered = await t.rt.fetch('/v1/spend.csv?body=salford&groupBy=supplier')
    expect(reordered.headers.get('etag')).toBe(etag)
    const mistakes: Array<[string, string, RegExp]> = [
      ['/v1/spend.csv?groupBy=supplier&bodyy=salford', 'BAD_REQUEST', /unknown parameter "bodyy"\. Accepted: .*body/],
      ['/v1/spend.csv?groupBy=colour', 'BAD_REQUEST', /Accepted: body, supplier/],
      ['/v1/spend.csv?groupBy=body,supplier,month,quarter,serviceArea', 'BAD_USER_INPUT', /at most 4/],
      ['/v1/spend.csv?body=salford', 'BAD_REQUEST', /groupBy is required/],
      ['/v1/payments.csv?from=2012-01-01&to=2011-01-01', 'BAD_FILTER', /after/],
      ['/v1/spend-over-time.csv?interval=fortnight', 'BAD_REQUEST', /month, quarter, financialYear/],
      ['/v1/spend-over-time.csv?interval=quarter&from=2011-05-01', 'BAD_FILTER', /first day of a quarter/],
      ['/v1/sources.csv?x=1', 'BAD_REQUEST', /Accepted: none/],
    ]
    for (const [url, code, message] of mistakes) {
      const res = await t.rt.fetch(url)
      expect(res.status, url).toBe(400)
      const body = (await res.json()) as any
      expect(body.errors[0].extensions.code, url).toBe(code)
      expect(body.errors[0].message, url).toMatch(message)
    }
  })

  it('CSV: the sources behind the data, with their licences', async () => {
    const rows = await csv('/v1/sources.csv')
    const files = rows.filter((r) => r.kind === 'spend_file' && r.file_name)
    expect(files.map((r) => r.file_name).sort()).toEqual([...corpus('manchester'), ...corpus('salford'), oxford2014].map((f) => f.split('/').pop()).sort())
    for (const f of files) expect(f.licence).toBe('Open Government Licence v3.0')
  })
})
