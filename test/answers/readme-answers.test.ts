import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'
import { hasShared, needsShared } from '../helpers/shared'
import { openRealSpendApi } from './realspend'

// The README's worked examples of the answers API: each GraphQL query gives exactly the JSON shown,
// and each CSV URL's answer starts with exactly the lines shown.
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
const section = readme.slice(readme.indexOf('### Worked examples'), readme.indexOf('### Where answers are read from'))
const queries = [...section.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)].map((m) => ({ query: m[1] as string, answer: JSON.parse(m[2] as string) }))
const exports = [...section.matchAll(/`GET (\/v1\/[^`\s]+)`[^\n]*\n+```csv\n([\s\S]*?)```/g)].map((m) => ({ url: m[1] as string, lines: (m[2] as string).trimEnd().split('\n') }))

describe.skipIf(!hasShared)(`README worked examples (journalist, campaigner, developer)${needsShared}`, () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openRealSpendApi()
  }, 300_000)
  afterAll(() => t?.close())

  it('has one example for each of our users, each with its CSV', () => {
    expect(queries).toHaveLength(3)
    expect(exports).toHaveLength(3)
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
