import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app'
import { memoryRateLimiter } from '../../api/http/rate-limit'
import { openTestDb, type TestDb } from '../helpers/db'
import { type Spawned, spawnServer } from '../helpers/server'

describe('rate limiting on Node (in-memory limiter)', () => {
  let t: TestDb
  let clock = 0
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    t = await openTestDb({ dataset: false })
    const limiter = memoryRateLimiter({ limit: 3, periodSeconds: 60, now: () => clock })
    // As behind a trusted proxy: the client is the forwarded address.
    app = createApp({ db: () => t.db, rateLimiter: () => limiter, clientKey: (c) => c.req.header('x-forwarded-for') ?? 'none' })
  })
  afterAll(() => t.close())

  const ask = (ip: string) =>
    app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ query: '{ __typename }' }) })

  it('answers 429 with Retry-After once a client passes its limit, per client, until the window ends', async () => {
    expect([(await ask('10.0.0.1')).status, (await ask('10.0.0.1')).status, (await ask('10.0.0.1')).status]).toEqual([200, 200, 200])
    const limited = await ask('10.0.0.1')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(((await limited.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED')
    expect((await ask('10.0.0.2')).status).toBe(200)
    expect((await app.request('/healthz', { headers: { 'x-forwarded-for': '10.0.0.1' } })).status).toBe(200)
    clock += 45_000
    expect((await ask('10.0.0.1')).headers.get('retry-after')).toBe('15')
    clock += 15_000
    expect((await ask('10.0.0.1')).status).toBe(200)
  })
})

describe('the in-memory limiter keeps memory bounded', () => {
  it('forgets the oldest clients past maxClients, so a flood of new keys cannot grow it', async () => {
    const limiter = memoryRateLimiter({ limit: 1, periodSeconds: 60, now: () => 0, maxClients: 3 })
    expect((await limiter.limit('a')).success).toBe(true)
    expect((await limiter.limit('a')).success).toBe(false)
    for (const k of ['b', 'c', 'd']) await limiter.limit(k)
    // 'a' was the oldest of four: forgotten, so it starts a new window.
    expect((await limiter.limit('a')).success).toBe(true)
  })
})

describe('the Node server limits by socket address unless told it is behind a proxy', () => {
  let server: Spawned
  let t: TestDb
  beforeAll(async () => {
    t = await openTestDb()
    server = await spawnServer(['npx', 'tsx', 'api/node.ts'], { DATABASE_URL: t.url, RATE_LIMIT_REQUESTS: '3' })
  }, 90_000)
  afterAll(() => {
    server?.stop()
    t?.close()
  })

  it('a client cannot dodge the limit by sending a new X-Forwarded-For each time', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}`, 'cf-connecting-ip': `198.51.100.${i}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
  })
})
