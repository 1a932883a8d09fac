// Landing a file in the database: one transaction per file, rows written in bounded batches
// through the synchronous `libsql` driver (the same SQLite file the API later reads through
// @libsql/client), on a writer thread when the database is a file (writer.ts). Everything here
// runs between begin() and commit()/rollback(); a refused file leaves nothing behind.
import type Database from 'libsql'
import type { Currency, DatePrecision, PayeeClass, SupplierMatchMethod, VatBasis } from '../../schema/tables/enums'
import { detach } from '../resolve/detach'
import { promoteStatements } from './duplicates'
import { PenceSum } from './parse'
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

const PAYMENT_COLUMNS = [
  'spend_file_id', 'line', 'body_id', 'supplier_id', 'supplier_match', 'supplier_ref', 'payee_name', 'payee_class',
  'paid_on', 'paid_precision', 'amount_pence', 'currency', 'vat_basis', 'vat_pence', 'expense_category',
  'expense_type', 'expense_code', 'service_area', 'service_division', 'description', 'transaction_ref',
  'capital_or_revenue', 'consultancy_rule', 'duplicate_of',
]
export const PAYMENT_WIDTH = PAYMENT_COLUMNS.length
export const INSERT_PAYMENT = `INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')}) VALUES (${PAYMENT_COLUMNS.map(() => '?').join(', ')})`
const INSERT_REJECT = 'INSERT INTO spend_rejects (spend_file_id, line, "column", code, message, raw) VALUES (?, ?, ?, ?, ?, ?)'
const UPSERT_MONTHLY = `INSERT INTO spend_monthly (body_id, payee_key, month, expense_type, consultancy, currency, vat_basis, total_pence, payments)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (body_id, payee_key, month, expense_type, consultancy, currency, vat_basis)
  DO UPDATE SET total_pence = total_pence + excluded.total_pence, payments = payments + excluded.payments`

/** Payments handed to the writer at a time. */
const SEND_ROWS = 256
/** Rollup cells held in memory before they are added to spend_monthly: keeps memory flat whatever the file. */
const ROLLUP_CELLS = 200_000
const CURRENCY_BITS: Record<Currency, number> = { GBP: 0, EUR: 1, USD: 2 }
const VAT_BASIS_IDS: Record<VatBasis, number> = { net: 0, gross: 1, unknown: 2 }

/** The rollup key of a payment: the same expressions retire() uses in SQL. */
export interface RollupKey {
  payeeKey: string
  month: string
  expenseType: string
  consultancy: boolean
  currency: Currency
  vatBasis: VatBasis
}

interface RollupCell extends RollupKey {
  total: PenceSum
}

/**
 * One file's landing. Reads (what is already there) go to `db`; every write goes to `writer`,
 * inside one transaction that commit() ends and rollback() undoes.
 */
export class Landing {
  private readonly buffer: unknown[] = []
  private buffered = 0
  /** Rollup cells by payee key, then by a small integer of month, expense type, consultancy and currency. */
  private readonly rollup = new Map<string, Map<number, RollupCell>>()
  private cells = 0
  private readonly monthIds = new Map<string, number>()
  private readonly dayMonth = new Map<string, number>()
  private readonly typeIds = new Map<string, number>()
  private fileId = 0
  private bodyId = ''

  constructor(
    readonly db: Database.Database,
    readonly writer: Writer,
  ) {}

  static findBySha(db: Database.Database, sha256: string): SpendFileRecord | undefined {
    return db.prepare(`${SELECT_FILE} WHERE sha256 = ?`).get(sha256) as SpendFileRecord | undefined
  }

  /**
   * The body's files that are still ingested. Read before the landing starts: once a large
   * transaction spills to the database file, other connections cannot read until it commits.
   */
  static ingestedFiles(db: Database.Database, bodyId: string): SpendFileRecord[] {
    return db.prepare(`${SELECT_FILE} WHERE body_id = ? AND status = 'ingested' ORDER BY id`).all(bodyId) as SpendFileRecord[]
  }

  /** Of `files`, those a new file would duplicate: the same stated period, or the same file name. */
  static conflicts(
    files: readonly SpendFileRecord[],
    period: { start: string; end: string } | null,
    fileName: string,
    sha256: string,
  ): SpendFileRecord[] {
    return files.filter(
      (f) =>
        f.sha256 !== sha256 &&
        ((period !== null && f.periodStart === period.start && f.periodEnd === period.end) || f.fileName === fileName),
    )
  }

  /** Starts the transaction, waiting for the write lock (busy_timeout) before anything is read for it. */
  async begin(): Promise<void> {
    this.writer.exec('BEGIN IMMEDIATE')
    await this.writer.flush()
  }

  async commit(): Promise<void> {
    this.writer.exec('COMMIT')
    await this.writer.flush()
  }

  async rollback(): Promise<void> {
    await this.writer.rollback()
  }

  insertSource(source: { id: string; title: string; publisher: string; licence: string; url: string | null; retrievedOn: string }): void {
    this.writer.run(
      "INSERT INTO sources (id, kind, title, publisher, url, licence, retrieved_on) VALUES (?, 'spend_file', ?, ?, ?, ?, ?)",
      [source.id, source.title, source.publisher, source.url, source.licence, source.retrievedOn],
    )
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
    this.writer.run(
      `INSERT INTO spend_files (id, source_id, body_id, file_name, sha256, encoding, delimiter, header_line, columns,
         rows_read, accepted, rejected, skipped, totals, ingested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '{}', ?)`,
      [this.fileId, file.sourceId, file.bodyId, file.fileName, file.sha256, file.encoding, file.delimiter, file.headerLine, file.columns, file.ingestedAt],
    )
    return this.fileId
  }

  addPayment(p: PaymentRecord): void {
    this.buffer.push(
      this.fileId, p.line, this.bodyId, p.supplierId, p.supplierMatch, p.supplierRef, p.payeeName, p.payeeClass,
      p.paidOn, p.paidPrecision, p.amountPence, p.currency, p.vatBasis, p.vatPence, p.expenseCategory,
      p.expenseType, p.expenseCode, p.serviceArea, p.serviceDivision, p.description, p.transactionRef,
      p.capitalOrRevenue, p.consultancyRule, p.duplicateOf,
    )
    if (++this.buffered === SEND_ROWS) this.flush()
    if (p.duplicateOf === null) this.roll(p)
  }

  // The rollup cell of a payment, found through small ids of its parts: one lookup per part
  // instead of hashing a joined string per row.
  private roll(p: PaymentRecord): void {
    const payeeKey = p.supplierId ?? (p.payeeClass === 'redacted' ? '~redacted' : '~individual')
    let month = p.paidOn === null ? 0 : this.dayMonth.get(p.paidOn)
    if (month === undefined) {
      month = this.intern(this.monthIds, p.paidOn!.slice(0, 7))
      this.dayMonth.set(p.paidOn!, month)
    }
    const type = this.intern(this.typeIds, p.expenseType ?? '')
    if (month >= 1 << 10 || type >= 1 << 14) {
      this.applyRollup()
      return this.roll(p)
    }
    const consultancy = p.consultancyRule !== null
    const id = (((month << 14) | type) * 8 + (consultancy ? 4 : 0) + CURRENCY_BITS[p.currency]) * 3 + VAT_BASIS_IDS[p.vatBasis]
    let cells = this.rollup.get(payeeKey)
    if (!cells) this.rollup.set(payeeKey, (cells = new Map()))
    let cell = cells.get(id)
    if (!cell) {
      if (this.cells >= ROLLUP_CELLS) {
        this.applyRollup()
        return this.roll(p)
      }
      cell = {
        payeeKey,
        month: p.paidOn === null ? 'unknown' : p.paidOn.slice(0, 7),
        expenseType: detach(p.expenseType ?? ''),
        consultancy,
        currency: p.currency,
        vatBasis: p.vatBasis,
        total: new PenceSum(),
      }
      cells.set(id, cell)
      this.cells++
    }
    cell.total.add(p.amountPence)
  }

  private intern(ids: Map<string, number>, text: string): number {
    let id = ids.get(text)
    if (id === undefined) {
      id = ids.size + 1
      ids.set(detach(text), id)
    }
    return id
  }

  addReject(r: RejectRecord): void {
    this.writer.run(INSERT_REJECT, [this.fileId, r.line, r.column, r.code, r.message, r.raw])
  }

  /** Hands the buffered payments to the writer. */
  flush(): void {
    if (this.buffered === 0) return
    this.writer.runEach(INSERT_PAYMENT, this.buffer, PAYMENT_WIDTH)
    this.buffer.length = 0
    this.buffered = 0
  }

  /** Waits while the writer is behind, so rows never pile up in memory. */
  ready(): Promise<void> {
    return this.writer.ready()
  }

  /** Adds the payments held so far to spend_monthly (called as the map fills, and at the end). */
  applyRollup(): void {
    let flat: unknown[] = []
    for (const cells of this.rollup.values()) {
      for (const c of cells.values()) {
        flat.push(this.bodyId, c.payeeKey, c.month, c.expenseType, c.consultancy ? 1 : 0, c.currency, c.vatBasis, c.total.value, c.total.count)
        if (flat.length >= SEND_ROWS * 9) {
          this.writer.runEach(UPSERT_MONTHLY, flat, 9)
          flat = []
        }
      }
    }
    if (flat.length) this.writer.runEach(UPSERT_MONTHLY, flat, 9)
    this.rollup.clear()
    this.cells = 0
    this.monthIds.clear()
    this.dayMonth.clear()
    this.typeIds.clear()
  }

  /**
   * Takes an ingested file out: its payments leave spend_monthly and payments, its rejects go,
   * and its spend_files row stays as history with status 'replaced'.
   */
  retire(file: SpendFileRecord): void {
    // Rows of other files that repeated this file's payments are the payment now (issue-8 review).
    for (const s of promoteStatements(file.id)) this.writer.run(s.sql, s.args)
    this.writer.run(
      `INSERT INTO spend_monthly (body_id, payee_key, month, expense_type, consultancy, currency, vat_basis, total_pence, payments)
       SELECT body_id, COALESCE(supplier_id, '~' || payee_class), COALESCE(substr(paid_on, 1, 7), 'unknown'),
              COALESCE(expense_type, ''), consultancy_rule IS NOT NULL, currency, vat_basis, -SUM(amount_pence), -COUNT(*)
       FROM payments WHERE spend_file_id = ? AND duplicate_of IS NULL
       GROUP BY 1, 2, 3, 4, 5, 6, 7
       ON CONFLICT (body_id, payee_key, month, expense_type, consultancy, currency, vat_basis)
       DO UPDATE SET total_pence = total_pence + excluded.total_pence, payments = payments + excluded.payments`,
      [file.id],
    )
    this.writer.run('DELETE FROM spend_monthly WHERE payments <= 0')
    this.writer.run('DELETE FROM payments WHERE spend_file_id = ?', [file.id])
    this.writer.run('DELETE FROM spend_rejects WHERE spend_file_id = ?', [file.id])
    this.writer.run("UPDATE spend_files SET status = 'replaced' WHERE id = ?", [file.id])
  }

  /** Removes a replaced file's history row (and its source) so the same bytes can land again. */
  forget(file: SpendFileRecord): void {
    this.writer.run('DELETE FROM payments WHERE spend_file_id = ?', [file.id])
    this.writer.run('DELETE FROM spend_rejects WHERE spend_file_id = ?', [file.id])
    this.writer.run('DELETE FROM spend_files WHERE id = ?', [file.id])
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
    totals: string
    statedTotal: string | null
    statedTotalMatches: boolean | null
    warnings: string
  }): void {
    this.writer.run(
      `UPDATE spend_files SET period_start = ?, period_end = ?, rows_read = ?, accepted = ?, rejected = ?, skipped = ?,
         totals = ?, stated_total = ?, stated_total_matches = ?, warnings = ? WHERE id = ?`,
      [
        values.periodStart, values.periodEnd, values.rowsRead, values.accepted, values.rejected, values.skipped,
        values.totals, values.statedTotal, values.statedTotalMatches === null ? null : values.statedTotalMatches ? 1 : 0,
        values.warnings, this.fileId,
      ],
    )
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

const SELECT_FILE = `SELECT id, body_id AS bodyId, file_name AS fileName, sha256, status, period_start AS periodStart,
  period_end AS periodEnd, ingested_at AS ingestedAt, source_id AS sourceId FROM spend_files`
