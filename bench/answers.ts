// `npm run bench -- answers [--rows 1000000] [--db <file>] [--keep] [--runs 40] [--json]`
// Builds a deterministic national-scale dataset (bench/answers-data.ts) through our own ingest
// CLI, then times the four documented query shapes through GraphQL in-process against the very
// SQL those queries run (captured from drizzle's logger), replayed directly on the same database
// through the same libsql client, in the same run. Figures: value = our p50 ms, baseline = direct
// SQL p50 ms, ratio = value ÷ baseline (lower is better), plus a -p99 figure per shape.
// EXPLAIN QUERY PLAN of every statement goes to stderr. Then a full payments export against a
// direct SELECT of the same rows (exportFigures). `--skip-export` leaves the export out.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createClient, type InValue } from '@libsql/client'
import { createApp } from '../api/app'
import { dbFromLibsql } from '../schema/client'
import { migrate } from '../schema/migrate'
import { BODIES, bodyId, bodyName, writeAnswersDataset, YEARS } from './answers-data'
import { printFigure, wantsJson } from './figure'

const root = fileURLToPath(new URL('../', import.meta.url))

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

type Timing = { p50: number; p99: number }

/**
 * Times ours and the baseline alternately, run by run: on a machine shared with other work, load
 * that comes and goes then falls on both alike instead of on whichever ran during it.
 */
async function timePair(runs: number, ours: () => Promise<unknown>, baseline: () => Promise<unknown>): Promise<[Timing, Timing]> {
  for (let i = 0; i < 3; i++) {
    await ours()
    await baseline()
  }
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < runs; i++) {
    for (const [work, samples] of (i % 2 ? [[baseline, b], [ours, a]] : [[ours, a], [baseline, b]]) as Array<[() => Promise<unknown>, number[]]>) {
      const t0 = performance.now()
      await work()
      samples.push(performance.now() - t0)
    }
  }
  const summary = (samples: number[]): Timing => {
    samples.sort((x, y) => x - y)
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) }
  }
  return [summary(a), summary(b)]
}

async function build(dbPath: string, rows: number, log: (s: string) => void): Promise<void> {
  const client = createClient({ url: `file:${dbPath}` })
  await migrate(dbFromLibsql(client))
  // The bodies exist before their files arrive, as a council's does; payments come through our ingest.
  const values = Array.from({ length: BODIES }, (_, i) => `('${bodyId(i)}', '${bodyName(i)}', 'district_council', 'ingest')`)
  await client.execute(`INSERT INTO bodies (id, name, kind, origin) VALUES ${values.join(', ')}`)
  client.close()
  const dir = mkdtempSync(join(tmpdir(), 'answers-bench-'))
  try {
    let t0 = performance.now()
    const files = await writeAnswersDataset(dir, rows)
    log(`generated ${files.length} files, ${rows.toLocaleString('en-GB')} payments, in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    t0 = performance.now()
    for (let i = 0; i < files.length; i += 400) {
      const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'spend', ...files.slice(i, i + 400), '--db', `file:${dbPath}`, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
      if (run.status !== 0) throw new Error(`ingest failed (${run.status}): ${run.stderr.slice(0, 2000)}`)
      log(`  ingested ${Math.min(i + 400, files.length)} / ${files.length} files`)
    }
    log(`ingest: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A full payments export, /v1/payments.csv with no filter, against one SELECT of the same rows
 * iterated straight off the file; each in a process of its own (bench/answers-export.ts) so
 * each peak RSS is its own. Figures: rows/s (ratio ours ÷ baseline, higher is better) and peak
 * RSS in MB (ratio ours ÷ baseline, lower is better).
 */
function exportFigures(dbPath: string, json: boolean, log: (s: string) => void): void {
  const run = (mode: 'csv' | 'sql') => {
    const child = spawnSync('npx', ['tsx', 'bench/answers-export.ts', dbPath, mode], { cwd: root, encoding: 'utf8' })
    if (child.status !== 0) throw new Error(`export bench (${mode}) failed: ${child.stderr.slice(0, 2000)}`)
    return JSON.parse(child.stdout.trim().split('\n').pop() as string) as { rows: number; ms: number; peakRssMb: number }
  }
  const ours = run('csv')
  const direct = run('sql')
  if (ours.rows !== direct.rows) throw new Error(`the export wrote ${ours.rows} payments, the direct SELECT read ${direct.rows}`)
  log(`export: ${ours.rows.toLocaleString('en-GB')} payments in ${(ours.ms / 1000).toFixed(1)} s (direct SELECT ${(direct.ms / 1000).toFixed(1)} s)`)
  const rate = (r: { rows: number; ms: number }) => r.rows / (r.ms / 1000)
  printFigure({ bench: 'answers', name: 'payments-export-rate', value: rate(ours), unit: 'rows/s', baseline: rate(direct), ratio: rate(ours) / rate(direct) }, json)
  printFigure({ bench: 'answers', name: 'payments-export-peak-rss', value: ours.peakRssMb, unit: 'MB', baseline: direct.peakRssMb, ratio: ours.peakRssMb / direct.peakRssMb }, json)
}

export async function runAnswersBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { rows: { type: 'string', default: '1000000' }, db: { type: 'string' }, keep: { type: 'boolean', default: false }, runs: { type: 'string', default: '40' }, json: { type: 'boolean', default: false }, 'skip-export': { type: 'boolean', default: false } },
  })
  const json = wantsJson(argv)
  const rows = Number(values.rows)
  const runs = Number(values.runs)
  const log = (s: string) => process.stderr.write(`${s}\n`)
  const dbPath = values.db ?? join(tmpdir(), `answers-bench-${rows}.db`)
  if (!existsSync(dbPath)) await build(dbPath, rows, log)
  else log(`reusing ${dbPath}`)

  const client = createClient({ url: `file:${dbPath}` })
  const captured: Array<{ sql: string; args: InValue[] }> = []
  let capturing = false
  const db = dbFromLibsql(client, { logger: { logQuery: (sql, params) => capturing && captured.push({ sql, args: params as InValue[] }) } })
  const app = createApp({ db: () => db })
  const counts = await client.execute('SELECT (SELECT COUNT(*) FROM payments) AS p, (SELECT COUNT(*) FROM suppliers) AS s, (SELECT COUNT(*) FROM spend_rollup) AS w, (SELECT COUNT(*) FROM spend_rollup_body) AS n, (SELECT COUNT(*) FROM spend_rollup_supplier) AS bs, (SELECT COUNT(*) FROM spend_rollup_year) AS bsy')
  log(`database: ${JSON.stringify(counts.rows[0])}`)
  // A file the ingest refused (it answers per file and carries on) would leave a smaller dataset than asked for.
  const expected = Math.max(1, Math.round(rows / (BODIES * YEARS))) * BODIES * YEARS
  if (Number(counts.rows[0]?.p) !== expected) throw new Error(`the database holds ${String(counts.rows[0]?.p)} payments, not the ${expected} generated: an ingest failed`)
  const body = bodyId(7)
  const top = await client.execute('SELECT supplier_id AS s FROM spend_rollup WHERE supplier_id IS NOT NULL GROUP BY 1 ORDER BY SUM(payments) DESC LIMIT 1')
  const supplier = String(top.rows[0]?.s)

  const shapes: Array<[string, string]> = [
    ['spend-by-supplier-one-body', `{ spend(filter: { body: "${body}" }, groupBy: [SUPPLIER], first: 20) { totalCount grandTotal { pence currency vatBasis } edges { node { supplier { name } payeeClass total { pence currency vatBasis } payments share } } } }`],
    ['consultancy-by-body-by-year', '{ spend(filter: { consultancyOnly: true }, groupBy: [BODY, FINANCIAL_YEAR], first: 100) { totalCount grandTotal { pence } edges { node { body { name } financialYear total { pence vatBasis } payments share } } } }'],
    ['supplier-profile', `{ spend(filter: { supplier: "${supplier}" }, groupBy: [BODY, FINANCIAL_YEAR], first: 100) { totalCount grandTotal { pence } edges { node { body { name } financialYear total { pence } payments } } } }`],
    ['time-series-one-body', `{ spendOverTime(interval: MONTH, filter: { body: "${body}" }) { periods points { period total { pence currency vatBasis } payments } undated { total { pence } payments } } }`],
  ]
  const ask = async (query: string) => {
    const res = await app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    const out = (await res.json()) as { errors?: unknown[] }
    if (out.errors) throw new Error(`${query}: ${JSON.stringify(out.errors)}`)
  }
  if (!json) console.log(`answers at ${rows.toLocaleString('en-GB')} payments (p50 over ${runs} runs; baseline: the same SQL run directly)`)
  for (const [name, query] of shapes) {
    captured.length = 0
    capturing = true
    await ask(query)
    capturing = false
    const statements = [...captured]
    for (const st of statements) {
      const plan = await client.execute({ sql: `EXPLAIN QUERY PLAN ${st.sql}`, args: st.args })
      log(`\n[${name}] ${st.sql.replace(/\s+/g, ' ').slice(0, 300)}\n${plan.rows.map((r) => `  ${String(r.detail)}`).join('\n')}`)
    }
    // The baseline runs the statements one after another, as the resolvers' awaits allow at best:
    // the fair floor for the same work.
    const [ours, direct] = await timePair(
      runs,
      () => ask(query),
      async () => {
        for (const st of statements) await client.execute(st)
      },
    )
    printFigure({ bench: 'answers', name, value: ours.p50, unit: 'ms', baseline: direct.p50, ratio: ours.p50 / direct.p50 }, json)
    printFigure({ bench: 'answers', name: `${name}-p99`, value: ours.p99, unit: 'ms', baseline: direct.p99, ratio: ours.p99 / direct.p99 }, json)
  }
  client.close()
  if (!values['skip-export']) exportFigures(dbPath, json, log)
  if (!values.keep && !values.db) rmSync(dbPath, { force: true })
  return 0
}
