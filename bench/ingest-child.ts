// One measured run, in its own process so its peak RSS is its own. Prints one JSON line.
//   ours <csv> <db>            `ingest spend` on the file (writer thread, as the command does)
//   baseline <rows> <db>       the same payments, pre-built in memory, inserted raw
import { rmSync } from 'node:fs'
import { BENCH_BODY, generateRows } from './generate'
import { configureLanding, openLandingDatabase } from '../ingest/spend/database'
import { ingestSpendFile } from '../ingest/spend/ingest'
import { INSERT_PAYMENT } from '../ingest/spend/load'

function fresh(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
}

async function ours(csv: string, dbPath: string) {
  fresh(dbPath)
  const database = await openLandingDatabase(`file:${dbPath}`)
  const started = performance.now()
  const report = await ingestSpendFile(database, csv, { newBody: { name: BENCH_BODY, gssCode: null, kind: 'other' } })
  const seconds = (performance.now() - started) / 1000
  database.close()
  if (report.status !== 'ingested') throw new Error(`ingest ${report.status}: ${JSON.stringify(report.errors.slice(0, 3))}`)
  return { rows: report.rowsRead, accepted: report.accepted, rejected: report.rejected, skipped: report.skipped, totals: report.totals, fileTotal: report.fileTotal, seconds }
}

/**
 * The raw reference: the payments the generator made, as ready values (no CSV, no decoding, no
 * parsing, no normalising, no resolving, no rollups), inserted with one prepared statement in
 * one transaction, through the same driver, schema and connection settings as ours.
 */
async function baseline(count: number, dbPath: string) {
  fresh(dbPath)
  ;(await openLandingDatabase(`file:${dbPath}`)).close()
  const Database = (await import('libsql')).default
  const db = new Database(dbPath)
  configureLanding(db)
  db.exec(`INSERT INTO bodies (id, name, kind) VALUES ('bench', '${BENCH_BODY}', 'other');
    INSERT INTO sources (id, kind, title, publisher, licence) VALUES ('bench', 'spend_file', 'bench', 'bench', 'bench');
    INSERT INTO spend_files (id, source_id, body_id, file_name, sha256, encoding, delimiter, header_line, columns, rows_read, accepted, rejected, skipped, totals_pence, ingested_at)
      VALUES (1, 'bench', 'bench', 'bench', 'bench', 'windows-1252', ',', 2, '{}', 0, 0, 0, 0, '{}', '')`)
  const rows: unknown[][] = []
  for (const r of generateRows(count)) {
    if (r.kind !== 'payment') continue
    rows.push([
      1, r.line, 'bench', r.redacted ? null : r.payeeName, r.redacted ? null : 'exact', null, r.payeeName, r.redacted ? 'redacted' : 'supplier',
      r.paidOn, r.paidOn ? 'day' : 'unknown', r.amountPence, 'GBP', 'net', null, r.expenseCategory, r.expenseType, null,
      r.serviceArea, r.serviceDivision, r.description, r.transactionRef, r.cells[8] === 'C' ? 'capital' : 'revenue', null,
    ])
  }
  const insert = db.prepare(INSERT_PAYMENT)
  const started = performance.now()
  db.exec('BEGIN IMMEDIATE')
  for (const row of rows) insert.run(row)
  db.exec('COMMIT')
  const seconds = (performance.now() - started) / 1000
  db.close()
  return { rows: rows.length, seconds }
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2)
  const result = mode === 'ours' ? await ours(a!, b!) : mode === 'baseline' ? await baseline(Number(a), b!) : null
  if (!result) throw new Error(`unknown mode ${mode}`)
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
