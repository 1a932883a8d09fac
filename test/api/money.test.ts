import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodies, contracts } from '../../schema/tables'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'

describe('money is exact past 32 bits', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ dataset: false })
    await t.db.insert(bodies).values({ id: 'test-barnet', name: 'Test Borough', kind: 'london_borough' })
    // A Barnet-scale outsourcing deal: £320,000,000.07 is 32,000,000,007 pence, far past 2^31 - 1.
    await t.db.insert(contracts).values([
      { id: 'big', buyerId: 'test-barnet', title: 'Big outsourcing deal', valuePence: 32_000_000_007, vatBasis: 'gross', status: 'awarded' },
      { id: 'near-max', buyerId: 'test-barnet', title: 'Largest safe integer', valuePence: Number.MAX_SAFE_INTEGER, vatBasis: 'net' },
      { id: 'refund', buyerId: 'test-barnet', title: 'A credit note', valuePence: -68_883, vatBasis: 'unknown' },
    ])
  })
  afterAll(() => t.close())

  it('round-trips a value above 2^31 pence exactly, as JSON number, with its VAT basis', async () => {
    const res = await gql(t.rt, '{ node(id: "Q29udHJhY3Q6Ymln") { ... on Contract { value { pence currency vatBasis amount formatted } } } }')
    expect(res.errors).toBeUndefined()
    expect(res.data.node.value).toEqual({ pence: 32000000007, currency: 'GBP', vatBasis: 'GROSS', amount: '320000000.07', formatted: '£320,000,000.07' })
    expect(res.data.node.value.pence).toBeGreaterThan(2 ** 31)
  })

  it('keeps 2^53 - 1 pence exact and negative amounts negative', async () => {
    const res = await gql(t.rt, '{ contracts(first: 10) { edges { node { slug value { pence amount } } } } }')
    const bySlug = Object.fromEntries(res.data.contracts.edges.map((e: any) => [e.node.slug, e.node.value]))
    expect(bySlug['near-max']).toEqual({ pence: 9007199254740991, amount: '90071992547409.91' })
    expect(bySlug.refund).toEqual({ pence: -68883, amount: '-688.83' })
  })

  it('declares money with a 53-bit scalar, never Int', async () => {
    const res = await gql(t.rt, '{ __type(name: "Money") { fields { name type { ofType { name } } } } }')
    const pence = res.data.__type.fields.find((f: any) => f.name === 'pence')
    expect(pence.type.ofType.name).toBe('SafeInt')
  })
})
