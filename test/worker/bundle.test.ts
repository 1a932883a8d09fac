import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('the Worker bundle (npm run build:worker)', () => {
  let inputs: string[]
  let bundle: Buffer
  beforeAll(() => {
    const build = spawnSync('npm', ['run', '-s', 'build:worker'], { cwd: root, encoding: 'utf8' })
    expect(build.status, build.stderr).toBe(0)
    const meta = JSON.parse(readFileSync(`${root}dist/worker/meta.json`, 'utf8')) as { inputs: Record<string, { imports: Array<{ path: string }> }> }
    inputs = Object.keys(meta.inputs)
    bundle = readFileSync(`${root}dist/worker/worker.js`)
  }, 120_000)

  it('holds none of the Node-only code: no ingest/, no Node entry, no native libsql, no node: builtins', () => {
    expect(inputs.some((i) => i.includes('api/worker.ts'))).toBe(true)
    const offenders = inputs.filter(
      (i) => /(^|\/)ingest\//.test(i) || i.endsWith('api/node.ts') || /@hono\/node-server|node_modules\/libsql\/|@libsql\/(linux|darwin|win32)|better-sqlite3|render-graphiql/.test(i),
    )
    expect(offenders).toEqual([])
    // Builtins are not inputs; an import of one would stay in the bundle's text.
    expect(bundle.toString('utf8')).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["']node:/)
  })

  it('stays within the 1 MiB gzip budget', () => {
    expect(gzipSync(bundle).length).toBeLessThanOrEqual(1024 * 1024)
  })
})
