// One measured run, in its own process so its peak RSS is its own. Prints one JSON line.
//   ours <csv> <db>            `ingest spend` on the file (writer thread, as the command does)
//   baseline <rows> <db>       the same payments, pre-built in memory, inserted raw
//   floor <ours-db> <db>       the writer's SQLite work alone for the payments `ours` landed
import { rmSync } from 'node:fs'
import { BENCH_BODY, generateRows } from './generate'
import { configureLanding, openLandingDatabase } from '../ingest/spend/database'
import { ingestSpendFile } from '../ingest/spend/ingest'
import { INSERT_PAYMENT, ROWS_PER_INSERT } from '../ingest/spend/load'
import { rollupStatements } from '../ingest/spend/rollup'
import { insertSql } from '../ingest/spend/sql'
import { getTableName } from 'drizzle-orm'
import { bodies, payments, sources, spendFiles, supplierAliases, suppliers } from '../schema/tables'

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

/** A new, migrated database at `dbPath`, opened through the driver with the landing's settings. */
async function emptyLandingDb(dbPath: string) {
  fresh(dbPath)
  ;(await openLandingDatabase(`file:${dbPath}`)).close()
  const Database = (await import('libsql')).default
  const db = new Database(dbPath)
  configureLanding(db)
  return db
}

/**
 * The raw reference: the payments the generator made, as ready values (no CSV, no decoding, no
 * parsing, no normalising, no resolving, no rollups), inserted with one prepared statement in
 * one transaction, through the same driver, schema and connection settings as ours.
 */
async function baseline(count: number, dbPath: string) {
  const db = await emptyLandingDb(dbPath)
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

/**
 * The least the writer's one connection must do to land the payments `ours` landed, nothing
 * parsed: the very rows (read back from `ours`'s database, untimed), inserted through the same
 * driver as the landing inserts them (ROWS_PER_INSERT rows a statement, file and body as
 * literals, payments' secondary indexes set aside and built after), then the same rollup
 * statements. SQLite takes one writer at a time, so no second thread can share this work: it is
 * a floor under any ingest that keeps the same tables, indexes and rollups.
 */
async function floor(oursDb: string, dbPath: string) {
  const db = await emptyLandingDb(dbPath)
  db.exec(`ATTACH DATABASE '${oursDb.replace(/'/g, "''")}' AS ours`)
  // What the payments point at, copied untimed; the rollups start empty, as on a first landing.
  for (const table of [bodies, sources, spendFiles, suppliers, supplierAliases].map(getTableName)) {
    db.exec(`INSERT OR IGNORE INTO main."${table}" SELECT * FROM ours."${table}"`)
  }
  const { id: fileId, bodyId } = db.prepare(`SELECT id, body_id AS bodyId FROM main."${getTableName(spendFiles)}"`).get() as { id: number; bodyId: string }
  const keys = ['line', 'supplierId', 'supplierMatch', 'supplierRef', 'payeeName', 'payeeClass', 'paidOn', 'paidPrecision', 'amountPence', 'currency',
    'vatBasis', 'vatPence', 'expenseCategory', 'expenseType', 'expenseCode', 'serviceArea', 'serviceDivision', 'description', 'transactionRef',
    'capitalOrRevenue', 'consultancyRule', 'duplicateOf'] as const satisfies readonly (keyof typeof payments.$inferInsert)[]
  // As the landing does: a column empty in every row is left out of the statements (NULL by default).
  const table = `ours."${getTableName(payments)}"`
  const bound = keys.filter((k) => db.prepare(`SELECT 1 FROM ${table} WHERE "${payments[k].name}" IS NOT NULL LIMIT 1`).get() !== undefined)
  const rows = db.prepare(`SELECT ${bound.map((k) => `"${payments[k].name}"`).join(', ')} FROM ${table} ORDER BY id`).raw(true).all() as unknown[][]
  db.exec('DETACH DATABASE ours')
  const many = db.prepare(insertSql(payments, bound, ROWS_PER_INSERT, { spendFileId: fileId, bodyId }))
  const one = db.prepare(insertSql(payments, bound, 1, { spendFileId: fileId, bodyId }))
  const cpu = () => {
    const used = process.cpuUsage()
    return (used.user + used.system) / 1e6
  }
  const stages: Record<string, number> = {}
  const started = performance.now()
  let mark = cpu()
  const lap = (name: string) => {
    const now = cpu()
    stages[name] = Math.round((now - mark) * 100) / 100
    mark = now
  }
  db.exec('BEGIN IMMEDIATE')
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(getTableName(payments)) as Array<{ name: string; sql: string }>
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`)
  let i = 0
  for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) many.run(rows.slice(i, i + ROWS_PER_INSERT).flat())
  for (; i < rows.length; i++) one.run(rows[i])
  lap('insert')
  for (const index of indexes) db.exec(index.sql)
  lap('indexes')
  for (const statement of rollupStatements(fileId, 1)) db.prepare(statement.sql).run(statement.args as never)
  lap('rollups')
  db.exec('COMMIT')
  lap('commit')
  const seconds = (performance.now() - started) / 1000
  db.close()
  return { rows: rows.length, seconds, cpuSeconds: stages }
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2)
  const result = mode === 'ours' ? await ours(a!, b!) : mode === 'baseline' ? await baseline(Number(a), b!) : mode === 'floor' ? await floor(a!, b!) : null
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
