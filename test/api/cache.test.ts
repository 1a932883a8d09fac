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

describe('the answer cache and what a body means', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ app: { cache: { store: memoryCache(), maxAgeSeconds: 60 } } })
  })
  afterAll(() => t.close())

  it('never answers a POST without a JSON content type from the cache, however its body matches a cached one', async () => {
    const body = JSON.stringify({ query: '{ sources { totalCount } }' })
    const first = await t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(first.status).toBe(200)
    const again = await t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(again.headers.get('x-cache')).toBe('HIT')
    // No content type at all: a byte body gets none from fetch.
    const bare = await t.app.request('/graphql', { method: 'POST', body: new TextEncoder().encode(body) })
    expect(bare.headers.get('content-type') ?? '').toMatch(/json/)
    expect(bare.status).toBe(415)
    expect(((await bare.json()) as any).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const plain = await t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })
    expect(plain.status).toBe(415)
  })

  it('keys a POST answer on its content type too', async () => {
    const body = JSON.stringify({ query: '{ programmes { totalCount } }' })
    await t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const charset = await t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body })
    expect(charset.status).toBe(200)
    expect(charset.headers.get('x-cache')).toBe('MISS')
  })
})
