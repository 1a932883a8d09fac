import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { applyLocal, writeSeed } from '../../ingest/d1/command'
import type { Runtime } from './graphql'
import { freePort } from './server'

const root = fileURLToPath(new URL('../../', import.meta.url))

export interface WorkerRuntime extends Runtime {
  url: string
  /** The wrangler config and local state this instance runs on, for `wrangler d1 execute`. */
  config: string
  persist: string
  log(): string
  stop(): Promise<void>
}

/**
 * The Worker in real workerd (`wrangler dev`), on a free port, over a local D1 seeded from the
 * libsql database at `dbUrl` the same way `npm run dev:worker` seeds it.
 * `toml` edits the project's wrangler.toml for this run (e.g. a lower rate limit).
 */
export async function startWorker({ dbUrl, toml = (t) => t }: { dbUrl: string; toml?: (text: string) => string }): Promise<WorkerRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-worker-'))
  const config = join(dir, 'wrangler.toml')
  writeFileSync(config, toml(readFileSync(join(root, 'wrangler.toml'), 'utf8')).replace(/^main = .*$/m, `main = "${join(root, 'api/worker.ts')}"`))
  const seed = join(dir, 'seed.sql')
  await writeSeed(dbUrl, seed)
  const persist = join(dir, 'state')
  if (applyLocal(seed, persist, config) !== 0) throw new Error('wrangler d1 execute failed; see stderr above')

  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawn(
    'npx',
    ['wrangler', 'dev', '--config', config, '--persist-to', persist, '--port', String(port), '--ip', '127.0.0.1', '--log-level', 'warn'],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  )
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    rmSync(dir, { recursive: true, force: true })
  }

  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.status === 200) break
    } catch {}
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`wrangler dev did not answer /healthz within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }

  return { name: 'workerd', url, config, persist, fetch: (path, init) => fetch(`${url}${path}`, init), log: () => output, stop }
}
