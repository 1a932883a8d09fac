import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('npm start on a machine with no database yet', () => {
  let dir: string
  let child: ChildProcess
  let url: string
  let output = ''
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consultwatch-start-'))
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    // The database file's folder does not exist yet: the first run must create it.
    child = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'new', 'consultwatch.db')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    child.stdout?.on('data', (d) => (output += d))
    child.stderr?.on('data', (d) => (output += d))
    const deadline = Date.now() + 60_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`)
      const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false)
      if (ok) break
      if (Date.now() > deadline) throw new Error(`npm start did not answer /healthz in 60 s:\n${output}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }, 90_000)
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates, migrates and loads the database, then answers the published contract query over HTTP', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ contracts(filter: { supplier: "impower" }) { totalCount edges { node { value { pence currency vatBasis } buyer { name } } } } }' }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.data.contracts.totalCount).toBe(1)
    expect(body.data.contracts.edges[0].node.value.pence).toBe(200000000)
    expect(output).toMatch(/loaded/)
  })
})
