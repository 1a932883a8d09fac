// `npm run dev:worker` seeds the local D1 from what the Node side landed. `ingest start` always
// exits 0 (so `npm start` serves what it has), so it alone can't stop the seeding when data/ is
// refused: the Worker would then serve the last good data as if it were the edited data/. The
// script loads data/ with `ingest data` first, whose refusal exits non-zero, and chains with &&.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanUp, dataCopy } from './helpers'

afterEach(cleanUp)

const root = fileURLToPath(new URL('../../../', import.meta.url))
const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['dev:worker'] ?? ''
const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'ingest/cli.ts', ...args], { cwd: root, encoding: 'utf8' })

describe('npm run dev:worker on a refused data/', () => {
  it('loads data/ with a command that fails on a refusal, before seeding the local D1, all chained with &&', () => {
    const steps = script.slice(0, script.indexOf('ingest/cli.ts d1')).split('&&').map((s) => s.trim())
    expect(script).toContain('ingest/cli.ts d1 --apply-local')
    expect(steps).toContain('tsx ingest/cli.ts data')
    expect(script.slice(0, script.indexOf('ingest/cli.ts d1'))).not.toMatch(/;|\|\|/)
  })

  it('ingest data exits non-zero on a refused data/, where ingest start exits 0', async () => {
    const copy = await dataCopy()
    await copy.edit('contracts.yaml', (records) => {
      records[0]!.status = 'no-such-status'
    })
    const db = `file:${join(mkdtempSync(join(tmpdir(), 'consultwatch-devworker-')), 'local.db')}`
    const empty = mkdtempSync(join(tmpdir(), 'consultwatch-nospend-'))
    const data = cli('data', '--dir', copy.dir, '--db', db)
    expect(data.status, data.stderr).not.toBe(0)
    expect(data.stderr + data.stdout).toContain('contracts.yaml')
    const start = cli('start', '--data', copy.dir, '--spend', empty, '--db', db)
    expect(start.status, start.stderr).toBe(0)
  }, 120_000)
})
