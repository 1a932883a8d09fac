import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { type Output, runDataCommand } from '../../../ingest/data/command'
import { readDataset } from '../../../ingest/data/read'
import { cleanUp, dataCopy, dataDir, tempDir } from './helpers'

afterEach(cleanUp)

function capture(): Output & { lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] }
  return { lines, out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) }
}

describe('npm run ingest -- data', () => {
  it('creates the database folder, loads once, then skips until forced', async () => {
    const url = `file:${join(await tempDir(), 'nested', 'folder', 'cw.db')}`
    const dataset = await readDataset(dataDir)

    const first = capture()
    expect(await runDataCommand(['--db', url, '--dir', dataDir], first)).toBe(0)
    expect(existsSync(url.slice('file:'.length))).toBe(true)
    expect(first.lines.out).toEqual([expect.stringMatching(new RegExp(`^data: loaded data:${dataset.hash.slice(0, 12)}:\\d+: ${dataset.sources.length} sources, ${dataset.bodies.length} bodies`))])

    const second = capture()
    expect(await runDataCommand(['--db', url, '--dir', dataDir], second)).toBe(0)
    expect(second.lines.out).toEqual([`data: unchanged (${dataset.hash.slice(0, 12)}), nothing to load; --force loads it again`])

    const forced = capture()
    expect(await runDataCommand(['--db', url, '--dir', dataDir, '--force'], forced)).toBe(0)
    expect(forced.lines.out[0]).toMatch(/^data: loaded /)

    const client = createClient({ url })
    const meta = await client.execute(`SELECT value FROM meta WHERE key = 'dataset_hash'`)
    client.close()
    expect(meta.rows[0]?.value).toBe(dataset.hash)
  })

  it('prints each problem as <dir>/<file>: <record>: <reason> and exits 1', async () => {
    const url = `file:${join(await tempDir(), 'cw.db')}`
    const copy = await dataCopy()
    let id = ''
    await copy.edit('claims.yaml', (records) => {
      id = String(records[0]?.id)
      if (records[0]) records[0].low = '8.1m'
    })
    const io = capture()
    expect(await runDataCommand(['--db', url, '--dir', copy.dir], io)).toBe(1)
    expect(io.lines.err).toEqual([
      `${copy.dir}/claims.yaml: ${id}: low: bad money "8.1m": write pounds as digits with at most two decimals, no £, commas or "m"/"k" (e.g. "8100000")`,
      'data: not loaded (1 problem)',
    ])
    expect(io.lines.out).toEqual([])
  })

  it('refuses unknown options with usage and exit code 2', async () => {
    const io = capture()
    expect(await runDataCommand(['--nope'], io)).toBe(2)
    expect(io.lines.err.join('\n')).toContain('usage: npm run ingest -- data')
  })
})
