import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from './helpers/db'
import { gql } from './helpers/graphql'

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
const section = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## The API in brief'))
const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)].map((m) => ({ query: m[1] as string, answer: JSON.parse(m[2] as string) }))

describe('README example queries', () => {
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
