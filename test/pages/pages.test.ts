// Pages, embeds and oEmbed through the real app over a real libsql file, with a small spend file
// whose payees are hostile names; expectations come from the CSV itself (papaparse), not from us.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryCache } from '../../api/http/cache'
import { openTestApi, type TestApi } from '../helpers/db'

const fixture = fileURLToPath(new URL('./fixtures/hostile-supplier.csv', import.meta.url))
const rows = Papa.parse<Record<string, string>>(readFileSync(fixture, 'utf8'), { header: true, skipEmptyLines: true }).data
const pence = (s: string) => Math.round(Number(s) * 100)
const totalPence = rows.reduce((n, r) => n + pence(r.Amount as string), 0)
const pounds = (p: number) => `${p < 0 ? '-' : ''}£${(Math.abs(p) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`
const ORIGIN = 'http://consultwatch.test'

describe('pages and embeds over a spend file with hostile payee names', () => {
  let t: TestApi
  const get = (path: string, init?: RequestInit) => t.app.request(`${ORIGIN}${path}`, init)
  beforeAll(async () => {
    t = await openTestApi({ spend: [{ file: fixture, body: 'preston' }] })
  })
  afterAll(() => t.close())

  it('the body page shows the file’s total to the penny, with the hostile name as text', async () => {
    const res = await get('/bodies/preston')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(pounds(totalPence))
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ltd')
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt; &amp; Co')
    expect(html).not.toMatch(/<script>alert|<img src=x/)
    // Our own files only: no stylesheet, script, image or frame from another site.
    const external = [...html.matchAll(/<(?:link|script|img|iframe)[^>]+(?:href|src)="(https?:[^"]+)"/g)].map((m) => m[1]).filter((u) => !u?.startsWith(`${ORIGIN}/`))
    expect(external).toEqual([])
  })

  it('every chart has Download CSV, Query and Embed; the Query link is the query that drew it and answers the same figures', async () => {
    const html = await (await get('/bodies/preston')).text()
    const links = [...html.matchAll(/<p class="chart-links"><a href="([^"]+)" download>Download CSV<\/a> <a href="([^"]+)">Query<\/a> <a href="([^"]+)">Embed<\/a>/g)]
    expect(links.length).toBe(3)
    const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    const [monthly] = links as [RegExpMatchArray]
    expect(decode(monthly[1] as string)).toBe('/v1/spend-over-time.csv?interval=month&body=preston')
    expect(decode(monthly[3] as string)).toBe('/embed?body=preston&interval=month')
    const answer = await get(decode(monthly[2] as string), { headers: { accept: 'application/json' } })
    const body = (await answer.json()) as { data: { spendOverTime: { points: Array<{ period: string; total: { pence: number } }> } } }
    const byMonth = new Map<string, number>()
    for (const r of rows) {
      const [, m, y] = (r.Date as string).split('/')
      byMonth.set(`${y}-${m}`, (byMonth.get(`${y}-${m}`) ?? 0) + pence(r.Amount as string))
    }
    expect(body.data.spendOverTime.points.map((p) => [p.period, p.total.pence])).toEqual([...byMonth])
    for (const [period, p] of byMonth) expect(html).toMatch(new RegExp(`<th scope="row">${period}</th><td class="num">${pounds(p).replace(/[.$]/g, '\\$&')}</td>`))
  })

  it('pages may not be framed; embeds may be framed by any site and run no script', async () => {
    for (const path of ['/', '/bodies/preston', '/suppliers/script-alert-1-script', '/programmes/haringey-54000-programme', '/search?q=impower', '/embed']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
    }
    for (const path of ['/embed/figure?body=preston', '/embed/chart.svg?body=preston&groupBy=supplier', '/embed/figure?programme=haringey-54000-programme&show=fees']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain('frame-ancestors *')
      expect(csp, path).toContain("default-src 'none'")
      expect(csp, path).not.toContain('script-src')
      expect(res.headers.get('x-frame-options'), path).toBeNull()
      expect(await res.text(), path).not.toMatch(/<script/i)
    }
  })

  it('the figure card shows the figure, what it counts, the period, the as-of date, the evidence and the licence', async () => {
    const html = await (await get('/embed/figure?body=preston&label=Preston%20spend')).text()
    expect(html).toContain(`data-pence="${totalPence}"`)
    expect(html).toContain(pounds(totalPence))
    expect(html).toContain('Payments by Preston City Council')
    expect(html).toMatch(/Period: all payments we hold, financial years 2013-14/)
    expect(html).toMatch(/As of \d{4}-\d{2}-\d{2}/)
    expect(html).toContain(`href="${ORIGIN}/bodies/preston"`)
    expect(html).toContain('Open Government Licence v3.0')
    expect(html).toContain(`${ORIGIN}/v1/spend.csv?groupBy=body&amp;body=preston`)
  })

  it('the fees card sets Haringey’s £2,000,000 against each claim, unsummed, with its evidence', async () => {
    const html = await (await get('/embed/figure?programme=haringey-54000-programme&show=fees')).text()
    expect(html).toContain('data-pence="200000000"')
    expect(html).toContain('plus £650,000.00 contingent on delivery')
    expect(html).toContain('£8,100,000.00 to £8,900,000.00')
    expect(html).toContain('£9,160,000.00 to £13,170,000.00')
    expect(html).not.toContain('£17,260,000.00')
    expect(html).toContain(`${ORIGIN}/programmes/haringey-54000-programme#ledger`)
  })

  it('answers a repeated GET with an ETag and If-None-Match with 304', async () => {
    for (const path of ['/bodies/preston', '/embed/figure?body=preston', '/embed/chart.svg?body=preston&interval=month']) {
      const first = await get(path)
      const etag = first.headers.get('etag')
      expect(etag, path).toBeTruthy()
      const again = await get(path, { headers: { 'if-none-match': etag as string } })
      expect(again.status, path).toBe(304)
      expect(again.headers.get('content-security-policy'), path).toBeTruthy()
    }
  })

  it('oEmbed 1.0: rich, with an iframe of the embed for any page or embed of ours; discovery links on pages', async () => {
    const page = await (await get('/bodies/preston')).text()
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&')
    expect(discovery).toBe(`${ORIGIN}/oembed?url=${encodeURIComponent(`${ORIGIN}/bodies/preston`)}&format=json`)
    const res = await get(discovery!.slice(ORIGIN.length))
    expect(res.status).toBe(200)
    const o = (await res.json()) as Record<string, unknown>
    expect(o).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'consultwatch', width: 420, height: 300 })
    expect(o.html).toBe(`<iframe src="${ORIGIN}/embed/figure?body=preston" width="420" height="300" title="Spending of preston" style="border:0;max-width:100%" loading="lazy"></iframe>`)
    const small = (await (await get(`/oembed?url=${encodeURIComponent(`${ORIGIN}/embed/chart.svg?body=preston&interval=month`)}&maxwidth=300&maxheight=200`)).json()) as Record<string, unknown>
    expect(small).toMatchObject({ width: 300, height: 200 })
    expect(String(small.html)).toContain('/embed/chart.svg?body=preston&amp;interval=month')
    expect((await get(`/oembed?url=${encodeURIComponent(`${ORIGIN}/bodies/preston`)}&format=xml`)).status).toBe(501)
    expect((await get(`/oembed?url=${encodeURIComponent('https://elsewhere.example/bodies/preston')}`)).status).toBe(404)
    expect((await get('/oembed')).status).toBe(400)
    // Discovery only where oEmbed has an answer.
    expect(await (await get('/search?q=preston')).text()).not.toContain('json+oembed')
  })

  it('an embed refuses an unknown parameter and lists the accepted ones; an unknown slug is a 404 page', async () => {
    const res = await get('/embed/chart.svg?body=preston&interval=month&colour=red')
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).toContain('Unknown parameter &quot;colour&quot;')
    expect(text).toContain('Accepted: body, supplier')
    expect((await get('/embed/chart.svg?body=preston&from=2013-05-01&to=2013-04-01&interval=month')).status).toBe(400)
    // A range that cuts a month in two can't be charted by month: the answers API says so, as a 400.
    const cut = await get('/embed/chart.svg?body=preston&from=2013-04-15&interval=month')
    expect(cut.status).toBe(400)
    expect(await cut.text()).toContain('cuts a month in two')
    // A card with any range just says it.
    const ranged = await get('/embed/figure?body=preston&from=2013-04-10&to=2013-05-31')
    expect(ranged.status).toBe(200)
    expect(await ranged.text()).toContain('Period: 2013-04-10 to 2013-05-31')
    for (const path of ['/bodies/nowhere', '/suppliers/nobody', '/programmes/nothing']) {
      const missing = await get(path)
      expect(missing.status, path).toBe(404)
      expect(await missing.text(), path).toContain('<h1>Not found</h1>')
    }
  })

  it('the embed builder shows a live preview and a copyable snippet, with JavaScript off', async () => {
    const html = await (await get('/embed?what=figure&body=preston')).text()
    expect(html).toContain('<iframe class="preview" src="/embed/figure?body=preston"')
    expect(html).toContain('&lt;iframe src=&quot;http://consultwatch.test/embed/figure?body=preston&quot;')
    expect(html).toContain('<form class="builder" action="/embed" method="get">')
  })

  it('a page adds up its body by id: the Hull page is Hull alone, though Solihull contains "hull"', async () => {
    const names = await t.db.query.bodies.findMany({ where: { id: { in: ['hull', 'solihull'] } } })
    expect(names.find((b) => b.id === 'solihull')?.name.toLowerCase()).toContain('hull')
    const csv = await get('/v1/spend.csv?groupBy=body&body=hull')
    expect(csv.status).toBe(200)
    expect(await csv.text()).not.toContain('solihull')
  })

  it('search finds the hostile supplier by name and shows it as text', async () => {
    const html = await (await get('/search?q=alert')).text()
    expect(html).toContain('<a href="/suppliers/script-alert-1-script">&lt;script&gt;alert(1)&lt;/script&gt; Ltd</a>')
  })
})

describe('pages served from the answer cache', () => {
  it('a page asked for twice comes the second time from the store, whole and with its headers', async () => {
    const t = await openTestApi({ spend: [{ file: fixture, body: 'preston' }], app: { cache: { maxAgeSeconds: 60, store: memoryCache() } } })
    try {
      for (const path of ['/', '/bodies/preston', '/embed/figure?body=preston']) {
        const first = await t.app.request(`${ORIGIN}${path}`)
        const again = await t.app.request(`${ORIGIN}${path}`)
        expect([first.status, again.status], path).toEqual([200, 200])
        expect(again.headers.get('x-cache'), path).toBe('HIT')
        expect(again.headers.get('content-security-policy'), path).toBe(first.headers.get('content-security-policy'))
        expect(await again.text(), path).toBe(await first.text())
      }
    } finally {
      t.close()
    }
  })
})
