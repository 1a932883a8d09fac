// Real spend files for the answers tests: Manchester (12 months), Salford (8) and Oxford's
// April–June 2014 quarter, ingested through the real CLI in one run, and their contents read
// independently of our ingest (papaparse, plain sums) so expectations never come from our code.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { openTestApi, type TestApi } from '../helpers/db'
import { realdataDir } from '../helpers/shared'

const root = fileURLToPath(new URL('../../', import.meta.url))

export const corpus = (folder: string) =>
  readdirSync(`${realdataDir}corpus/${folder}`).filter((f) => f.endsWith('.csv')).sort().map((f) => `${realdataDir}corpus/${folder}/${f}`)
export const oxford2014 = `${realdataDir}oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv`

export async function openRealSpendApi(): Promise<TestApi> {
  const t = await openTestApi()
  const files = [...corpus('manchester'), ...corpus('salford'), oxford2014]
  const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'spend', ...files, '--db', t.url, '--json'], { cwd: root, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`ingest failed (${run.status}):\n${run.stdout}\n${run.stderr}`)
  return t
}

/** Rows of a simple published CSV (header row first), as objects. */
export function csvRows(file: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(readFileSync(file, 'latin1'), { header: true, skipEmptyLines: true }).data
}

/** "1,234.56" / "1234.5" → pence, exactly. */
export function pence(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[£,\s]/g, ''))
  if (!m) throw new Error(`not an amount: ${text}`)
  const p = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -p : p
}

/** Parses a CSV answer of ours into objects. */
export function parseCsv(text: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data
}
