// Date ranges over real files: Oxford's April–June 2014 quarter lost its dates (00:00:00), so a
// range places those payments by the file's period; Salford answers month groupings read from
// payments (a day-level range, amount bounds). Expectations are sums of our own unfiltered answers
// and of the published rows, never figures written here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApi } from '../helpers/db'
import { openTestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'
import { hasShared, needsShared } from '../helpers/shared'
import { corpus, oxford2014, parseCsv } from './realspend'

const ORIGIN = 'http://consultwatch.test'
const grand = `grandTotal { pence currency vatBasis } grandPayments`

describe.skipIf(!hasShared)(`date ranges and undated payments on real files${needsShared}`, () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ spend: [{ file: oxford2014 }, ...corpus('salford').map((file) => ({ file }))] })
  }, 300_000)
  afterAll(() => t?.close())

  it('Oxford payments with lost dates count in a range that holds their whole file period, and a range cutting it is refused', async () => {
    const all = await gql(t.rt, `{ spend(filter: { body: "oxford" }, groupBy: []) { ${grand} } }`)
    expect(all.errors).toBeUndefined()
    expect(all.data.spend.grandPayments).toBeGreaterThan(0)
    const year = await gql(t.rt, `{ spend(filter: { body: "oxford", from: "2014-04-01", to: "2015-03-31" }, groupBy: []) { ${grand} } }`)
    expect(year.errors).toBeUndefined()
    expect(year.data).toEqual(all.data)
    // Day-level range: read from payments, same answer.
    const days = await gql(t.rt, `{ spend(filter: { body: "oxford", from: "2014-03-15", to: "2015-03-31" }, groupBy: []) { ${grand} } }`)
    expect(days.data).toEqual(all.data)
    const later = await gql(t.rt, `{ spend(filter: { body: "oxford", from: "2015-04-01" }, groupBy: []) { ${grand} } }`)
    expect(later.data.spend.grandPayments).toBe(0)
    const cut = await gql(t.rt, `{ spend(filter: { body: "oxford", from: "2014-05-01", to: "2015-03-31" }, groupBy: []) { ${grand} } }`)
    expect(cut.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
    expect(cut.errors?.[0]?.message).toMatch(/date was lost/)
    const embed = await t.app.request(`${ORIGIN}/embed/figure?body=oxford&from=2014-04-01&to=2015-03-31`)
    expect(embed.status).toBe(200)
    const pence = all.data.spend.grandTotal[0].pence as number
    expect(await embed.text()).toContain((pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 }))
  })

  it('a month series with amount bounds, and a month-grouped CSV with a day-level range, answer from payments', async () => {
    const series = await gql(t.rt, `{ spendOverTime(interval: MONTH, filter: { body: "salford", minPence: 100000 }) {
      points { period total { pence } payments } undated { total { pence } payments } } }`)
    expect(series.errors).toBeUndefined()
    const bounded = await gql(t.rt, `{ spend(filter: { body: "salford", minPence: 100000 }, groupBy: []) { ${grand} } }`)
    const sum = (xs: Array<{ total: { pence: number }; payments: number }>) => xs.reduce((n, p) => n + p.total.pence, 0)
    const { points, undated } = series.data.spendOverTime
    expect(sum(points) + sum(undated)).toBe(bounded.data.spend.grandTotal[0].pence)
    expect(bounded.data.spend.grandPayments).toBeGreaterThan(0)

    const res = await t.app.request(`${ORIGIN}/v1/spend.csv?groupBy=month&body=salford&from=2011-04-15`)
    expect(res.status).toBe(200)
    const rows = parseCsv(await res.text())
    const ranged = await gql(t.rt, `{ spend(filter: { body: "salford", from: "2011-04-15" }, groupBy: []) { ${grand} } }`)
    expect(ranged.errors).toBeUndefined()
    expect(rows.length).toBeGreaterThan(0)
    const csvPence = rows.reduce((n, r) => n + Math.round(Number(r.total) * 100), 0)
    expect(csvPence).toBe(ranged.data.spend.grandTotal[0].pence)
  })
})
