import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../api/app'
import { openTestDb, type TestDb } from './helpers/db'
import { gql, type Runtime } from './helpers/graphql'

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
const section = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## The API in brief'))
const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)].map((m) => ({ query: m[1] as string, answer: JSON.parse(m[2] as string) }))

describe('README example queries', () => {
  let t: TestDb
  let rt: Runtime
  beforeAll(async () => {
    t = await openTestDb()
    const app = createApp({ db: () => t.db })
    rt = { name: 'node', fetch: async (path, init) => app.request(path, init) }
  })
  afterAll(() => t.close())

  it('has three examples with answers', () => {
    expect(examples).toHaveLength(3)
  })

  for (const [i, example] of examples.entries()) {
    it(`example ${i + 1} gives the answer the README shows`, async () => {
      const { status, headers, ...body } = await gql(rt, example.query)
      expect(status).toBe(200)
      expect(body).toEqual(example.answer)
    })
  }
})
