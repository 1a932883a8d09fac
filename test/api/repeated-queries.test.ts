// Speed work (issue 7) keeps per-document results between requests: the cost and cursor verdict,
// and exposed columns read straight off the row. These check that what is remembered never lets a
// different request through, that a row without the column still gets its value, and that the
// real schema is wrapped (or the API refuses to start).
import { createRequire } from 'node:module'
import { GraphQLObjectType, GraphQLSchema, GraphQLString, isObjectType } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readExposedColumnsDirectly } from '../../api/column-reads'
import { prepareSchema } from '../../api/graphql'
import { limits } from '../../api/limits/limits'
import { MILLION_NODES } from '../contract/cases'
import { schema as realSchema } from '../../schema/graphql/index'
import { gql } from '../helpers/graphql'
import { openTestApi, type TestApi } from '../helpers/db'

describe('the cost and cursor verdict is remembered per document and variables', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(() => t.close())

  const viaVariable = MILLION_NODES.replace('{ payments(first: 100)', 'query ($n: Int) { payments(first: $n)')

  it('refuses the same document again, and answers it with other variables, in any order', async () => {
    for (const round of [1, 2]) {
      const costly = await gql(t.rt, viaVariable, { n: 100 })
      expect(costly.errors?.[0]?.extensions?.code, `round ${round}`).toBe('QUERY_TOO_COSTLY')
      const cheap = await gql(t.rt, viaVariable, { n: 1 })
      expect(cheap.errors, `round ${round}`).toBeUndefined()
      expect(cheap.data.payments.edges.length).toBeLessThanOrEqual(1)
    }
  })

  it('tells an absent variable (its default) from an explicit null (the connection\'s own page size)', async () => {
    // first: 1 keeps the three levels within the limit; null pages by the default size, which does not.
    expect(limits.defaultConnectionSize * 100 * 100).toBeGreaterThan(limits.maxCost)
    const withDefault = viaVariable.replace('($n: Int)', '($n: Int = 1)')
    for (const round of [1, 2]) {
      expect((await gql(t.rt, withDefault, {})).errors, `round ${round}`).toBeUndefined()
      expect((await gql(t.rt, withDefault, { n: null })).errors?.[0]?.extensions?.code, `round ${round}`).toBe('QUERY_TOO_COSTLY')
    }
  })

  it('keeps the verdicts of two operations in one document apart', async () => {
    const document = `query Costly ${MILLION_NODES} query Cheap { bodies(first: 1) { totalCount } }`
    const run = async (operationName: string) => {
      const res = await t.rt.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: document, operationName }),
      })
      return (await res.json()) as any
    }
    for (const round of [1, 2]) {
      expect((await run('Cheap')).errors, `round ${round}`).toBeUndefined()
      expect((await run('Costly')).errors?.[0]?.extensions?.code, `round ${round}`).toBe('QUERY_TOO_COSTLY')
    }
  })

  it('refuses a foreign cursor every time it is sent, and not the cursor the API gave', async () => {
    const query = 'query ($after: String) { bodies(first: 1, after: $after) { edges { cursor node { slug } } } }'
    const first = await gql(t.rt, query, { after: null })
    const cursor = first.data.bodies.edges[0].cursor as string
    const foreign = Buffer.from('DC:J:true').toString('base64')
    for (const round of [1, 2]) {
      expect((await gql(t.rt, query, { after: foreign })).errors?.[0]?.extensions?.code, `round ${round}`).toBe('BAD_USER_INPUT')
      const next = await gql(t.rt, query, { after: cursor })
      expect(next.errors, `round ${round}`).toBeUndefined()
      expect(next.data.bodies.edges[0].node.slug).not.toBe(first.data.bodies.edges[0].node.slug)
    }
  })
})

describe('exposed columns are read straight off the row', () => {
  // A field as Pothos' drizzle plugin leaves an exposed column: marked, selecting that column,
  // and resolved through the plugin's wrapper (here a stand-in that says it was called).
  const schemaWith = (extensions: Record<string, unknown>) => {
    const calls: unknown[] = []
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          name: {
            type: GraphQLString,
            extensions,
            resolve: (row: Record<string, unknown>) => {
              calls.push(row)
              return `planned:${String(row.name ?? 'loaded')}`
            },
          },
        },
      }),
    })
    readExposedColumnsDirectly(schema)
    const resolve = schema.getQueryType()!.getFields().name!.resolve!
    return { resolve: (row: unknown) => resolve(row, {}, {}, {} as never), calls }
  }
  const exposed = { pothosExposedField: 'name', pothosDrizzleSelect: { columns: { name: true } } }

  it('returns the column of a row that carries it, without the plugin', () => {
    const { resolve, calls } = schemaWith(exposed)
    expect(resolve({ name: 'Haringey', id: 'haringey' })).toBe('Haringey')
    expect(resolve({ name: null })).toBeNull()
    expect(calls).toEqual([])
  })

  it('goes through the plugin for a row without the column, which loads it', () => {
    const { resolve, calls } = schemaWith(exposed)
    expect(resolve({ id: 'haringey' })).toBe('planned:loaded')
    expect(calls).toEqual([{ id: 'haringey' }])
  })

  it('leaves fields that select more than their column, or nothing, to the plugin', () => {
    for (const extensions of [
      { pothosExposedField: 'name', pothosDrizzleSelect: { columns: { name: true }, with: { aliases: true } } },
      { pothosExposedField: 'name', pothosDrizzleSelect: { columns: { name: true, id: true } } },
      { pothosExposedField: 'name', pothosDrizzleSelect: false },
      { pothosDrizzleSelect: { columns: { name: true } } },
    ]) {
      const { resolve, calls } = schemaWith(extensions)
      expect(resolve({ name: 'Haringey' })).toBe('planned:Haringey')
      expect(calls).toHaveLength(1)
    }
  })
})

describe('the real schema gets its resolvers wrapped, or the API refuses to start', () => {
  it('reads exposed columns of the real types straight off the row', () => {
    prepareSchema(realSchema)
    const body = realSchema.getType('Body')
    if (!isObjectType(body)) throw new Error('Body is not an object type')
    // The drizzle plugin's own resolver needs the query plan in `info`; the direct read does not.
    const resolve = body.getFields().name!.resolve!
    expect(resolve({ name: 'Haringey', slug: 'haringey' }, {}, {}, {} as never)).toBe('Haringey')
  })

  it('refuses a schema in which nothing would be wrapped: no time budget, silently', () => {
    const bare = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }) })
    expect(() => prepareSchema(bare)).toThrow(/not wrapped/)
  })

  it('refuses a schema built by a second copy of graphql', () => {
    // A second copy, as a duplicated dependency would install: graphql loaded afresh.
    const require = createRequire(import.meta.url)
    const root = require.resolve('graphql').replace(/index\.js$/, '')
    const ours = (k: string) => k.startsWith(root)
    const saved = Object.fromEntries(Object.entries(require.cache).filter(([k]) => ours(k)))
    for (const k of Object.keys(saved)) delete require.cache[k]
    const other = require('graphql') as typeof import('graphql')
    // Put the cache back as it was, so nothing else in this process loads the second copy.
    for (const k of Object.keys(require.cache).filter(ours)) delete require.cache[k]
    Object.assign(require.cache, saved)
    expect(other.GraphQLSchema).not.toBe(GraphQLSchema)
    const foreign = new other.GraphQLSchema({ query: new other.GraphQLObjectType({ name: 'Query', fields: { hello: { type: other.GraphQLString } } }) })
    expect(() => prepareSchema(foreign as unknown as GraphQLSchema)).toThrow(/two copies of graphql/)
  })
})
