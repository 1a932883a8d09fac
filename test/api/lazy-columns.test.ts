// Tables load only the columns a query asks for (api/lazy-columns.ts). The reference is the same
// schema built afresh, which the API never prepared: it loads every column of every row, as the
// API did before. Every field of every table's type must answer the same either way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getColumns } from 'drizzle-orm'
import { execute, getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, isLeafType, isNonNullType, isObjectType, parse } from 'graphql'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { bodies, contracts } from '../../schema/tables'
import { idReadsOnlyKey, primaryKey, selectColumnsLazily } from '../../api/lazy-columns'
import { schema } from '../../schema/graphql/index'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql, nodes } from '../helpers/graphql'

const fixture = fileURLToPath(new URL('../pages/fixtures/hostile-supplier.csv', import.meta.url))
// A Total Place pilot member's spend, so that spend grouped by pilot names a pilot.
const pilotSpend = fileURLToPath(new URL('../../data/spend/manchester/manchester_2011-04.csv.gz', import.meta.url))

const takesNoArgs = (f: GraphQLField<unknown, unknown>) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined)
const isTableType = (type: unknown): type is GraphQLObjectType => isObjectType(type) && Boolean(type.extensions?.pothosDrizzleTable)
const isConnection = (type: GraphQLObjectType) => Boolean(type.getFields().edges && type.getFields().pageInfo)

/** The node type of a connection type, if it has one. */
function nodeOf(connection: GraphQLObjectType): GraphQLObjectType | undefined {
  const edge = getNamedType(connection.getFields().edges?.type)
  const node = isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined
  return isObjectType(node) ? node : undefined
}

/**
 * Every field of `type` that takes no required argument: leaves as they are; objects and the first
 * two nodes of connections one level down, with their leaves (so the table types only nested
 * connections reach, such as ProgrammeBody, SupplierAlias and SpendReject, are compared too);
 * below that, objects as their __typename.
 */
function selection(type: GraphQLObjectType, depth = 0): string {
  const parts: string[] = []
  for (const field of Object.values(type.getFields())) {
    if (!takesNoArgs(field)) continue
    const named = getNamedType(field.type)
    if (isLeafType(named)) parts.push(field.name)
    else if (isObjectType(named) && isConnection(named) && depth === 0 && field.args.some((a) => a.name === 'first')) {
      const node = nodeOf(named)
      parts.push(`${field.name}(first: 2) { edges { node { __typename ${node ? selection(node, depth + 1) : ''} } } }`)
    } else if (isObjectType(named) && !isConnection(named) && depth === 0) {
      const inner = selection(named, depth + 1)
      parts.push(`${field.name} { __typename ${inner} }`)
    } else parts.push(`${field.name} { __typename }`)
  }
  return parts.join(' ')
}

/** For each root connection over a table, a page of its nodes with every field they have. */
function everyFieldQueries(target: GraphQLSchema): Array<[string, string]> {
  const queries: Array<[string, string]> = []
  for (const field of Object.values(target.getQueryType()?.getFields() ?? {})) {
    const type = getNamedType(field.type)
    if (!isObjectType(type) || !isConnection(type) || !takesNoArgs(field)) continue
    const node = nodeOf(type)
    if (!isTableType(node)) continue
    queries.push([field.name, `{ ${field.name}(first: 8) { pageInfo { hasNextPage endCursor } edges { cursor node { __typename ${selection(node)} } } } }`])
  }
  return queries
}

describe('tables load only the columns a query asks for', () => {
  let t: TestApi
  let eager: (query: string, variableValues?: Record<string, unknown>) => Promise<unknown>
  let reference: GraphQLSchema
  beforeAll(async () => {
    // A file with a row that cannot be read, so that a spend file has a reject to compare.
    const dir = mkdtempSync(join(tmpdir(), 'lazy-columns-'))
    const withReject = join(dir, 'with-reject.csv')
    writeFileSync(withReject, 'Date,Supplier Name,Amount,Expense Type\n01/05/2013,Acme Ltd,12.50,Consultancy fees\n02/05/2013,Acme Ltd,twelve pounds,Consultancy fees\n')
    t = await openTestApi({ spend: [{ file: fixture, body: 'preston' }, { file: pilotSpend, body: 'manchester' }, { file: withReject, body: 'preston' }] })
    rmSync(dir, { recursive: true, force: true })
    // The schema and the database client built again, unprepared: every column, as before.
    vi.resetModules()
    const fresh = await import('../../schema/graphql/index')
    const { dbFromLibsql } = await import('../../schema/client')
    const { createClient } = await import('@libsql/client')
    const client = createClient({ url: t.url })
    const db = dbFromLibsql(client)
    reference = fresh.schema
    eager = async (query, variableValues) => JSON.parse(JSON.stringify(await execute({ schema: reference, document: parse(query), variableValues, contextValue: { db } })))
  })
  afterAll(() => t.close())

  it('the API narrows its schema, and the reference loads every column', () => {
    // Were the fresh copy prepared too, the comparison below would compare the change with itself.
    expect(reference).not.toBe(schema)
    expect(schema.getType('Body')?.extensions?.pothosDrizzleSelect).toEqual({ columns: {} })
    expect(reference.getType('Body')?.extensions?.pothosDrizzleSelect).toBe(true)
  })

  it('every field of every table type, under root and nested connections, answers as with every column loaded', async () => {
    const queries = everyFieldQueries(schema)
    const seen = new Set<string>()
    // Bodies, suppliers, contracts, programmes, sources, payments, spend files…: more than a handful.
    expect(queries.length).toBeGreaterThan(5)
    for (const [name, query] of queries) {
      const lazy = await gql(t.rt, query)
      expect(lazy.errors, `${name}: ${JSON.stringify(lazy.errors)}`).toBeUndefined()
      const reference = (await eager(query)) as { data: Record<string, { edges: unknown[] }>; errors?: unknown }
      expect(reference.errors, name).toBeUndefined()
      expect(lazy.data, name).toEqual(reference.data)
      JSON.stringify(lazy.data, (key, value) => (key === '__typename' && seen.add(value), value))
    }
    // Which table types had rows compared, nested connections' included.
    const tableTypes = Object.values(schema.getTypeMap()).filter(isTableType).map((type) => type.name)
    expect(tableTypes.filter((n) => !seen.has(n)), 'table types with no row compared').toEqual([])
  })

  // A spend group names its body, supplier and pilot by a bare `{ id }` row the plugin never
  // planned (spend-answers.ts): every field of every such entity must still answer, loading what
  // the row lacks, exactly as the same entity read from a planned page of the reference.
  it('every field of the entities spend groups and series name answers, though their rows hold only an id', async () => {
    const group = schema.getType('SpendGroup') as GraphQLObjectType
    const entities = Object.values(group.getFields()).filter((f) => isTableType(getNamedType(f.type)))
    // Body, supplier, pilot: whatever the schema has, but not none.
    expect(entities.length).toBeGreaterThanOrEqual(3)
    const picks = entities.map((f) => `${f.name} { __typename ${selection(getNamedType(f.type) as GraphQLObjectType)} }`).join(' ')
    const queries: Array<[string, string]> = [
      ['spend by body and supplier', `{ spend(groupBy: [BODY, SUPPLIER], first: 20) { edges { node { ${picks} } } } }`],
      ['spend by pilot', `{ spend(groupBy: [TOTAL_PLACE_PILOT], first: 20) { edges { node { ${picks} } } } }`],
      ['series by body and supplier', `{ spendOverTime(interval: MONTH, groupBy: [BODY, SUPPLIER], first: 20) { groups { ${picks} } } }`],
      ['series by pilot', `{ spendOverTime(interval: MONTH, groupBy: [TOTAL_PLACE_PILOT]) { groups { ${picks} } } }`],
    ]
    const named = new Map<string, number>()
    for (const [name, query] of queries) {
      const lazy = await gql(t.rt, query)
      expect(lazy.errors, `${name}: ${JSON.stringify(lazy.errors)}`).toBeUndefined()
      const groups: Array<Record<string, { __typename: string; id: string } | null>> = lazy.data.spend ? nodes(lazy.data.spend) : lazy.data.spendOverTime.groups
      for (const g of groups) {
        for (const f of entities) {
          const entity = g[f.name]
          if (!entity) continue
          named.set(f.name, (named.get(f.name) ?? 0) + 1)
          // The same node, every field, read by the reference from a row it planned and loaded whole.
          const type = getNamedType(f.type) as GraphQLObjectType
          const expected = (await eager(`query($id: ID!) { node(id: $id) { ... on ${type.name} { __typename ${selection(type)} } } }`, { id: entity.id })) as { data: { node: unknown }; errors?: unknown }
          expect(expected.errors, `${name}: ${f.name} ${entity.id}`).toBeUndefined()
          expect(entity, `${name}: ${f.name} ${entity.id}`).toEqual(expected.data.node)
        }
      }
    }
    for (const f of entities) expect(named.get(f.name), `no group named a ${f.name}`).toBeGreaterThan(0)
  })

  // A resolver that declares no columns is the case the whole-row load exists for. It is tried on a
  // copy of the schema built with one such field added (Contract.valueDeclaringNothing), narrowed
  // like the API's, so the test holds whichever of the API's own fields declare their columns.
  it('a field that declares no columns is planned with every column, and handed a row with only its id, loads the whole row first', async () => {
    vi.resetModules()
    const { builder } = await import('../../schema/graphql/builder')
    const { Contract } = await import('../../schema/graphql/types/contract')
    const { Money, moneyOf } = await import('../../schema/graphql/types/money')
    builder.drizzleObjectField(Contract, 'valueDeclaringNothing', (f) => f.field({ type: Money, nullable: true, resolve: (c) => moneyOf(c.valuePence, c.currency, c.vatBasis) }))
    const extended = (await import('../../schema/graphql/index')).schema
    expect(selectColumnsLazily(extended)).toBeGreaterThan(5)
    const field = (extended.getType('Contract') as GraphQLObjectType).getFields().valueDeclaringNothing
    const wrapped = field?.resolve
    if (!field || !wrapped) throw new Error('the added field is missing')
    const statements: string[] = []
    const { dbFromLibsql } = await import('../../schema/client')
    const { createClient } = await import('@libsql/client')
    const client = createClient({ url: t.url })
    const run = async (query: string) => {
      statements.length = 0
      const db = dbFromLibsql(client, { logger: { logQuery: (q) => statements.push(q) } })
      return JSON.parse(JSON.stringify(await execute({ schema: extended, document: parse(query), contextValue: { db } })))
    }
    try {
      const query = '{ contracts(first: 8) { edges { node { valueDeclaringNothing { pence currency vatBasis } value { pence currency vatBasis } } } } }'
      const whole = await run(query)
      expect(whole.errors).toBeUndefined()
      // Planned with every column of the row.
      expect(statements).toHaveLength(1)
      for (const column of Object.values(getColumns(contracts))) expect(statements[0]).toContain(`"d0"."${column.name}"`)
      const pairs = nodes<{ valueDeclaringNothing: unknown; value: unknown }>(whole.data.contracts)
      for (const c of pairs) expect(c.valueDeclaringNothing).toEqual(c.value)
      // Values to compare, not nulls that a row lacking the columns would give as well.
      expect(pairs.filter((c) => c.value !== null).length).toBeGreaterThan(0)
      field.resolve = (row, ...rest) => wrapped({ id: (row as { id: string }).id }, ...rest)
      const bare = await run(query)
      expect(bare.errors, JSON.stringify(bare.errors)).toBeUndefined()
      expect(bare.data).toEqual(whole.data)
      // The page, then one batched load of its rows.
      expect(statements).toHaveLength(2)
    } finally {
      field.resolve = wrapped
      client.close()
    }
  })

  it('a node id adds no columns only because it reads nothing but the primary key', async () => {
    const body = schema.getType('Body') as GraphQLObjectType
    const id = body.getFields().id as GraphQLField<unknown, unknown>
    const key = primaryKey(bodies)
    expect([...key]).toEqual(['id'])
    expect(idReadsOnlyKey(body, id, key)).toBe(true)
    // An id built from any other column would need that column too: it is planned like any field.
    expect(idReadsOnlyKey(body, { ...id, resolve: (b: any) => `${b.id}:${b.name}` }, key)).toBe(false)
    expect(idReadsOnlyKey(body, { ...id, resolve: () => { throw new Error('needs a context') } }, key)).toBe(false)
    // Reads the probe cannot follow by name: by `in`, by spreading the row.
    expect(idReadsOnlyKey(body, { ...id, resolve: (b: any) => ('slug' in b ? b.id : b.id) }, key)).toBe(false)
    expect(idReadsOnlyKey(body, { ...id, resolve: (b: any) => JSON.stringify({ ...b }) }, key)).toBe(false)
    // Every narrowed node type's id was found to read its key alone, so it adds nothing to the plan.
    const nodeTypes = Object.values(schema.getTypeMap()).filter((type) => isTableType(type) && type.getInterfaces().some((i) => i.name === 'Node')) as GraphQLObjectType[]
    expect(nodeTypes.length).toBeGreaterThan(5)
    for (const type of nodeTypes) expect(type.getFields().id?.extensions?.pothosDrizzleSelect, type.name).toBeUndefined()
    t.sql.length = 0
    const res = await gql(t.rt, '{ bodies(first: 3) { edges { node { id } } } }')
    expect(res.errors).toBeUndefined()
    expect([...(t.sql[0] as string).matchAll(/"d0"\."(\w+)" as "/g)].map((m) => m[1]).sort()).toEqual(['id', 'name'])
  })

  it('the payments page has rows, so their fields were compared on real values', async () => {
    const res = await gql(t.rt, '{ payments(first: 1) { edges { node { amount { pence } } } } }')
    expect(nodes(res.data.payments)).toHaveLength(1)
  })

  it('a page of bodies reads only the columns asked for, and the ones its order needs', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, '{ bodies(first: 5) { edges { node { slug kind region } } } }')
    expect(res.errors).toBeUndefined()
    expect(t.sql).toHaveLength(1)
    const selected = [...(t.sql[0] as string).matchAll(/"d0"\."(\w+)" as "/g)].map((m) => m[1]).sort()
    // slug is the id column; name is the order's (and the cursor's) first key.
    expect(selected).toEqual(['id', 'kind', 'name', 'region'])
  })

  it('pages asked for with only one field chain on to the same rows as one large page', async () => {
    const all = await gql(t.rt, '{ bodies(first: 100) { edges { node { slug } } } }')
    const walked: string[] = []
    let after: string | null = null
    for (;;) {
      const page: any = await gql(t.rt, 'query($after: String) { bodies(first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }', { after })
      expect(page.errors).toBeUndefined()
      walked.push(...nodes<{ slug: string }>(page.data.bodies).map((b) => b.slug))
      if (!page.data.bodies.pageInfo.hasNextPage) break
      after = page.data.bodies.pageInfo.endCursor
    }
    expect(walked).toEqual(nodes<{ slug: string }>(all.data.bodies).map((b) => b.slug))
    expect(walked.length).toBeGreaterThan(7)
  })

  // The columns each level of a statement reads, by table alias (d0 the root, d1 the next…).
  const columnsOf = (statement: string, alias: string) => [...statement.matchAll(new RegExp(`"${alias}"\\."(\\w+)" as "`, 'g'))].map((m) => m[1]).sort()

  it('a nested relation reads only its asked-for columns and its key', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, '{ contracts(first: 3) { edges { node { title buyer { name } } } } }')
    expect(res.errors).toBeUndefined()
    expect(t.sql).toHaveLength(1)
    expect(columnsOf(t.sql[0] as string, 'd0')).toEqual(['id', 'title'])
    expect(columnsOf(t.sql[0] as string, 'd1')).toEqual(['id', 'name'])
  })

  it('a nested connection ordered by a column other than its key reads that column, the key and what is asked', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, '{ totalPlacePilots(first: 2) { edges { node { region bodies(first: 3) { edges { node { region } } } } } } }')
    expect(res.errors).toBeUndefined()
    expect(t.sql).toHaveLength(1)
    // Both are ordered by name, then id: the order's and the cursor's columns.
    expect(columnsOf(t.sql[0] as string, 'd0')).toEqual(['id', 'name', 'region'])
    expect(columnsOf(t.sql[0] as string, 'd1')).toEqual(['id', 'name', 'region'])
  })

  it('nested relations stay one statement, each narrowed to what it is asked', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, '{ contracts(first: 5) { edges { node { title buyer { name } sources { title } } } } }')
    expect(res.errors).toBeUndefined()
    expect(t.sql).toHaveLength(1)
    expect(t.sql[0]).not.toContain('"d1"."kind"')
  })
})
