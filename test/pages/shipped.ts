// A database filled exactly as `npm start` fills it on a fresh clone: `npm run ingest -- start`
// (the curated data/, then every shipped spend file in data/spend/), in a temp folder. The README's
// worked examples and the pictures in docs/ are of this data.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export interface ShippedDb {
  path: string
  url: string
  close(): void
}

/** Runs what `npm start` runs before serving, into a new file; throws with its output if it fails. */
export function openShippedDb(): ShippedDb {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-shipped-'))
  const path = join(dir, 'consultwatch.db')
  const url = `file:${path}`
  const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'start', '--db', url], { cwd: root, encoding: 'utf8' })
  // `start` exits 0 whatever happened (the server must come up): a refused file shows in its output.
  if (run.status !== 0 || /: refused \(|did not load|were not ingested/.test(run.stderr)) throw new Error(`ingest start failed (${run.status}):\n${run.stdout}\n${run.stderr}`)
  return { path, url, close: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The shipped files of one publisher, as data/spend/MANIFEST.tsv lists them. */
export function shippedFilesOf(body: string): Array<{ file: string; period: string; rows: number; total: string }> {
  const [head = '', ...lines] = readFileSync(join(root, 'data/spend/MANIFEST.tsv'), 'utf8').trim().split('\n')
  const at = (name: string) => head.split('\t').indexOf(name)
  return lines
    .map((l) => l.split('\t'))
    .filter((c) => c[at('body')] === body)
    .map((c) => ({ file: c[at('file')]!, period: c[at('period')]!, rows: Number(c[at('payment_rows')]), total: c[at('totals')]! }))
}
