import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from '../helpers/db'
import { startWorker, type WorkerRuntime } from '../helpers/worker'

const LIMIT = 8

describe('edge behaviour in workerd: Cache API and the rate-limiting binding', () => {
  let t: TestDb
  let rt: WorkerRuntime
  beforeAll(async () => {
    t = await openTestDb()
    rt = await startWorker({ dbUrl: t.url, toml: (text) => text.replace(/simple = \{ limit = \d+, period = 60 \}/, `simple = { limit = ${LIMIT}, period = 60 }`) })
  }, 180_000)
  afterAll(async () => {
    await rt?.stop()
    t?.close()
  })

  it('serves a repeated GET from the Workers cache, and a new data version misses it', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ bodies { totalCount } }')}`
    const first = await rt.fetch(path)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-cache')).toBe('MISS')
    const body = await first.text()
    const second = await rt.fetch(path)
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(await second.text()).toBe(body)

    // New data (as an ingest would record it): the cache key changes, so the answer is recomputed.
    const bump = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--config', rt.config, '--persist-to', rt.persist, '--command', "UPDATE meta SET value = 'bumped-by-test' WHERE key = 'data_version'"], { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } })
    expect(bump.status, bump.stderr).toBe(0)
    // A second wrangler writing the local D1 can make `wrangler dev` drop the connection it had
    // open (seen on a loaded machine as "other side closed"): wait until it answers again.
    await answersAgain(rt)
    const third = await rt.fetch(path)
    expect(third.headers.get('x-cache')).toBe('MISS')
  })

  it('serves a repeated POSTed query from the cache too, never one with errors', async () => {
    const ask = (query: string) => rt.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    const query = '{ programmes(first: 3) { totalCount } }'
    expect((await ask(query)).headers.get('x-cache')).toBe('MISS')
    const again = await ask(query)
    expect(again.headers.get('x-cache')).toBe('HIT')
    expect(((await again.json()) as any).data.programmes.totalCount).toBeGreaterThan(3)
    const bad = '{ contracts(filter: { supplier: "" }) { totalCount } }'
    await ask(bad)
    expect((await ask(bad)).headers.get('x-cache')).toBeNull()
  })

  it(`answers 429 with Retry-After past ${LIMIT} requests a minute, and still answers /healthz`, async () => {
    const statuses: number[] = []
    let limited: Response | undefined
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await rt.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })
      statuses.push(res.status)
      if (res.status === 429) limited ??= res
      else await res.body?.cancel()
    }
    expect(statuses).toContain(429)
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await limited?.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED')
    expect((await rt.fetch('/healthz')).status).toBe(200)
  })
})

async function answersAgain(rt: WorkerRuntime): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    let why: unknown
    try {
      const res = await rt.fetch('/healthz')
      if (res.status === 200) return
      why = new Error(`/healthz answered ${res.status}`)
    } catch (error) {
      why = error
    }
    if (Date.now() > deadline) throw why
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
