import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'

describe('nested relations load without a query per row', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(() => t.close())

  it('bodies → contracts → supplier is one statement for the page plus one for its count', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, `{ bodies(first: 100) { totalCount edges { node { name
      contracts(first: 10) { totalCount edges { node { title supplier { name } programme { name } sources { title } } } } } } } }`)
    expect(res.errors).toBeUndefined()
    const withContracts = res.data.bodies.edges.filter((e: any) => e.node.contracts.totalCount > 0)
    // The data has several buyers with contracts, so a per-row plan would show as extra statements.
    expect(withContracts.length).toBeGreaterThan(2)
    expect(res.data.bodies.edges.length).toBeGreaterThan(10)
    expect(t.sql).toHaveLength(2)
    expect(t.sql.filter((q) => q.startsWith('select count(*)'))).toHaveLength(1)
  })

  it('a Total Place pilot list with member bodies and sources is one statement per level at most', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, '{ totalPlacePilots(first: 20) { edges { node { name bodies(first: 20) { edges { node { name contracts { totalCount } } } } themes sources { title } } } } }')
    expect(res.errors).toBeUndefined()
    expect(res.data.totalPlacePilots.edges).toHaveLength(13)
    expect(t.sql.length).toBeLessThanOrEqual(2)
  })
})
