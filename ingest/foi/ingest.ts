// One FOI file, start to finish: read the bytes, tell the format, map every entry, resolve the
// bodies, and land the file in one transaction, or nothing. Returns a report; never throws.
import { createHash } from 'node:crypto'
import { basename, dirname, resolve as resolvePath } from 'node:path'
import { TransactionRollbackError, sql } from 'drizzle-orm'
import Database from 'libsql'
import type { Db } from '../../schema/db'
import { toSql } from '../data/load'
import type { Statement } from '../data/statements'
import { configureLanding } from '../spend/database'
import { ingestSpendFile } from '../spend/ingest'
import { readContractList } from './contract-list'
import { readDirectory } from './directory'
import { planBodies, planRequests } from './list-land'
import { csvFormat, type ListContent, type ListProblem, readCsvList, readIcasework, readInfreemation, readWdtkBodiesJson } from './lists'
import { type PlanProblem, planRecord } from './record-land'
import { parseRecordFile } from './record'
import { detectFormat, type FoiFormat, FoiFileError, readFoiText } from './read'

export interface FoiOptions {
  /** --format: skip detection. */
  format?: FoiFormat | null
  /** --body: whose disclosure log this is (id, name or alias). */
  body?: string | null
  dryRun?: boolean
  /** The database file, for attachments read through the spend pipeline; null: attachments are refused. */
  databasePath?: string | null
  now?: () => Date
}

export interface FoiReport {
  file: string
  status: 'ingested' | 'unchanged' | 'refused'
  format: FoiFormat | null
  sha256: string | null
  dryRun: boolean
  /** Requests landed (lists), or records landed / replaced / unchanged (FOI records). */
  requests: number
  byStatus: Record<string, number>
  consultancy: number
  bodiesRegistered: Array<{ id: string; name: string }>
  bodiesNamed: number
  records: Array<{ id: string; status: 'landed' | 'replaced' | 'unchanged'; version: number; contracts: number; claims: number; outcomes: number; attachments: Array<{ file: string; spendFile: number | null; payments: number; status: string }> }>
  errors: Array<{ line: number | null; column: string | null; code: string; message: string }>
  warnings: string[]
}

const MAX_ERRORS = 50

function emptyReport(file: string, dryRun: boolean): FoiReport {
  return { file, status: 'refused', format: null, sha256: null, dryRun, requests: 0, byStatus: {}, consultancy: 0, bodiesRegistered: [], bodiesNamed: 0, records: [], errors: [], warnings: [] }
}

export async function ingestFoiFile(db: Db, path: string, options: FoiOptions = {}): Promise<FoiReport> {
  const report = emptyReport(basename(path), options.dryRun ?? false)
  try {
    await run(db, path, options, report)
  } catch (error) {
    report.status = 'refused'
    if (error instanceof FoiFileError) report.errors.unshift({ line: error.line, column: error.column, code: error.code, message: error.message })
    else {
      const message = error instanceof Error ? error.message : String(error)
      report.errors.unshift({ line: null, column: null, code: 'INTERNAL_ERROR', message: `ingest failed and nothing was written: ${message}` })
    }
  }
  return report
}

async function run(db: Db, path: string, options: FoiOptions, report: FoiReport): Promise<void> {
  const { sha256, text } = await readFoiText(path)
  report.sha256 = sha256
  const format = options.format ?? detectFormat(path, text, csvFormat)
  report.format = format
  const now = (options.now ?? (() => new Date()))()
  if (format === 'foi-record') return runRecords(db, path, text, options, report, now)

  const [seen] = await db.all<{ fileName: string; ingestedAt: string }>(sql`SELECT file_name AS fileName, ingested_at AS ingestedAt FROM foi_files WHERE sha256 = ${sha256}`)
  if (seen) {
    report.status = 'unchanged'
    report.warnings.push(`these exact bytes were ingested on ${seen.ingestedAt} as "${seen.fileName}"; nothing changed`)
    return
  }
  const content = readList(format, text)
  report.warnings.push(...content.warnings)
  const problems: ListProblem[] = [...content.problems]
  const dir = await readDirectory(db)
  const plan =
    'bodies' in content
      ? planBodies(content.bodies, dir, problems)
      : planRequests(content.requests, dir, { body: options.body ?? null, format }, problems)
  if (problems.length) return refuse(report, problems.map((p) => ({ ...p, code: 'BAD_ROW', message: p.reason })))
  Object.assign(report, {
    requests: plan.requests,
    byStatus: plan.byStatus,
    consultancy: plan.consultancy,
    bodiesRegistered: plan.bodiesRegistered,
    bodiesNamed: plan.bodiesNamed,
  })
  report.warnings.push(...plan.warnings)
  if (plan.matchedByDesignators.length) {
    const shown = plan.matchedByDesignators.slice(0, 5).map((m) => `"${m.name}" -> ${m.id}`).join(', ')
    report.warnings.push(`${plan.matchedByDesignators.length} names differ from a known body's only by designators and were read as it: ${shown}${plan.matchedByDesignators.length > 5 ? ', …' : ''}`)
  }
  if (plan.keptRecords) report.warnings.push(`${plan.keptRecords} requests are held by an FOI record or the curated data, which say more: left as they are`)
  if (plan.bodiesRegistered.length) report.warnings.push(`registered ${plan.bodiesRegistered.length} bodies we did not know (origin ingest): ${plan.bodiesRegistered.slice(0, 5).map((b) => `"${b.name}"`).join(', ')}${plan.bodiesRegistered.length > 5 ? ', …' : ''}`)
  const fileBody = options.body ? dir.bodies.resolve(options.body)?.id ?? null : null
  const counts = { requests: plan.requests, byStatus: plan.byStatus, consultancy: plan.consultancy, bodiesRegistered: plan.bodiesRegistered.length, bodiesNamed: plan.bodiesNamed }
  const statements: Statement[] = [
    ...plan.statements,
    {
      sql: 'INSERT INTO foi_files (sha256, file_name, format, body_id, counts, ingested_at) VALUES (?, ?, ?, ?, ?, ?)',
      params: [sha256, basename(path), format, fileBody, JSON.stringify(counts), now.toISOString()],
    },
    dataVersion(now, sha256),
  ]
  await land(db, statements, options.dryRun ?? false)
  report.status = 'ingested'
}

function readList(format: FoiFormat, text: string): ListContent {
  switch (format) {
    case 'wdtk-requests':
    case 'disclosure-log-csv':
    case 'wdtk-authorities':
      return readCsvList(text, format)
    case 'infreemation-json':
      return guardJson(() => readInfreemation(text))
    case 'wdtk-bodies-json':
      return guardJson(() => readWdtkBodiesJson(text))
    case 'icasework-xml':
      return readIcasework(text)
    case 'foi-record':
      throw new Error('FOI records are not lists')
  }
}

function guardJson(read: () => ListContent): ListContent {
  try {
    return read()
  } catch (error) {
    if (error instanceof FoiFileError) throw error
    throw new FoiFileError('BAD_JSON', `the JSON is not in the shape this format has: ${error instanceof Error ? error.message : String(error)}`)
  }
}

async function runRecords(db: Db, path: string, text: string, options: FoiOptions, report: FoiReport, now: Date): Promise<void> {
  const parsed = parseRecordFile(basename(path), text)
  if (parsed.problems.length) return refuse(report, parsed.problems.map((p) => ({ line: p.line, column: p.path || null, code: 'BAD_RECORD', reason: p.reason, message: p.reason })))
  const dir = await readDirectory(db)
  // Contract lists become contract facts of their record, read before planning so that a changed
  // table is a changed record (a new version), like any other change.
  for (const [i, r] of parsed.records.entries()) {
    const lists = r.record.attachments.filter((a) => a.as === 'contracts')
    if (!lists.length) continue
    const extra = []
    for (const a of lists) {
      // Workbooks are read only by the spend pipeline (ingestSpendFile), as payments; a contract
      // list is read here as text, so a workbook of contracts is saved as CSV first.
      if (/\.(?:xlsx|xlsm|xls|ods)$/i.test(a.file)) {
        return refuse(report, [{ line: r.line, column: 'attachments', code: 'BAD_ATTACHMENT', message: `attachment ${a.file}: a contract list is read from CSV; save the sheet as CSV, or attach a table of payments with as: payments (workbooks are read by the spend pipeline)` }])
      }
      const table = await readFoiText(resolvePath(dirname(path), a.file)).catch((error: unknown) => {
        throw error instanceof FoiFileError ? new FoiFileError(error.code, `attachment ${a.file}: ${error.message}`, r.line, 'attachments') : error
      })
      const own = new Set(r.record.facts.contracts.map((c) => c.id))
      const read = readContractList(table.text, r.record.id, (id) => own.has(id) || (dir.contracts.has(id) && dir.contracts.get(id) !== r.record.id))
      if (read.problems.length) return refuse(report, read.problems.map((p) => ({ line: p.line, column: `${a.file}${p.column ? `: ${p.column}` : ''}`, code: 'BAD_ATTACHMENT', message: p.reason })))
      extra.push(...read.facts)
    }
    const record = { ...r.record, facts: { ...r.record.facts, contracts: [...r.record.facts.contracts, ...extra] } }
    parsed.records[i] = { ...r, record, sha256: createHash('sha256').update(JSON.stringify(record)).digest('hex') }
  }
  const problems: PlanProblem[] = []
  const plans = parsed.records.map((r) => ({ parsed: r, plan: planRecord({ ...r, file: path }, dir, now, problems) }))
  if (problems.length) return refuse(report, problems.map((p) => ({ line: p.line, column: p.path || null, code: 'BAD_RECORD', message: p.reason })))

  // Attachments: tables the answer came with, read through the spend pipeline as the authority's payments.
  const changed = plans.filter((p) => p.plan.status !== 'unchanged')
  const withAttachments = changed.filter((p) => p.parsed.record.attachments.some((a) => a.as === 'payments'))
  const statements: Statement[] = changed.flatMap((p) => p.plan.statements)
  const attachmentReports = new Map<string, FoiReport['records'][number]['attachments']>()
  if (withAttachments.length) {
    if (!options.databasePath) throw new FoiFileError('ATTACHMENTS_NEED_FILE_DB', 'attachments are read through the spend pipeline, which needs a local database file (--db file:…)')
    const target = openSpendTarget(options.databasePath)
    try {
      // First a dry run of every table, so a table the spend pipeline refuses refuses the record before anything lands.
      for (const dryRun of [true, false]) {
        if (!dryRun && options.dryRun) break
        for (const { parsed: p } of withAttachments) {
          const authority = dir.bodies.resolve(p.record.authority)!.id
          const answerSource = p.record.answer.source ?? `foi-answer-${p.record.id}`
          const list: FoiReport['records'][number]['attachments'] = []
          for (const a of p.record.attachments) {
            const file = resolvePath(dirname(path), a.file)
            if (a.as === 'contracts') continue
            const spend = await ingestSpendFile(target, file, { body: authority, url: p.record.url ?? null, writer: 'direct', dryRun, now: () => now })
            if (spend.status === 'refused') {
              const why = spend.errors[0]
              throw new FoiFileError('ATTACHMENT_REFUSED', `attachment ${a.file} of record ${p.record.id}: ${why?.code ?? 'REFUSED'}: ${why?.message ?? 'refused by the spend pipeline'}`, why?.line ?? p.line, why?.column ?? 'attachments')
            }
            if (dryRun) continue
            const [row] = target.db.prepare('SELECT id, source_id AS sourceId, accepted FROM spend_files WHERE sha256 = ?').all(spend.sha256) as Array<{ id: number; sourceId: string; accepted: number }>
            if (!row) throw new Error(`attachment ${a.file} landed but its spend file is not found`)
            list.push({ file: a.file, spendFile: row.id, payments: row.accepted, status: spend.status })
            // Its payments' source is the FOI answer: the spend file's own source goes once nothing else cites it.
            statements.push({ sql: 'INSERT INTO foi_facts (foi_request_id, spend_file_id) VALUES (?, ?)', params: [p.record.id, row.id] })
            statements.push({ sql: 'UPDATE spend_files SET source_id = ? WHERE id = ?', params: [answerSource, row.id] })
            if (row.sourceId !== answerSource) {
              statements.push({
                sql: `DELETE FROM sources WHERE id = ? AND kind = 'spend_file' AND NOT EXISTS (SELECT 1 FROM spend_files WHERE source_id = ? AND id <> ?)
                        AND NOT EXISTS (SELECT 1 FROM citations WHERE source_id = ?) AND NOT EXISTS (SELECT 1 FROM supplier_aliases WHERE source_id = ?)
                        AND NOT EXISTS (SELECT 1 FROM body_aliases WHERE source_id = ?)`,
                params: [row.sourceId, row.sourceId, row.id, row.sourceId, row.sourceId, row.sourceId],
              })
            }
          }
          if (!dryRun) attachmentReports.set(p.record.id, list)
        }
      }
    } finally {
      target.db.close()
    }
  }
  if (statements.length) {
    statements.push(dataVersion(now, report.sha256 ?? ''))
    await land(db, statements, options.dryRun ?? false)
  }
  report.records = plans.map(({ plan }) => ({ id: plan.id, status: plan.status, version: plan.version, ...plan.counts, attachments: attachmentReports.get(plan.id) ?? [] }))
  report.requests = changed.length
  report.status = changed.length ? 'ingested' : 'unchanged'
}

function openSpendTarget(path: string): { db: Database.Database; path: string } {
  const db = new Database(path)
  configureLanding(db)
  return { db, path }
}

function refuse(report: FoiReport, problems: Array<{ line: number | null; column: string | null; code?: string; message?: string; reason?: string }>): void {
  report.status = 'refused'
  for (const p of problems.slice(0, MAX_ERRORS)) {
    report.errors.push({ line: p.line, column: p.column, code: p.code ?? 'BAD_ROW', message: p.message ?? p.reason ?? '' })
  }
  if (problems.length > MAX_ERRORS) report.warnings.push(`${problems.length - MAX_ERRORS} more problems not shown`)
}

function dataVersion(now: Date, sha256: string): Statement {
  return {
    sql: `INSERT INTO meta (key, value) VALUES ('data_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    params: [`foi:${sha256.slice(0, 12)}:${now.getTime()}`],
  }
}

/** One transaction (db.batch); a dry run does the work in a transaction it then rolls back. */
async function land(db: Db, statements: Statement[], dryRun: boolean): Promise<void> {
  const queries = statements.map((s) => db.run(toSql(s)))
  if (dryRun) {
    // A batch always commits; a dry run checks the statements inside a transaction it abandons.
    await db.transaction(async (tx) => {
      for (const s of statements) await tx.run(toSql(s))
      tx.rollback()
    }).catch((error: unknown) => {
      if (!(error instanceof TransactionRollbackError)) throw error
    })
    return
  }
  const [first, ...rest] = queries
  if (first) await db.batch([first, ...rest])
}
