import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app'
import { memoryRateLimiter } from '../../api/http/rate-limit'
import { openTestDb, type TestDb } from '../helpers/db'

describe('rate limiting on Node (in-memory limiter)', () => {
  let t: TestDb
  let clock = 0
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    t = await openTestDb({ dataset: false })
    const limiter = memoryRateLimiter({ limit: 3, periodSeconds: 60, now: () => clock })
    app = createApp({ db: () => t.db, rateLimiter: () => limiter })
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
