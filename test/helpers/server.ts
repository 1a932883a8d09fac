import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export interface Spawned {
  url: string
  output(): string
  stop(): void
}

/** Runs `command` from the project root with PORT set to a free port; resolves once /healthz answers. */
export async function spawnServer(command: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Spawned> {
  const port = await freePort()
  let out = ''
  const [bin, ...args] = command as [string, ...string[]]
  const child: ChildProcess = spawn(bin, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))
  const url = `http://127.0.0.1:${port}`
  const stop = () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {}
    }
  }
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited (${child.exitCode}):\n${out}`)
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break
    if (Date.now() > deadline) {
      stop()
      throw new Error(`${command.join(' ')} did not answer /healthz in ${timeoutMs / 1000} s:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { url, output: () => out, stop }
}
