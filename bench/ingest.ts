// `npm run bench -- ingest [--rows 1000000] [--big 5000000] [--dir <tmp>] [--keep] [--json]`
// Generates a messy spend file (not committed), then, each in its own process: our ingest, the
// writer floor (the payments it landed, stored again with nothing parsed), the raw insert
// baseline, `sqlite3 .import` of the same file, and our ingest of a file five times bigger to
// show that memory does not grow with the file.
// Figures (bench/figure.ts; ratio = ours ÷ baseline):
//   ingest-rows-per-second             ours vs `sqlite3 .import` of the same file (target ≥ 0.25)
//   ingest-writer-floor-rows-per-second the writer floor vs `.import`: the most any ingest keeping
//                                      our tables, indexes and rollups could reach
//   ingest-rows-per-second-vs-insert   ours vs the raw prepared-INSERT baseline (target ≥ 0.5)
//   ingest-peak-rss-mb                 the big file's peak RSS vs the first file's (target ≤ 1.2)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { printFigure, wantsJson } from './figure'
import { HEADER, writeSpendFile } from './generate'

const child = fileURLToPath(new URL('./ingest-child.ts', import.meta.url))

interface Measured {
  rows: number
  seconds: number
  maxRssMb: number
  accepted?: number
  rejected?: number
  skipped?: number
  totals?: Record<string, string>
  fileTotal?: { stated: string; matches: boolean } | null
  /** The floor's CPU seconds by stage. */
  cpuSeconds?: Record<string, number>
}

function measure(args: string[]): Measured {
  const run = spawnSync(process.execPath, [...process.execArgv, child, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (run.status !== 0) throw new Error(`${args[0]} run failed: ${run.stderr || run.stdout}`)
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measured
}

function sqliteImport(csv: string, dbPath: string): { seconds: number; rows: number } | string {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) return 'skipped: the sqlite3 CLI is not installed (Debian: apt-get install sqlite3)'
  rmSync(dbPath, { force: true })
  const columns = HEADER.map((_, i) => `c${i + 1} TEXT`).join(', ')
  const started = performance.now()
  const run = spawnSync('sqlite3', [dbPath, `CREATE TABLE raw (${columns});`, '.mode csv', `.import --skip 2 ${csv} raw`], { encoding: 'utf8' })
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) return `failed: ${run.stderr.trim()} (sqlite3 ${probe.stdout.trim()})`
  const count = spawnSync('sqlite3', [dbPath, 'SELECT COUNT(*) FROM raw'], { encoding: 'utf8' })
  rmSync(dbPath, { force: true })
  return { seconds, rows: Number(count.stdout.trim()) }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB')
const mb = (n: number) => `${Math.round(n)} MB`

export async function runIngestBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      big: { type: 'string', default: '5000000' },
      dir: { type: 'string', default: join(tmpdir(), 'consultwatch-bench') },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  const json = wantsJson(argv)
  const rows = Number(values.rows)
  const big = Number(values.big)
  const dir = values.dir!
  mkdirSync(dir, { recursive: true })
  const csv = join(dir, `spend-${rows}.csv`)
  // With --json, stdout carries the figures alone; the narrative goes to stderr.
  const out = (line = '') => (json ? process.stderr : process.stdout).write(`${line}\n`)

  out(`generating ${fmt(rows)} payment rows in ${csv} …`)
  const generated = await writeSpendFile(csv, rows)
  out(`  ${mb(generated.bytes / 1048576)}, Windows-1252, CRLF; ${fmt(generated.payments)} payments totalling £${generated.totalPence / 100n}.${String(generated.totalPence % 100n).padStart(2, '0')}`)
  out(`  machine: ${availableParallelism()} cores, node ${process.version}`)
  out()

  const ours = measure(['ours', csv, join(dir, 'ours.db')])
  const floor = measure(['floor', join(dir, 'ours.db'), join(dir, 'floor.db')])
  const raw = measure(['baseline', String(rows), join(dir, 'baseline.db')])
  const imported = sqliteImport(csv, join(dir, 'import.db'))
  const oursRate = ours.rows / ours.seconds
  const rawRate = raw.rows / raw.seconds
  const ratio = oursRate / rawRate

  const table: string[][] = [
    ['', 'rows', 'seconds', 'rows/s', 'peak RSS'],
    ['ours: ingest spend (read, decode, parse, map, resolve, classify, land, rollups)', fmt(ours.rows), ours.seconds.toFixed(1), fmt(oursRate), mb(ours.maxRssMb)],
    ['writer floor: the payments ours landed, inserted, indexed and rolled up, nothing parsed', fmt(floor.rows), floor.seconds.toFixed(1), fmt(floor.rows / floor.seconds), mb(floor.maxRssMb)],
    ['raw baseline: same payments, 1 prepared INSERT, 1 transaction, same libsql driver', fmt(raw.rows), raw.seconds.toFixed(1), fmt(rawRate), mb(raw.maxRssMb)],
  ]
  if (typeof imported === 'string') table.push(['sqlite3 .import (reference)', imported, '', '', ''])
  else table.push(['sqlite3 .import of the same file (reference, raw text table)', fmt(imported.rows), imported.seconds.toFixed(1), fmt(imported.rows / imported.seconds), ''])

  let bigResult: Measured | null = null
  if (big > 0) {
    const bigCsv = join(dir, `spend-${big}.csv`)
    out(`generating ${fmt(big)} rows for the memory check …`)
    const bigGenerated = await writeSpendFile(bigCsv, big)
    bigResult = measure(['ours', bigCsv, join(dir, 'ours-big.db')])
    table.push([`ours, ${fmt(big)}-row file (${mb(bigGenerated.bytes / 1048576)})`, fmt(bigResult.rows), bigResult.seconds.toFixed(1), fmt(bigResult.rows / bigResult.seconds), mb(bigResult.maxRssMb)])
    if (!values.keep) rmSync(bigCsv, { force: true })
    out()
  }

  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)))
  for (const row of table) out(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
  out()
  out(`ours accepted ${fmt(ours.accepted ?? 0)}, rejected ${fmt(ours.rejected ?? 0)}, skipped ${fmt(ours.skipped ?? 0)}; totals ${JSON.stringify(ours.totals)}; the file's own total ${ours.fileTotal?.matches ? 'matches' : 'DOES NOT match'}`)
  const importRate = typeof imported === 'string' ? null : imported.rows / imported.seconds
  const importRatio = importRate === null ? null : oursRate / importRate
  out(`ratio ours / sqlite3 .import: ${importRatio === null ? imported : `${importRatio.toFixed(2)}× (target ≥ 0.25×) ${importRatio >= 0.25 ? 'ok' : 'BELOW TARGET'}`}`)
  out(`ratio ours / raw baseline: ${ratio.toFixed(2)}× (target ≥ 0.5×) ${ratio >= 0.5 ? 'ok' : 'BELOW TARGET'}`)
  let ok = ratio >= 0.5 && (importRatio === null || importRatio >= 0.25)
  if (importRate !== null) {
    printFigure({ bench: 'ingest', name: 'ingest-rows-per-second', value: oursRate, unit: 'rows/s', baseline: importRate, ratio: importRatio! }, json)
  }
  if (importRate !== null) {
    // The ceiling: no ingest keeping these tables, indexes and rollups can land rows faster than
    // its one writing connection can store them.
    out(`writer floor, CPU seconds: ${Object.entries(floor.cpuSeconds ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}; the most any such ingest can reach is ${(floor.rows / floor.seconds / importRate).toFixed(2)}× of .import`)
    printFigure({ bench: 'ingest', name: 'ingest-writer-floor-rows-per-second', value: floor.rows / floor.seconds, unit: 'rows/s', baseline: importRate, ratio: floor.rows / floor.seconds / importRate }, json)
  }
  printFigure({ bench: 'ingest', name: 'ingest-rows-per-second-vs-insert', value: oursRate, unit: 'rows/s', baseline: rawRate, ratio }, json)
  if (bigResult) {
    const growth = bigResult.maxRssMb / ours.maxRssMb - 1
    const within = Math.abs(growth) <= 0.2
    ok &&= within
    out(`peak RSS ${fmt(rows)} rows: ${mb(ours.maxRssMb)}; ${fmt(big)} rows: ${mb(bigResult.maxRssMb)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%, target within 20%) ${within ? 'ok' : 'ABOVE TARGET'}`)
    printFigure({ bench: 'ingest', name: 'ingest-peak-rss-mb', value: bigResult.maxRssMb, unit: 'MB', baseline: ours.maxRssMb, ratio: bigResult.maxRssMb / ours.maxRssMb }, json)
  }
  if (!values.keep) {
    rmSync(csv, { force: true })
    for (const name of ['ours.db', 'ours-big.db', 'baseline.db', 'floor.db']) {
      for (const suffix of ['', '-journal', '-wal', '-shm']) if (existsSync(join(dir, name + suffix))) rmSync(join(dir, name + suffix))
    }
  } else {
    out(`kept ${csv} (${mb(statSync(csv).size / 1048576)})`)
  }
  return ok ? 0 : 1
}
