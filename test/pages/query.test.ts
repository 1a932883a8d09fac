import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ask, QueryFailed } from '../../api/pages/query'
import { openTestDb, type TestDb } from '../helpers/db'

// Pages keep each query text parsed and validated once: the answers and the failures must be
// those of a fresh parse every time.
describe('pages’ in-process queries', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await openTestDb()
  })
  afterAll(() => t.close())

  it('answer the same the second time, from the kept document', async () => {
    const query = 'query ($s: String!) { body(slug: $s) { name } }'
    const first = await ask<{ body: { name: string } }>(t.db, query, { s: 'haringey' })
    expect(first.body.name).toMatch(/Haringey/)
    expect(await ask(t.db, query, { s: 'haringey' })).toEqual(first)
    // The kept document still takes new variables.
    expect(await ask(t.db, query, { s: 'no-such-body' })).toEqual({ body: null })
  })

  it('fail the same every time: a syntax error, a field the schema lacks', async () => {
    for (const [query, message] of [
      ['{ body(slug: "x") { name }', /Syntax Error/],
      ['{ body(slug: "x") { noSuchField } }', /Cannot query field "noSuchField"/],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const error = await ask(t.db, query).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(QueryFailed)
        expect((error as QueryFailed).message).toMatch(message)
        expect((error as QueryFailed).clientCode).toBeNull()
      }
    }
  })
})
