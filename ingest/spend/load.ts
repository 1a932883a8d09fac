// Landing a file in the database: one transaction per file, rows written in bounded batches
// through the synchronous `libsql` driver (the same SQLite file the API later reads through
// @libsql/client), on a writer thread when the database is a file (writer.ts). Everything here
// runs between begin() and commit()/rollback(); a refused file leaves nothing behind.
import { getTableColumns, getTableName } from 'drizzle-orm'
import type Database from 'libsql'
import { payments, sources, spendFiles, spendRejects } from '../../schema/tables'
import type { Currency, DatePrecision, PayeeClass, SupplierMatchMethod, VatBasis } from '../../schema/tables/enums'
import { promoteStatements, rollupStatements } from './rollup'
import { col, insertSql } from './sql'
import type { Writer } from './writer'

export interface SpendFileRecord {
  id: number
  bodyId: string
  fileName: string
  sha256: string
  status: 'ingested' | 'replaced'
  periodStart: string | null
  periodEnd: string | null
  ingestedAt: string
  sourceId: string
}

export interface PaymentRecord {
  line: number
  supplierId: string | null
  supplierMatch: SupplierMatchMethod | null
  supplierRef: string | null
  payeeName: string
  payeeClass: PayeeClass
  paidOn: string | null
  paidPrecision: DatePrecision
  amountPence: number
  currency: Currency
  vatBasis: VatBasis
  vatPence: number | null
  expenseCategory: string | null
  expenseType: string | null
  expenseCode: string | null
  serviceArea: string | null
  serviceDivision: string | null
  description: string | null
  transactionRef: string | null
  capitalOrRevenue: string | null
  consultancyRule: string | null
  /** An earlier payment of the body this row repeats: stored, never rolled up. */
  duplicateOf: number | null
}

export interface RejectRecord {
  line: number
  column: string | null
  code: string
  message: string
  raw: string
}

/** The payments columns, by their drizzle keys: a renamed column fails typecheck here. */
const PAYMENT_KEYS = [
  'spendFileId', 'line', 'bodyId', 'supplierId', 'supplierMatch', 'supplierRef', 'payeeName', 'payeeClass',
  'paidOn', 'paidPrecision', 'amountPence', 'currency', 'vatBasis', 'vatPence', 'expenseCategory',
  'expenseType', 'expenseCode', 'serviceArea', 'serviceDivision', 'description', 'transactionRef',
  'capitalOrRevenue', 'consultancyRule', 'duplicateOf',
] as const satisfies readonly (keyof typeof payments.$inferInsert)[]
/** One payment per statement, every column bound (the bench's raw baseline). */
export const INSERT_PAYMENT = insertSql(payments, PAYMENT_KEYS)

type RowKey = keyof PaymentRecord
/** The columns each row gives; the file and the body are the landing's, the same for every row. */
const ROW_KEYS = PAYMENT_KEYS.filter((k): k is Exclude<(typeof PAYMENT_KEYS)[number], 'spendFileId' | 'bodyId'> => k !== 'spendFileId' && k !== 'bodyId') satisfies RowKey[]
/**
 * Columns a file may leave empty in every row (no VAT column, no references, no duplicates …):
 * those the table lets be NULL and gives no default, so leaving one out of the INSERT stores NULL.
 */
const NULLABLE: ReadonlySet<RowKey> = new Set(
  ROW_KEYS.filter((k) => {
    const column = getTableColumns(payments)[k]
    return !column.notNull && !column.hasDefault
  }),
)
/** Payments per INSERT statement: one statement of many rows costs SQLite far less than many of one. */
export const ROWS_PER_INSERT = 64

/** The INSERTs of one file's payments: the columns its rows bind, the rest left NULL or written in as literals. */
interface PaymentShape {
  keys: readonly RowKey[]
  omitted: readonly RowKey[]
  one: string
  many: string
}
const INSERT_REJECT = insertSql(spendRejects, ['spendFileId', 'line', 'column', 'code', 'message', 'raw'])
const INSERT_SOURCE = insertSql(sources, ['id', 'kind', 'title', 'publisher', 'url', 'licence', 'retrievedOn'])
const INSERT_FILE = insertSql(spendFiles, [
  'id', 'sourceId', 'bodyId', 'fileName', 'sha256', 'encoding', 'delimiter', 'headerLine', 'columns',
  'rowsRead', 'accepted', 'rejected', 'skipped', 'totalsPence', 'ingestedAt',
])
const FINISH_KEYS = [
  'periodStart', 'periodEnd', 'rowsRead', 'accepted', 'rejected', 'skipped', 'totalsPence', 'statedTotalPence',
  'statedTotalMatches', 'warnings',
] as const satisfies readonly (keyof typeof spendFiles.$inferInsert)[]
const FINISH_FILE = `UPDATE ${getTableName(spendFiles)} SET ${FINISH_KEYS.map((k) => `${col(spendFiles, k)} = ?`).join(', ')} WHERE ${col(spendFiles, 'id')} = ?`

/** Files expected to hold fewer rows than this keep the payments indexes in step as they land. */
const BULK_ROWS = 50_000
/** Payments handed to the writer at a time. */
const SEND_ROWS = ROWS_PER_INSERT * 8

/**
 * One file's landing. Reads (what is already there) go to `db`; every write goes to `writer`,
 * inside one transaction that commit() ends and rollback() undoes.
 */
export class Landing {
  private pending: PaymentRecord[] = []
  private shape: PaymentShape | null = null
  private fileId = 0
  private bodyId = ''
  private droppedIndexes: Array<{ name: string; sql: string }> = []

  constructor(
    readonly db: Database.Database,
    readonly writer: Writer,
  ) {}

  static findBySha(db: Database.Database, sha256: string): SpendFileRecord | undefined {
    return db.prepare(`${SELECT_FILE} WHERE ${col(spendFiles, 'sha256')} = ?`).get(sha256) as SpendFileRecord | undefined
  }

  /**
   * The body's files that are still ingested. Read before the landing starts: once a large
   * transaction spills to the database file, other connections cannot read until it commits.
   */
  static ingestedFiles(db: Database.Database, bodyId: string): SpendFileRecord[] {
    return db
      .prepare(`${SELECT_FILE} WHERE ${col(spendFiles, 'bodyId')} = ? AND ${col(spendFiles, 'status')} = 'ingested' ORDER BY ${col(spendFiles, 'id')}`)
      .all(bodyId) as SpendFileRecord[]
  }

  /**
   * Of `files`, those a new file would stand in for: the same file name, unless both periods are
   * known and do not overlap. A file is its bytes: another file of the same period (card payments
   * beside invoices, a supplement, a quarter beside its months) is a file of its own.
   */
  static sameName(
    files: readonly SpendFileRecord[],
    fileName: string,
    sha256: string,
    period: { start: string; end: string } | null,
  ): SpendFileRecord[] {
    return files.filter(
      (f) =>
        f.sha256 !== sha256 &&
        f.fileName === fileName &&
        !(period && f.periodStart && f.periodEnd && (f.periodEnd < period.start || f.periodStart > period.end)),
    )
  }

  /** The ingested files `--replace <name>` names: by file name, or by sha256 (or its first 8+ hex digits). */
  static named(files: readonly SpendFileRecord[], name: string): SpendFileRecord[] {
    const hex = /^[0-9a-f]{8,64}$/i.test(name) ? name.toLowerCase() : null
    return files.filter((f) => f.fileName === name || (hex !== null && f.sha256.startsWith(hex)))
  }

  /**
   * Starts the transaction, waiting for the write lock (busy_timeout) before anything is read for
   * it. A file expected to hold at least as many rows as payments already does lands without the
   * payments' secondary indexes, which are built again, sorted, before anything reads by them:
   * keeping four B-trees in step row by row is most of an insert's cost, and building an index is
   * far cheaper than growing it one row at a time. The DDL is inside the transaction, so a refused
   * file leaves the indexes as they were.
   */
  async begin(estimatedRows = 0): Promise<void> {
    this.writer.exec('BEGIN IMMEDIATE')
    await this.writer.flush()
    if (estimatedRows < BULK_ROWS) return
    const { rows } = this.db.prepare(`SELECT COALESCE(MAX(${col(payments, 'id')}), 0) AS rows FROM ${getTableName(payments)}`).get() as { rows: number }
    if (estimatedRows < rows) return
    this.droppedIndexes = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
      .all(getTableName(payments)) as Array<{ name: string; sql: string }>
    for (const index of this.droppedIndexes) this.writer.exec(`DROP INDEX "${index.name}"`)
  }

  /** Builds the indexes begin() set aside, before the first statement that reads payments by them. */
  private restoreIndexes(): void {
    this.flush()
    for (const index of this.droppedIndexes) this.writer.exec(index.sql)
    this.droppedIndexes = []
  }

  async commit(): Promise<void> {
    this.writer.exec('COMMIT')
    await this.writer.flush()
  }

  async rollback(): Promise<void> {
    await this.writer.rollback()
  }

  insertSource(source: { id: string; title: string; publisher: string; licence: string; url: string | null; retrievedOn: string }): void {
    this.writer.run(INSERT_SOURCE, [source.id, 'spend_file', source.title, source.publisher, source.url, source.licence, source.retrievedOn])
  }

  /**
   * The spend_files row, written first so payments can point at it; counts are filled in by
   * finish(). Its id is chosen here: we hold the write lock, so nobody else can take it.
   */
  insertFile(file: {
    sourceId: string
    bodyId: string
    fileName: string
    sha256: string
    encoding: string
    delimiter: string
    headerLine: number
    columns: string
    ingestedAt: string
  }): number {
    // As AUTOINCREMENT would: past every id ever used, even by a file since forgotten.
    const next = this.db
      .prepare(
        `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'spend_files'), 0),
                    COALESCE((SELECT MAX(id) FROM spend_files), 0)) + 1 AS id`,
      )
      .all()[0] as { id: number }
    this.fileId = next.id
    this.bodyId = file.bodyId
    this.writer.run(INSERT_FILE, [
      this.fileId, file.sourceId, file.bodyId, file.fileName, file.sha256, file.encoding, file.delimiter, file.headerLine, file.columns,
      0, 0, 0, 0, '{}', file.ingestedAt,
    ])
    return this.fileId
  }

  addPayment(p: PaymentRecord): void {
    if (this.pending.push(p) === SEND_ROWS) this.flush()
  }

  addReject(r: RejectRecord): void {
    this.writer.run(INSERT_REJECT, [this.fileId, r.line, r.column, r.code, r.message, r.raw])
  }

  /**
   * Hands the held payments to the writer: whole multi-row statements, then the rest one by one.
   * Binding a value is most of what an insert costs through the driver, so a column empty in
   * every row of the file's first batch is left out of its statements (NULL is its default), and
   * the file and body are literals; a later row with a value in a left-out column brings every
   * column back for the rest of the file.
   */
  flush(): void {
    const rows = this.pending
    if (rows.length === 0) return
    this.pending = []
    if (this.shape === null) this.shape = this.shapeOf(ROW_KEYS.filter((k) => !NULLABLE.has(k) || rows.some((r) => r[k] !== null)))
    else if (this.shape.omitted.some((k) => rows.some((r) => r[k] !== null))) this.shape = this.shapeOf(ROW_KEYS)
    const { keys, one, many } = this.shape
    const width = keys.length
    const flat = new Array<unknown>(rows.length * width)
    let i = 0
    for (const row of rows) for (const key of keys) flat[i++] = row[key]
    const whole = (rows.length - (rows.length % ROWS_PER_INSERT)) * width
    if (whole) this.writer.runEach(many, whole === flat.length ? flat : flat.slice(0, whole), width * ROWS_PER_INSERT)
    if (whole < flat.length) this.writer.runEach(one, flat.slice(whole), width)
  }

  private shapeOf(keys: readonly RowKey[]): PaymentShape {
    const constants = { spendFileId: this.fileId, bodyId: this.bodyId }
    return {
      keys,
      omitted: ROW_KEYS.filter((k) => !keys.includes(k)),
      one: insertSql(payments, keys, 1, constants),
      many: insertSql(payments, keys, ROWS_PER_INSERT, constants),
    }
  }

  /** Waits while the writer is behind, so rows never pile up in memory. */
  ready(): Promise<void> {
    return this.writer.ready()
  }

  /** Adds the file's payments, all inserted by now, to the rollups: SQL over payments, nothing held here. */
  applyRollup(): void {
    this.restoreIndexes()
    for (const statement of rollupStatements(this.fileId, 1)) this.writer.run(statement.sql, statement.args)
  }

  /**
   * Takes an ingested file out: its payments leave the rollups and payments, its rejects go,
   * and its spend_files row stays as history with status 'replaced'.
   */
  retire(file: SpendFileRecord): void {
    this.restoreIndexes()
    // Rows of other files that repeated this file's payments are the payment now.
    for (const statement of promoteStatements(file.id)) this.writer.run(statement.sql, statement.args)
    for (const statement of rollupStatements(file.id, -1)) this.writer.run(statement.sql, statement.args)
    this.writer.run(DELETE_PAYMENTS, [file.id])
    this.writer.run(DELETE_REJECTS, [file.id])
    this.writer.run(`UPDATE ${SPEND_FILES} SET ${col(spendFiles, 'status')} = 'replaced' WHERE ${col(spendFiles, 'id')} = ?`, [file.id])
  }

  /** Removes a replaced file's history row (and its source) so the same bytes can land again. */
  forget(file: SpendFileRecord): void {
    this.writer.run(DELETE_PAYMENTS, [file.id])
    this.writer.run(DELETE_REJECTS, [file.id])
    this.writer.run(`DELETE FROM ${SPEND_FILES} WHERE ${col(spendFiles, 'id')} = ?`, [file.id])
    this.writer.run('UPDATE supplier_aliases SET source_id = NULL WHERE source_id = ?', [file.sourceId])
    this.writer.run('DELETE FROM sources WHERE id = ? AND NOT EXISTS (SELECT 1 FROM spend_files WHERE source_id = ?)', [file.sourceId, file.sourceId])
  }

  finish(values: {
    periodStart: string | null
    periodEnd: string | null
    rowsRead: number
    accepted: number
    rejected: number
    skipped: number
    /** Currency -> pence. */
    totalsPence: Record<string, number>
    statedTotalPence: number | null
    statedTotalMatches: boolean | null
    warnings: string
  }): void {
    this.writer.run(FINISH_FILE, [
      values.periodStart, values.periodEnd, values.rowsRead, values.accepted, values.rejected, values.skipped,
      JSON.stringify(values.totalsPence), values.statedTotalPence, values.statedTotalMatches === null ? null : values.statedTotalMatches ? 1 : 0,
      values.warnings, this.fileId,
    ])
  }

  /** The API's caches key on meta.data_version: every landing gives it a new value. */
  bumpDataVersion(sha256: string): string {
    const version = `spend:${sha256.slice(0, 12)}:${Date.now()}`
    this.writer.run(
      "INSERT INTO meta (key, value) VALUES ('data_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [version],
    )
    return version
  }
}

const SPEND_FILES = `"${getTableName(spendFiles)}"`
const FILE_RECORD_KEYS = ['id', 'bodyId', 'fileName', 'sha256', 'status', 'periodStart', 'periodEnd', 'ingestedAt', 'sourceId'] as const satisfies readonly (keyof SpendFileRecord & keyof typeof spendFiles.$inferSelect)[]
const SELECT_FILE = `SELECT ${FILE_RECORD_KEYS.map((k) => `${col(spendFiles, k)} AS "${k}"`).join(', ')} FROM ${SPEND_FILES}`
const DELETE_PAYMENTS = `DELETE FROM "${getTableName(payments)}" WHERE ${col(payments, 'spendFileId')} = ?`
const DELETE_REJECTS = `DELETE FROM "${getTableName(spendRejects)}" WHERE ${col(spendRejects, 'spendFileId')} = ?`
