import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@libsql/client'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'consultwatch-foi-cli-'))
const db = `file:${join(dir, 'cli.db')}`
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function cli(...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', ...args], { cwd: root, encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('npm run ingest -- foi', () => {
  // Each step runs the real CLI in a process of its own: several seconds each on a loaded machine.
  it('loads, then reports each file as one JSON line, with exit codes 0, 1 and 2', { timeout: 180_000 }, async () => {
    expect(cli('data', '--db', db).code).toBe(0)
    const log = join(dir, 'log.csv')
    writeFileSync(log, 'Reference,Date received,Summary,Outcome\nR1,01/02/2024,Interim chief executive costs,Released\n')
    const ok = cli('foi', log, `${root}data/foi/dclg-tribal-total-place-contracts.yaml`, '--body', 'barnet', '--db', db, '--json')
    expect(ok.code).toBe(0)
    const reports = ok.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(reports.map((r) => [r.file, r.status, r.format])).toEqual([
      ['log.csv', 'ingested', 'disclosure-log-csv'],
      // ingest data already landed data/foi/ with the dataset: the same record again changes nothing.
      ['dclg-tribal-total-place-contracts.yaml', 'unchanged', 'foi-record'],
    ])
    expect(reports[0].consultancy).toBe(1)

    // A dry run reports what would land, and writes nothing.
    const other = join(dir, 'other.csv')
    writeFileSync(other, 'Reference,Date received,Summary,Outcome\nR2,02/02/2024,Outsourcing of parking enforcement,Refused\n')
    const dry = cli('foi', other, '--body', 'barnet', '--db', db, '--json', '--dry-run')
    expect(dry.code).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({ status: 'ingested', dryRun: true, requests: 1, consultancy: 1 })
    const client = createClient({ url: db })
    const counted = await client.execute(`SELECT count(*) AS n FROM foi_requests WHERE reference = 'R2'`)
    client.close()
    expect(Number(counted.rows[0]!.n)).toBe(0)

    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{"published": ')
    const refused = cli('foi', broken, '--body', 'barnet', '--db', db)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/refused[\s\S]*BAD_JSON/)

    expect(cli('foi', log, '--format', 'pdf', '--db', db).code).toBe(2)
    expect(cli('foi', '--db', db).code).toBe(2)
  })
})
