import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Spawned, spawnServer } from '../helpers/server'

describe('npm start on a machine with no database yet', () => {
  let dir: string
  let server: Spawned
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consultwatch-start-'))
    // The database file's folder does not exist yet: the first run must create it.
    server = await spawnServer(['npm', 'start'], { DATABASE_URL: `file:${join(dir, 'new', 'consultwatch.db')}` })
  }, 90_000)
  afterAll(() => {
    server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates, migrates and loads the database, then answers the published contract query over HTTP', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ contracts(filter: { supplier: "impower" }) { totalCount edges { node { value { pence currency vatBasis } buyer { name } } } } }' }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.data.contracts.totalCount).toBe(1)
    expect(body.data.contracts.edges[0].node.value.pence).toBe(200000000)
    expect(server.output()).toMatch(/loaded/)
  })
})
