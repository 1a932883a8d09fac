import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryCache } from '../../api/http/cache'
import { meta } from '../../schema/tables'
import { openTestApi, type TestApi } from '../helpers/db'

describe('the Node server’s answer cache', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ app: { cache: { store: memoryCache(), maxAgeSeconds: 60 } } })
  })
  afterAll(() => t.close())

  const post = (query: string, accept = 'application/json') =>
    t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) })

  it('answers a repeated query from the cache without running SQL for it, and new data retires the answer', async () => {
    const query = '{ bodies(first: 5) { totalCount edges { node { name } } } }'
    const first = await post(query)
    expect(first.headers.get('x-cache')).toBe('MISS')
    const body = await first.text()
    t.sql.length = 0
    const second = await post(query)
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(await second.text()).toBe(body)
    // Only the data-version lookup ran.
    expect(t.sql).toHaveLength(1)
    expect(t.sql[0]).toMatch(/from "meta"/)

    await t.db.update(meta).set({ value: 'changed-by-test' })
    expect((await post(query)).headers.get('x-cache')).toBe('MISS')
  })

  it('keeps answers for different Accept headers apart', async () => {
    const query = '{ totalPlacePilots { totalCount } }'
    await post(query, 'application/json')
    const other = await post(query, 'application/graphql-response+json')
    expect(other.headers.get('x-cache')).toBe('MISS')
    expect(other.headers.get('content-type')).toMatch(/application\/graphql-response\+json/)
  })
})
