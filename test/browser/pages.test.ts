// The reading and embedding surface in real Chromium: another site embeds our figure card, our
// chart and an oEmbed snippet, each showing the API's figure to the penny; pages log no errors,
// a hostile supplier name runs no script, axe finds no serious violations; screenshots land in
// test/artifacts/ (not committed).
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spendFixtures } from '../contract/cases'
import { hasChromium, launchChromium, needsChromium } from '../helpers/browser'
import { openTestDb, type TestDb } from '../helpers/db'
import { gql, type Runtime } from '../helpers/graphql'
import { freePort, type Spawned, spawnServer } from '../helpers/server'
import { hasShared, needsShared } from '../helpers/shared'
import { startWorker, type WorkerRuntime } from '../helpers/worker'
import { shippedFilesOf } from '../pages/shipped'

const root = fileURLToPath(new URL('../../', import.meta.url))
const artifacts = `${root}test/artifacts/`
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const hostile = { file: `${root}test/pages/fixtures/hostile-supplier.csv`, body: 'preston' }
const HOSTILE_NAME = '<script>alert(1)</script> Ltd'
/** One shipped spend file (data/spend/), landed the way `npm start` and `npm run dev:worker` land them. */
const SHIPPED_BODY = 'Cabinet Office'
const shippedFile = shippedFilesOf(SHIPPED_BODY)[0]!

/** `npm run ingest -- start` over a data/spend/ of that one file and its manifest line. */
function ingestShipped(dbUrl: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-shipped-'))
  try {
    const [head, ...lines] = readFileSync(`${root}data/spend/MANIFEST.tsv`, 'utf8').trim().split('\n')
    mkdirSync(dirname(join(dir, shippedFile.file)), { recursive: true })
    copyFileSync(`${root}data/spend/${shippedFile.file}`, join(dir, shippedFile.file))
    writeFileSync(join(dir, 'MANIFEST.tsv'), [head, ...lines.filter((l) => l.startsWith(`${shippedFile.file}\t`))].join('\n'))
    const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'start', '--db', dbUrl, '--spend', dir], { cwd: root, encoding: 'utf8' })
    if (run.status !== 0 || !/: ingested/.test(run.stderr)) throw new Error(`ingest start failed (${run.status}):\n${run.stderr}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What a reader's browser saw go wrong: console errors, failed loads, script a name smuggled in. */
function watch(page: Page) {
  const problems: string[] = []
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`)
    void d.dismiss()
  })
  return problems
}

async function axe(page: Page): Promise<Array<{ id: string; impact: string; nodes: number }>> {
  await page.addScriptTag({ path: axeSource })
  const result = await page.evaluate(async () => {
    const r = await (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run({
      resultTypes: ['violations'],
    })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))
  })
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

interface Target {
  name: string
  start(t: TestDb): Promise<{ url: string; stop(): Promise<void> | void }>
}

const targets: Target[] = [
  {
    name: 'Node',
    async start(t) {
      const s: Spawned = await spawnServer(['npx', 'tsx', 'api/node.ts'], { DATABASE_URL: t.url, RATE_LIMIT_REQUESTS: '100000' })
      return { url: s.url, stop: () => s.stop() }
    },
  },
  {
    name: 'Worker (workerd)',
    async start(t) {
      const w: WorkerRuntime = await startWorker({ dbUrl: t.url, toml: (text) => text.replace(/simple = \{ limit = \d+/, 'simple = { limit = 100000') })
      return { url: w.url, stop: () => w.stop() }
    },
  },
]

for (const target of targets) {
  describe.skipIf(!hasChromium || !hasShared)(`pages and embeds in headless Chromium, served by ${target.name}${needsChromium}${needsShared}`, () => {
    let t: TestDb
    let server: { url: string; stop(): Promise<void> | void }
    let rt: Runtime
    let browser: Browser
    let other: Server
    let otherUrl: string
    let otherPage = ''
    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true })
      t = await openTestDb({ spend: [...spendFixtures, hostile] })
      ingestShipped(t.url)
      server = await target.start(t)
      rt = { name: target.name, fetch: (path, init) => fetch(`${server.url}${path}`, init) }
      browser = await launchChromium()
      // The second origin: a blog page on another port that embeds us.
      const port = await freePort()
      otherUrl = `http://localhost:${port}`
      other = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(otherPage)
      })
      await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve))
    }, 240_000)
    afterAll(async () => {
      await browser?.close()
      await server?.stop()
      other?.close()
      t?.close()
    })

    it('a page on another site embeds our figure card, chart and an oEmbed snippet, each showing the API’s figure to the penny', async () => {
      const filter = { body: 'oxford' }
      const api = await gql(rt, 'query ($f: SpendFilter) { total: spend(groupBy: [], filter: $f) { grandTotal { pence currency } } top: spend(groupBy: [SUPPLIER], filter: $f, first: 1) { edges { node { supplier { name } total { pence formatted } } } } }', { f: filter })
      expect(api.errors).toBeUndefined()
      const total = api.data.total.grandTotal[0]
      const top = api.data.top.edges[0].node
      expect(total.pence).toBeGreaterThan(0)
      const oembed: { html: string } = await (await rt.fetch(`/oembed?format=json&url=${encodeURIComponent(`${server.url}/bodies/oxford`)}`)).json()
      expect(oembed).toMatchObject({ version: '1.0', type: 'rich' })
      otherPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A campaign blog</title></head><body>
<h1>Our council's spending</h1>
<iframe id="figure" src="${server.url}/embed/figure?body=oxford" width="420" height="300" title="figure"></iframe>
<iframe id="chart" src="${server.url}/embed/chart.svg?body=oxford&groupBy=supplier&first=5" width="640" height="360" title="chart"></iframe>
<div id="pasted">${oembed.html}</div>
</body></html>`
      const page = await browser.newPage()
      const problems = watch(page)
      await page.goto(`${otherUrl}/`)
      const frames = async (selector: string) => {
        const handle = await page.waitForSelector(selector)
        const frame = await handle.contentFrame()
        if (!frame) throw new Error(`${selector} has no frame`)
        await frame.waitForLoadState()
        return frame
      }
      const card = await frames('#figure')
      expect(Number(await card.locator('.figure').first().getAttribute('data-pence'))).toBe(total.pence)
      expect(await card.locator('.figure').first().innerText()).toBe(`£${(total.pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`)
      const pasted = await frames('#pasted iframe')
      expect(Number(await pasted.locator('.figure').first().getAttribute('data-pence'))).toBe(total.pence)
      const chart = await frames('#chart')
      const firstBar = await chart.locator('svg g > title').first().textContent()
      expect(firstBar).toContain(top.supplier.name)
      expect(firstBar).toContain(top.total.formatted)
      await page.screenshot({ path: `${artifacts}embeds-on-another-site-${target.name.split(' ')[0]}.png`, fullPage: true })
      await card.page().bringToFront()
      expect(problems).toEqual([])
      await page.close()
    })

    it('serves the body page of a shipped spend file, as npm start and dev:worker load it, with the manifest’s total', async () => {
      const found = await gql(rt, 'query ($q: String!) { bodies(first: 5, filter: { name: $q }) { edges { node { slug name } } } }', { q: SHIPPED_BODY })
      const body = found.data?.bodies.edges.map((e: { node: { slug: string; name: string } }) => e.node).find((b: { name: string }) => b.name === SHIPPED_BODY)
      expect(body, JSON.stringify(found)).toBeDefined()
      const res = await rt.fetch(`/bodies/${body.slug}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      // The manifest's total was computed apart from our code (Python Decimal): "GBP 48558342.20".
      const [, pounds = '', pence = ''] = /^GBP (\d+)\.(\d\d)$/.exec(shippedFile.total) ?? []
      expect(html).toContain(`£${Number(pounds).toLocaleString('en-GB')}.${pence}`)
      expect(html).toContain(`${shippedFile.rows.toLocaleString('en-GB')} payments`)
    })

    it('our pages cannot be framed by another site; embeds can', async () => {
      for (const [path, framable] of [['/bodies/oxford', false], ['/embed/figure?body=oxford', true]] as const) {
        const res = await rt.fetch(path)
        const csp = res.headers.get('content-security-policy') ?? ''
        expect(csp).toContain(framable ? 'frame-ancestors *' : "frame-ancestors 'none'")
        if (framable) expect(csp).not.toMatch(/script-src/)
      }
    })

    it('the front page, a body page and an embed: no console errors, no serious axe violations; screenshots saved', async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 } })
      for (const [name, path] of [
        ['front', '/'],
        ['body', '/bodies/oxford'],
        ['programme', '/programmes/haringey-54000-programme'],
        ['embed-figure', '/embed/figure?body=oxford&label=Oxford%20City%20Council%20spending'],
        ['embed-builder', '/embed?what=line&body=oxford&interval=month'],
      ] as const) {
        const page = await context.newPage()
        const problems = watch(page)
        const res = await page.goto(`${server.url}${path}`)
        expect(res?.status(), path).toBe(200)
        if (target.name === 'Node') await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: name !== 'front' && name !== 'body' })
        expect(await axe(page), path).toEqual([])
        expect(problems, path).toEqual([])
        await page.close()
      }
      await context.close()
    })

    it('a supplier named <script>alert(1)</script> Ltd is shown as text and runs no script, on pages, embeds and charts', async () => {
      const page = await browser.newPage()
      const problems = watch(page)
      for (const path of ['/bodies/preston', '/suppliers/script-alert-1-script', '/search?q=script', '/embed/chart.svg?body=preston&groupBy=supplier', '/embed/figure?supplier=script-alert-1-script', '/embed?body=preston&what=top']) {
        await page.goto(`${server.url}${path}`)
        const text = await page.evaluate(() => document.documentElement.textContent ?? '')
        // The builder shows the name only inside its preview frame.
        if (!path.startsWith('/embed?')) expect(text, path).toContain(HOSTILE_NAME)
        expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), img[src="x"]').length), path).toBe(0)
      }
      expect(problems).toEqual([])
      await page.close()
    })
  })
}
