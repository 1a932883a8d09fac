// The Node server as `npm start` runs it (real sockets, @hono/node-server): the attacks that
// depend on the transport — a chunked body, CORS on a first answer — and /healthz after each,
// in production mode.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MILLION_NODES } from '../contract/cases'
import { openTestDb, type TestDb } from '../helpers/db'
import { type Spawned, spawnServer } from '../helpers/server'

describe('the Node server over real sockets', () => {
  let t: TestDb
  let server: Spawned
  beforeAll(async () => {
    t = await openTestDb()
    // NODE_ENV=production as `npm start` sets it (vitest's 'test' would be inherited otherwise):
    // graphql-js then skips its check for a second copy of graphql, and the server must still start
    // with its resolvers wrapped (api/graphql.ts prepareSchema) and hold its limits.
    server = await spawnServer(['npx', 'tsx', 'api/node.ts'], { DATABASE_URL: t.url, NODE_ENV: 'production' })
  }, 90_000)
  afterAll(() => {
    server?.stop()
    t?.close()
  })

  const healthz = async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200)

  it('refuses a chunked POST with no Content-Length at the cap with 413 and a code, then answers /healthz', async () => {
    const url = new URL(`${server.url}/graphql`)
    const answer = await new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://campaign.example' } }, (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      })
      req.on('error', reject)
      expect(req.getHeader('content-length')).toBeUndefined()
      const chunk = 'x'.repeat(65536)
      for (let i = 0; i < 64; i++) req.write(chunk)
      req.end()
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE')
    expect(answer.headers['access-control-allow-origin']).toBe('*')
    await healthz()
  })

  it('puts CORS on a first, uncached answer and on an error', async () => {
    const headers = { 'content-type': 'application/json', origin: 'https://campaign.example' }
    const fresh = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: `{ bodies(first: 7) { totalCount } }` }) })
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get('x-cache')).toBe('MISS')
    expect(fresh.headers.get('access-control-allow-origin')).toBe('*')
    const error = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: '{ nope }' }) })
    expect(error.headers.get('access-control-allow-origin')).toBe('*')
    expect(((await error.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
  })

  it('refuses the million-node query and keeps answering', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: MILLION_NODES }) })
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY')
    await healthz()
  })
})
