import { createClient } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app'
import { dbFromLibsql } from '../../schema/client'
import { openTestDb, type TestDb } from '../helpers/db'

describe('the time budget of a request', () => {
  let t: TestDb
  let slow: ReturnType<typeof createClient>
  beforeAll(async () => {
    t = await openTestDb()
    // The same database through a client whose every statement takes 300 ms: a slow disk or a far replica.
    slow = createClient({ url: t.url })
    const execute = slow.execute.bind(slow)
    slow.execute = (async (...args: Parameters<typeof execute>) => {
      await new Promise((r) => setTimeout(r, 300))
      return execute(...args)
    }) as typeof slow.execute
  })
  afterAll(() => {
    slow.close()
    t.close()
  })

  it('answers 503 REQUEST_TIMEOUT with a JSON body once the budget is spent, and the server keeps answering', async () => {
    const db = dbFromLibsql(slow)
    const app = createApp({ db: () => db, timeBudgetMs: 100 })
    const res = await app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ bodies(first: 5) { totalCount } }' }) })
    expect(res.status).toBe(503)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const body = (await res.json()) as any
    expect(body.errors[0].extensions.code).toBe('REQUEST_TIMEOUT')
    expect(body.errors[0].message).toMatch(/0\.1 s/)
    const fast = createApp({ db: () => t.db, timeBudgetMs: 100 })
    expect((await fast.request('/healthz')).status).toBe(200)
  })

  it('leaves a request within its budget alone', async () => {
    const app = createApp({ db: () => t.db, timeBudgetMs: 5_000 })
    const res = await app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ bodies(first: 5) { totalCount } }' }) })
    expect(res.status).toBe(200)
  })
})
