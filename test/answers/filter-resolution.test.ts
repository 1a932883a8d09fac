// A name filter stands for ONE entity before any sum is made: "hull" must not add Solihull into
// Hull's total. Candidates come from the shipped bodies list (data/bodies.yaml via the test db),
// not from expectations written here.
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'

const fixture = fileURLToPath(new URL('../pages/fixtures/hostile-supplier.csv', import.meta.url))
const ORIGIN = 'http://consultwatch.test'

describe('spend filters resolve names to one entity', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ spend: [{ file: fixture, body: 'preston' }] })
  })
  afterAll(() => t.close())

  const bodiesContaining = (text: string) =>
    t.db.all<{ id: string; name: string }>(sql`SELECT id, name FROM bodies WHERE name LIKE ${`%${text}%`} UNION SELECT b.id, b.name FROM body_aliases a JOIN bodies b ON b.id = a.body_id WHERE a.alias LIKE ${`%${text}%`}`)

  it('text inside several bodies is BAD_FILTER naming each candidate with its id', async () => {
    const hits = await bodiesContaining('hull')
    expect(hits.length).toBeGreaterThan(1)
    // The exact id wins over the contains-match.
    const exact = await gql(t.rt, '{ spend(filter: { body: "hull" }, groupBy: [BODY]) { totalCount } }')
    expect(exact.errors).toBeUndefined()
    const partial = await gql(t.rt, '{ spend(filter: { body: "ull" }, groupBy: [BODY]) { totalCount } }')
    expect(partial.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
    for (const b of (await bodiesContaining('ull')).slice(0, 2)) expect(partial.errors?.[0]?.message).toContain(b.id)
  })

  it('text matching no body is BAD_FILTER, not £0.00', async () => {
    const res = await gql(t.rt, '{ spend(filter: { body: "manchster" }, groupBy: []) { grandTotal { pence } } }')
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
    expect(res.errors?.[0]?.message).toMatch(/matches no body/)
    const embed = await t.app.request(`${ORIGIN}/embed/figure?body=manchster`)
    expect(embed.status).toBe(400)
    expect(await embed.text()).toMatch(/matches no body/)
    const csv = await t.app.request(`${ORIGIN}/v1/spend.csv?groupBy=supplier&body=ull`)
    expect(csv.status).toBe(400)
  })

  it('an exact name, case aside, selects that one body; a unique fragment selects its body', async () => {
    const preston = await t.db.get<{ name: string }>(sql`SELECT name FROM bodies WHERE id = 'preston'`)
    const byId = await gql(t.rt, '{ spend(filter: { body: "preston" }, groupBy: []) { grandTotal { pence } grandPayments } }')
    const byName = await gql(t.rt, '{ spend(filter: { body: $n }, groupBy: []) { grandTotal { pence } grandPayments } }'.replace('$n', JSON.stringify(preston?.name.toUpperCase())))
    expect(byId.errors).toBeUndefined()
    expect(byName.data).toEqual(byId.data)
    expect(byId.data.spend.grandPayments).toBeGreaterThan(0)
  })

  it('a supplier fragment inside several supplier names is refused, not summed', async () => {
    const res = await gql(t.rt, '{ spend(filter: { supplier: "Ltd" }, groupBy: []) { grandTotal { pence } } }')
    const n = await t.db.get<{ n: number }>(sql`SELECT COUNT(DISTINCT id) AS n FROM (SELECT id FROM suppliers WHERE name LIKE '%Ltd%' UNION SELECT supplier_id FROM supplier_aliases WHERE raw_name LIKE '%Ltd%')`)
    if ((n?.n ?? 0) > 1) expect(res.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
    else expect(res.errors).toBeUndefined()
  })

  it('malformed escapes in page and oEmbed URLs are client errors, never 500', async () => {
    for (const path of ['/bodies/%E0%A4%A', '/suppliers/%E0%A4%A', `/oembed?url=${encodeURIComponent(`${ORIGIN}/bodies/%E0%A4%A`)}&format=json`]) {
      const res = await t.app.request(`${ORIGIN}${path}`)
      expect([400, 404], path).toContain(res.status)
    }
  })

  it('spend offset cursors hold whole numbers 0..1e9 only', async () => {
    for (const offset of ['99999999999999999999', '-5', '1.5', '1000000001']) {
      const after = btoa(`OffsetConnection:${offset}`)
      const res = await gql(t.rt, `{ spend(groupBy: [BODY], after: ${JSON.stringify(after)}) { totalCount } }`)
      expect(res.errors?.[0]?.extensions?.code, offset).toBe('BAD_USER_INPUT')
    }
    const ok = await gql(t.rt, `{ spend(groupBy: [BODY], after: ${JSON.stringify(btoa('OffsetConnection:0'))}) { totalCount } }`)
    expect(ok.errors).toBeUndefined()
  })
})
