// The README's worked examples for the journalist and the campaigner ("Pages, charts and
// embeds") are of the shipped data: every figure they quote, their CSV lines and their snippet
// are checked here against the API over a database filled as `npm start` fills it.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app'
import { dbFromFile } from '../../api/node-db'
import { gql, type Runtime } from '../helpers/graphql'
import { openShippedDb, type ShippedDb, shippedFilesOf } from './shipped'

const root = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(`${root}README.md`, 'utf8')
const between = (from: string, to: string) => {
  const start = readme.indexOf(from)
  const end = readme.indexOf(to, start)
  if (start < 0 || end < 0) throw new Error(`README lacks the section "${from}"`)
  return readme.slice(start, end)
}
const journalist = between('### For the journalist', '### For the campaigner')
const campaigner = between('### For the campaigner', '### Embeds and oEmbed')
/** The README's examples are written for `npm start` on its default port. */
const ORIGIN = 'http://localhost:8787'

const count = (n: number) => n.toLocaleString('en-GB')
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
/** "46767400.51" -> pence, without floats. */
const pence = (s: string) => {
  const [whole = '0', frac = ''] = s.replace('-', '').split('.')
  return (s.startsWith('-') ? -1 : 1) * (Number(whole) * 100 + Number(frac.padEnd(2, '0')))
}
const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']
const monthYear = (period: string) => new Date(`${period}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })

interface Figure {
  pence: number
  formatted: string
  vatBasis: string
  payments: number
}

describe('the README’s journalist and campaigner examples, on the shipped data', () => {
  let shipped: ShippedDb
  let served: ReturnType<typeof dbFromFile>
  let rt: Runtime
  const get = (path: string) => rt.fetch(path.startsWith('http') ? path : `${ORIGIN}${path}`)
  /** One figure of the answers API: the total of `filter`, or its largest group by `groupBy`. */
  const figure = async (filter: Record<string, unknown>, groupBy: 'SUPPLIER' | 'CONSULTANCY_RULE' | null = null) => {
    const res = await gql(
      rt,
      `query ($f: SpendFilter, $g: [SpendDimension!]!) { spend(groupBy: $g, filter: $f, first: 1) {
        grandTotals { total { pence formatted vatBasis } payments }
        edges { node { supplier { name } consultancyRule total { pence formatted vatBasis } payments } } } }`,
      { f: filter, g: groupBy ? [groupBy] : [] },
    )
    expect(res.errors).toBeUndefined()
    const [grand, ...more] = res.data.spend.grandTotals
    expect(more, 'one currency and VAT basis').toEqual([])
    const top = res.data.spend.edges[0]?.node
    const of = (x: { total: Omit<Figure, 'payments'>; payments: number }): Figure => ({ ...x.total, payments: x.payments })
    return { total: of(grand), top: top ? { ...of(top), name: (top.supplier?.name ?? top.consultancyRule) as string } : null }
  }

  beforeAll(() => {
    shipped = openShippedDb()
    served = dbFromFile(shipped.path)
    const app = createApp({ db: () => served.db })
    rt = { name: 'node', fetch: async (path, init) => app.request(path.startsWith('http') ? path : `${ORIGIN}${path}`, init) }
  }, 600_000)
  afterAll(() => {
    served?.close()
    shipped?.close()
  })

  describe('the journalist: a body page and its CSV', () => {
    const page = /<http:\/\/localhost:8787(\/bodies\/([a-z0-9-]+))>/.exec(journalist)
    const body = page?.[2] as string

    it('names a body page of the shipped data, with as many files as the README says', async () => {
      expect(page).not.toBeNull()
      const res = await gql(rt, `query ($s: String!) { body(slug: $s) { name spendFiles { totalCount } } }`, { s: body })
      const files = shippedFilesOf(res.data.body.name)
      expect(files.length).toBeGreaterThan(0)
      expect(res.data.body.spendFiles.totalCount).toBe(files.length)
      expect(journalist).toContain(`${res.data.body.name}'s ${words[files.length]} files`)
    })

    it('quotes the page’s total, consultancy share and top payees as the API gives them', async () => {
      const html = await (await get(page![1]!)).text()
      const all = await figure({ body })
      expect(all.total.vatBasis).toBe('NET')
      expect(journalist).toContain(`**${all.total.formatted} excluding VAT in ${count(all.total.payments)} payments**`)
      expect(html).toContain(all.total.formatted)

      const consultancy = await figure({ body, consultancyOnly: true }, 'CONSULTANCY_RULE')
      const share = `${((consultancy.total.pence / all.total.pence) * 100).toFixed(1)}%`
      expect(journalist).toContain(
        `**${consultancy.total.formatted} (${share}) marked consultancy or professional services** in ${count(consultancy.total.payments)} payments, ${consultancy.top!.formatted} of it by the \`${consultancy.top!.name}\` rule`,
      )
      for (const s of [consultancy.total.formatted, share, consultancy.top!.formatted, consultancy.top!.name]) expect(html).toContain(s)

      const firm = (await figure({ body, consultancyOnly: true }, 'SUPPLIER')).top!
      expect(journalist).toContain(`**${firm.name}, ${firm.formatted} in ${count(firm.payments)} payments**`)
      const payee = (await figure({ body }, 'SUPPLIER')).top!
      expect(journalist).toContain(`**${payee.name}, ${payee.formatted} in ${count(payee.payments)} payments**`)
      expect(html).toContain(`${payee.name}: ${payee.formatted} in ${count(payee.payments)} payments`)
    })

    it('shows lines of the very CSV behind the monthly chart, which add up to the page’s total', async () => {
      const url = /\*\*Download CSV\*\* is `([^`]+)`/.exec(journalist)?.[1] as string
      expect(url).toBeDefined()
      const html = await (await get(page![1]!)).text()
      expect(html).toContain(`href="${url.replace(/&/g, '&amp;')}" download>Download CSV`)
      const csv = await (await get(url)).text()
      const lines = csv.trim().split(/\r?\n/)
      const quoted = /```csv\n([\s\S]*?)```/.exec(journalist)![1]!.trim().split('\n').filter((l) => l !== '…')
      expect(quoted[0]).toBe(lines[0])
      expect(quoted.at(-1)).toBe(lines.at(-1))
      for (const line of quoted) expect(lines).toContain(line)
      const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data
      const all = await figure({ body })
      expect(rows.reduce((n, r) => n + pence(r.total!), 0)).toBe(all.total.pence)
      expect(rows.reduce((n, r) => n + Number(r.payments), 0)).toBe(all.total.payments)
      expect(journalist).toContain(`adds up to the page's ${all.total.formatted}, and its \`payments\` column to ${count(all.total.payments)}`)
    })

    it('points at the consultancy payments, one row each with its file, line and rule', async () => {
      const url = /`(\/v1\/payments\.csv\?[^`]*consultancyOnly=true)`/.exec(journalist)?.[1] as string
      expect(url).toBeDefined()
      const rows = Papa.parse<Record<string, string>>(await (await get(url)).text(), { header: true, skipEmptyLines: true }).data
      const consultancy = await figure({ body, consultancyOnly: true })
      expect(rows).toHaveLength(consultancy.total.payments)
      expect(rows.reduce((n, r) => n + pence(r.amount!), 0)).toBe(consultancy.total.pence)
      expect(rows.filter((r) => !r.file_name || !(Number(r.line) > 0) || !r.consultancy_rule)).toEqual([])
    })
  })

  describe('the campaigner: an embed snippet and what it shows', () => {
    const builder = /<http:\/\/localhost:8787(\/embed\?[^>]+)>/.exec(campaigner)?.[1] as string
    const snippet = /```html\n([\s\S]*?)\n```/.exec(campaigner)?.[1] as string
    const src = unescape(/src="([^"]+)"/.exec(snippet ?? '')?.[1] ?? '')
    const params = new URL(src || ORIGIN).searchParams
    const filter = { body: params.get('body'), consultancyOnly: params.get('consultancyOnly') === 'true', from: params.get('from'), to: params.get('to') }

    it('gives the snippet the builder gives', async () => {
      expect(builder).toBeDefined()
      const res = await get(builder)
      expect(res.status).toBe(200)
      const fromBuilder = /<textarea id="snippet"[^>]*>([\s\S]*?)<\/textarea>/.exec(await res.text())?.[1]
      expect(unescape(fromBuilder ?? '')).toBe(snippet)
    })

    it('describes the card the snippet frames: the figure, its payments, period and VAT basis as the API gives them', async () => {
      const res = await get(src)
      expect(res.status).toBe(200)
      const card = await res.text()
      const { total } = await figure(filter)
      expect(Number(/class="figure" data-pence="(-?\d+)"/.exec(card)?.[1])).toBe(total.pence)
      expect(campaigner).toContain(`**${total.formatted}** in ${count(total.payments)} payments marked consultancy or professional services by our rules, from ${filter.from} to ${filter.to}`)
      expect(card).toContain(`${count(total.payments)} payments`)
      expect(total.vatBasis).toBe('UNKNOWN')
      expect(card).toContain('VAT basis not stated')
      // The period the README gives is the shipped files' own.
      const name = (await gql(rt, `query ($s: String!) { body(slug: $s) { name } }`, { s: filter.body })).data.body.name
      const periods = shippedFilesOf(name).map((f) => f.period).sort()
      expect(campaigner).toContain(`${words[periods.length]} shipped files run from ${monthYear(periods[0]!)} to ${monthYear(periods.at(-1)!)}`)
      expect(`${periods[0]}-01`).toBe(filter.from)
    })

    it('shows the chart of the largest payees, as the API ranks them', async () => {
      const url = /`(\/embed\/chart\.svg\?[^`]+)`/.exec(campaigner)?.[1] as string
      const svg = await (await get(url)).text()
      const top = (await figure(filter, 'SUPPLIER')).top!
      expect(campaigner).toContain(`${top.name} first with ${top.formatted} in ${count(top.payments)} payments`)
      expect(/<g[^>]*>\s*<title>([^<]*)<\/title>/.exec(svg)?.[1]).toContain(top.formatted)
    })

    it('quotes the fees card’s sums as the programme’s contracts and claims state them', async () => {
      const url = /`(\/embed\/figure\?programme=([a-z0-9-]+)&show=fees)`/.exec(campaigner)
      expect(url).not.toBeNull()
      const paragraph = campaigner.slice(campaigner.indexOf(url![1]!))
      const quoted = paragraph.slice(0, paragraph.indexOf('\n')).match(/£[\d,]+\.\d\d/g) ?? []
      const res = await gql(
        rt,
        `query ($s: String!) { programme(slug: $s) { contracts(first: 100) { edges { node { value { formatted } contingentValue { formatted } hedges { words } } } }
          savingsClaims(first: 100) { edges { node { low { formatted } high { formatted } hedges { words } } } } } }`,
        { s: url![2] },
      )
      const stated = [
        ...res.data.programme.contracts.edges.flatMap((e: any) => [e.node.value?.formatted, e.node.contingentValue?.formatted]),
        ...res.data.programme.savingsClaims.edges.flatMap((e: any) => [e.node.low?.formatted, e.node.high?.formatted]),
      ]
      expect(quoted.length).toBeGreaterThan(0)
      for (const sum of quoted) expect(stated, sum).toContain(sum)
      const card = await (await get(url![1]!)).text()
      for (const sum of quoted) expect(card, sum).toContain(sum)
      // A hedge in the source stays beside its figure: on the card, and in the README's words for it.
      const hedges = [...res.data.programme.contracts.edges, ...res.data.programme.savingsClaims.edges].flatMap((e: any) => e.node.hedges.map((h: any) => h.words as string))
      expect(hedges.length).toBeGreaterThan(0)
      for (const words of hedges) {
        expect(unescape(card), words).toContain(`“${words}”`)
        expect(paragraph.slice(0, paragraph.indexOf('\n')), words).toContain(`“${words}”`)
      }
    })
  })

  it('shows pictures that are in docs/', () => {
    const pictures = [...between('## Pages, charts and embeds', '### Embeds and oEmbed').matchAll(/\((docs\/[^)]+\.png)\)/g)].map((m) => m[1]!)
    expect(pictures.length).toBeGreaterThanOrEqual(5)
    for (const p of pictures) expect(existsSync(`${root}${p}`), p).toBe(true)
  })
})
