// A date range far wider than the data must not become thousands of empty periods (a 12.5 MB
// SVG, minutes of CPU): series run over the data's own span. The cache holds bytes, not only entries.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryCache } from '../../api/http/cache'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'

const fixture = fileURLToPath(new URL('../pages/fixtures/hostile-supplier.csv', import.meta.url))
const rows = Papa.parse<Record<string, string>>(readFileSync(fixture, 'utf8'), { header: true, skipEmptyLines: true }).data
const months = [...new Set(rows.map((r) => (r.Date as string).split('/').slice(1).reverse().join('-')))].sort()
const ORIGIN = 'http://consultwatch.test'

describe('series bounded by the data', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ spend: [{ file: fixture, body: 'preston' }] })
  })
  afterAll(() => t.close())

  it('from 1000 to 9999 by month gives the months the data spans, not 107,988', async () => {
    const res = await gql(t.rt, `{ spendOverTime(interval: MONTH, filter: { body: "preston", from: "1000-01-01", to: "9999-12-31" }, groupBy: [SUPPLIER]) {
      points { period } groups { points { period } } } }`)
    expect(res.errors).toBeUndefined()
    const periods = res.data.spendOverTime.points.map((p: { period: string }) => p.period)
    expect(periods[0]).toBe(months[0])
    expect(periods.at(-1)).toBe(months.at(-1))
    expect(periods.length).toBeLessThan(600)
    const svg = await t.app.request(`${ORIGIN}/embed/chart.svg?body=preston&interval=month&from=1000-01-01&to=9999-12-31`)
    expect(svg.status).toBe(200)
    expect((await svg.text()).length).toBeLessThan(200_000)
  })

  it('memoryCache evicts by bytes and skips an answer too large to keep', async () => {
    const cache = memoryCache(500, 10_000)
    const put = (n: number, size: number) => cache.put(new Request(`http://x/${n}`), new Response(new Uint8Array(size)))
    for (let i = 0; i < 20; i++) await put(i, 900)
    expect(await cache.match(new Request('http://x/0'))).toBeUndefined()
    expect(await cache.match(new Request('http://x/19'))).toBeDefined()
    await put(99, 5_000)
    expect(await cache.match(new Request('http://x/99'))).toBeUndefined()
  })
})
