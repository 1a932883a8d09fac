import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consultancyRules } from '../ingest/spend/classify'
import { parseCsv, pence } from './answers/realspend'
import { openTestApi, type TestApi } from './helpers/db'
import { gql } from './helpers/graphql'

const root = fileURLToPath(new URL('../', import.meta.url))
const readme = readFileSync(`${root}README.md`, 'utf8')

/** A section's text: from its heading to the next heading of the same or a higher level, whatever other sections there are. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`README has no "${heading}" section`)
  const level = /^#+/.exec(heading)![0].length
  const rest = readme.slice(start + heading.length + 2)
  const next = new RegExp(`\\n#{1,${level}} `).exec(rest)
  return next ? rest.slice(0, next.index) : rest
}

const queriesIn = (text: string) =>
  [...text.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)].map((m) => ({ query: m[1] as string, answer: JSON.parse(m[2] as string) }))
const exportsIn = (text: string) =>
  [...text.matchAll(/`GET (\/v1\/[^`\s]+)`[^\n]*\n+```csv\n([\s\S]*?)```/g)].map((m) => ({ url: m[1] as string, lines: (m[2] as string).trimEnd().split('\n') }))

describe('README example queries', () => {
  const examples = queriesIn(section('## Example queries'))
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(() => t.close())

  it('has three examples with answers', () => {
    expect(examples).toHaveLength(3)
  })

  for (const [i, example] of examples.entries()) {
    it(`example ${i + 1} gives the answer the README shows`, async () => {
      const { status, headers, ...body } = await gql(t.rt, example.query)
      expect(status).toBe(200)
      expect(body).toEqual(example.answer)
    })
  }
})

// The answers API's worked examples run on exactly what `npm start` loads: the curated data, then
// the shipped spend files (data/spend), through the same command.
describe('README worked examples, on the shipped data', () => {
  const text = section('### Worked examples')
  const queries = queriesIn(text)
  const exports = exportsIn(text)
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
    const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'start', '--db', t.url], { cwd: root, encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`npm start's ingest failed (${run.status}):\n${run.stderr}`)
    const files = await t.rt.fetch('/v1/sources.csv')
    // Every shipped file is in: the examples are not answered from part of the data.
    const manifest = readFileSync(`${root}data/spend/MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)
    expect((await files.text()).split('\r\n').filter((l) => /,ingested$/.test(l))).toHaveLength(manifest.length)
  }, 300_000)
  afterAll(() => t?.close())

  it('has one example for each of our users, each with its CSV URL', () => {
    for (const user of ['journalist', 'campaigner', 'developer']) expect(text).toContain(`**For a ${user}:`)
    expect(queries.length).toBeGreaterThanOrEqual(3)
    expect(exports).toHaveLength(queries.length)
  })

  for (const [i, example] of queries.entries()) {
    it(`query ${i + 1} gives the answer the README shows`, async () => {
      const { status, headers, ...body } = await gql(t.rt, example.query)
      expect(status).toBe(200)
      expect(body).toEqual(example.answer)
    })
  }

  for (const example of exports) {
    it(`${example.url} starts with the lines the README shows`, async () => {
      const res = await t.rt.fetch(example.url)
      expect(res.status).toBe(200)
      const lines = (await res.text()).split('\r\n')
      expect(lines.slice(0, example.lines.length)).toEqual(example.lines)
    })
  }
})

// The worked examples' headline figures, summed straight from the shipped files (papaparse, plain
// sums; none of our ingest, rollups or answers), so a figure wrong in both the API and the README fails.
describe('README worked examples, against the shipped files themselves', () => {
  const examples = queriesIn(section('### Worked examples'))
  const example = (needle: string) => {
    const found = examples.find((e) => e.query.includes(needle))
    if (!found) throw new Error(`no worked example with ${needle}`)
    return found.answer.data
  }
  /** Every row of a body's shipped files, with headers as published (their case varies month to month). */
  const rowsOf = (folder: string) =>
    readdirSync(`${root}data/spend/${folder}`).sort().flatMap((f) => parseCsv(gunzipSync(readFileSync(`${root}data/spend/${folder}/${f}`)).toString('latin1')))
  const field = (row: Record<string, string>, name: string): string => {
    const key = Object.keys(row).find((k) => k.trim().toLowerCase() === name.toLowerCase())
    if (key === undefined) throw new Error(`no column "${name}" in ${Object.keys(row).join(', ')}`)
    return (row[key] ?? '').trim()
  }
  const sum = (rows: Array<Record<string, string>>, column: string) => rows.reduce((s, r) => s + pence(field(r, column)), 0)
  const amountPence = (m: { amount: string }) => pence(m.amount)

  it("journalist: Manchester's 2011-12 total, payment count and top two suppliers", () => {
    const rows = rowsOf('manchester').filter((r) => field(r, 'Invoice Payment Date') >= '2011-04-01' && field(r, 'Invoice Payment Date') <= '2012-03-31')
    const spend = example('"manchester"').spend
    expect(spend.grandTotal.map(amountPence)).toEqual([sum(rows, 'Net Amount')])
    expect(section('### Worked examples')).toContain(`in ${rows.length.toLocaleString('en-GB')} payments`)
    for (const edge of spend.edges.slice(0, 2)) {
      const name = edge.node.supplier.name as string
      const paid = rows.filter((r) => field(r, 'Supplier Name').toLowerCase() === name.toLowerCase())
      expect({ name, total: amountPence(edge.node.total), payments: edge.node.payments }).toEqual({ name, total: sum(paid, 'Net Amount'), payments: paid.length })
    }
  })

  it("campaigner: the Cabinet Office's consultancy by quarter, the rule table applied to the file's own columns", () => {
    // "Consultancy" is the verdict of the published rule table (README: our rules, not the
    // department's label); here each rule is applied to the raw expense and payee columns.
    const says = (over: string, text: string) => consultancyRules.some((r) => r.over === over && r.test(text))
    const byQuarter = new Map<string, { total: number; payments: number }>()
    for (const r of rowsOf('cabinet-office')) {
      const day = field(r, 'Date')
      if (day < '2019-04-01' || day > '2020-03-31') continue
      if (!(says('expense', field(r, 'Expense Type')) || says('expense', field(r, 'Expense Area')) || says('supplier', field(r, 'Supplier')))) continue
      const quarter = `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
      const q = byQuarter.get(quarter) ?? { total: 0, payments: 0 }
      byQuarter.set(quarter, { total: q.total + pence(field(r, 'Amount')), payments: q.payments + 1 })
    }
    const points = example('"cabinet-office"').spendOverTime.points as Array<{ period: string; total: { amount: string }; payments: number }>
    expect(new Map(points.map((p) => [p.period, { total: amountPence(p.total), payments: p.payments }]))).toEqual(byQuarter)
  })

  it("developer: Harrogate's 2015-16 total, number of expense types and the top three", () => {
    const rows = rowsOf('harrogate').filter((r) => field(r, 'Net amount') !== '' && field(r, 'Payment Date') >= '2015-04-01' && field(r, 'Payment Date') <= '2016-03-31')
    const byType = new Map<string, { total: number; payments: number }>()
    for (const r of rows) {
      const type = field(r, 'Expenditure Category')
      const t = byType.get(type) ?? { total: 0, payments: 0 }
      byType.set(type, { total: t.total + pence(field(r, 'Net amount')), payments: t.payments + 1 })
    }
    const spend = example('"harrogate-borough-council"').spend
    expect(spend.grandTotal.map(amountPence)).toEqual([sum(rows, 'Net amount')])
    expect(spend.totalCount).toBe(byType.size)
    const top = [...byType].sort((a, b) => b[1].total - a[1].total).slice(0, spend.edges.length)
    expect(spend.edges.map((e: { node: { expenseType: string; total: { amount: string }; payments: number } }) => [e.node.expenseType, { total: amountPence(e.node.total), payments: e.node.payments }])).toEqual(top)
  })
})
