import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
