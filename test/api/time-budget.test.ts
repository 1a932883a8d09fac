import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from '../helpers/db'

const QUERY = '{ bodies(first: 5) { totalCount edges { node { name contracts(first: 2) { totalCount edges { node { title } } } } } } }'
const post = (t: TestApi) =>
  t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) })

describe('the time budget of a request, through the synchronous driver npm start uses', () => {
  // A clock the test moves: each read is `step` ms after the last. A whole request through the
  // synchronous driver is one event-loop task, so only a synchronous check can see time pass.
  let clock = 0
  let step = 0
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ app: { timeBudgetMs: 100, clock: () => (clock += step) } })
  })
  afterAll(() => t.close())

  it('answers 503 REQUEST_TIMEOUT with a JSON body once the budget is spent inside one task, and stops executing', async () => {
    step = 30
    t.sql.length = 0
    const res = await post(t)
    expect(res.status).toBe(503)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('retry-after')).toBe('5')
    const body = (await res.json()) as any
    expect(body.errors[0].extensions.code).toBe('REQUEST_TIMEOUT')
    expect(body.errors[0].message).toMatch(/0\.1 s/)
    expect(JSON.stringify(body)).not.toMatch(/select |SQLITE/i)
    // The server keeps answering.
    expect((await t.app.request('/healthz')).status).toBe(200)
  })

  it('leaves a request within its budget alone', async () => {
    step = 0
    const res = await post(t)
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.errors).toBeUndefined()
    expect(body.data.bodies.edges).toHaveLength(5)
  })
})
