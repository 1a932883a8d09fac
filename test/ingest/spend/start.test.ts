import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createClient } from '@libsql/client'
import Database from 'libsql'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runStartCommand } from '../../../ingest/start'
import { dbFromLibsql } from '../../../schema/client'
import { migrate } from '../../../schema/migrate'

const shipped = join(import.meta.dirname, '../../../data/spend')
const bodiesYaml = readFileSync(join(import.meta.dirname, '../../../data/bodies.yaml'), 'utf8')

let dir: string
let err: string[]
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consultwatch-start-'))
  err = []
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
})
afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

/** A spend folder holding the shipped files whose path matches `pattern`, with their manifest lines. */
function spendFolder(pattern: RegExp): string {
  const to = join(dir, 'spend')
  const [head, ...lines] = readFileSync(join(shipped, 'MANIFEST.tsv'), 'utf8').trim().split('\n')
  const chosen = lines.filter((l) => pattern.test(l.split('\t')[0]!))
  for (const l of chosen) {
    const file = l.split('\t')[0]!
    mkdirSync(dirname(join(to, file)), { recursive: true })
    copyFileSync(join(shipped, file), join(to, file))
  }
  writeFileSync(join(to, 'MANIFEST.tsv'), [head, ...chosen].join('\n'))
  return to
}

describe('ingest start (what npm start runs first)', () => {
  it('exits 0 and still ingests the shipped files when the curated dataset clashes with an ingested body', async () => {
    const url = `file:${join(dir, 'db', 'x.db')}`
    mkdirSync(join(dir, 'db'))
    const client = createClient({ url })
    await migrate(dbFromLibsql(client))
    // An ingested body holding a curated body's name under another id: data/ refuses to load.
    const curated = /id: (\S+)\n\s+name: (Manchester City Council)/.exec(bodiesYaml)!
    await client.execute({ sql: "INSERT INTO bodies (id, name, kind, origin) VALUES ('not-the-curated-id', ?, 'other', 'ingest')", args: [curated[2]!] })
    client.close()

    const code = await runStartCommand(['--db', url, '--spend', spendFolder(/^manchester\/manchester_2011-0[45]/)])
    expect(code).toBe(0)
    expect(err.join('')).toMatch(/already belongs to ingested body/)
    expect(err.join('')).toMatch(/did not load/)
    const db = new Database(join(dir, 'db', 'x.db'))
    expect(db.prepare("SELECT COUNT(*) AS n FROM spend_files WHERE status = 'ingested'").all()).toEqual([{ n: 2 }])
    db.close()
  })
})
