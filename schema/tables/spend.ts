import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { currencies, datePrecisions, payeeClasses, spendFileStatuses, supplierMatchMethods, vatBases } from './enums'
import { sources } from './sources'
import { suppliers } from './suppliers'

/** One published spend file as ingested: its bytes' hash, how we read it, and its row accounting. */
export const spendFiles = sqliteTable('spend_files', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sourceId: text('source_id').notNull().references(() => sources.id),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  encoding: text('encoding').notNull(),
  delimiter: text('delimiter').notNull(),
  headerLine: integer('header_line').notNull(),
  /** JSON: our field -> the header it was read from. */
  columns: text('columns').notNull(),
  periodStart: text('period_start'),
  periodEnd: text('period_end'),
  rowsRead: integer('rows_read').notNull(),
  accepted: integer('accepted').notNull(),
  rejected: integer('rejected').notNull(),
  skipped: integer('skipped').notNull(),
  /** JSON: currency -> the counted rows' sum in integer pence (accepted rows, duplicates left out; exact: every sum fits a double's 2^53). */
  totalsPence: text('totals_pence').notNull().default('{}'),
  /** The file's own total row, in pence (of its one currency, or GBP); compared with every accepted row, duplicates included. */
  statedTotalPence: integer('stated_total_pence'),
  statedTotalMatches: integer('stated_total_matches', { mode: 'boolean' }),
  /** JSON array of warnings shown at ingest. */
  warnings: text('warnings').notNull().default('[]'),
  status: text('status', { enum: spendFileStatuses }).notNull().default('ingested'),
  ingestedAt: text('ingested_at').notNull(),
}, (t) => [
  uniqueIndex('spend_files_sha256_uq').on(t.sha256),
  index('spend_files_source_id_idx').on(t.sourceId),
  index('spend_files_body_id_idx').on(t.bodyId, t.periodStart),
])

/** One payment line of a spend file. Raw payee name kept; amounts signed (credits negative). */
export const payments = sqliteTable('payments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  spendFileId: integer('spend_file_id').notNull().references(() => spendFiles.id),
  line: integer('line').notNull(),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  supplierId: text('supplier_id').references(() => suppliers.id),
  /** How the raw payee name was matched to supplierId at ingest; null for redacted / individual payees. */
  supplierMatch: text('supplier_match', { enum: supplierMatchMethods }),
  /** The body's own id for the payee (e.g. Oxford's "Supplier ID"), as published. */
  supplierRef: text('supplier_ref'),
  payeeName: text('payee_name').notNull(),
  payeeClass: text('payee_class', { enum: payeeClasses }).notNull(),
  paidOn: text('paid_on'),
  paidPrecision: text('paid_precision', { enum: datePrecisions }).notNull(),
  amountPence: integer('amount_pence').notNull(),
  currency: text('currency', { enum: currencies }).notNull(),
  vatBasis: text('vat_basis', { enum: vatBases }).notNull(),
  /** VAT on this payment when the file has a VAT amount column. */
  vatPence: integer('vat_pence'),
  /** The broad heading when a file has two levels (Leeds: "Supplies and Services" over "Food & Drink"). */
  expenseCategory: text('expense_category'),
  expenseType: text('expense_type'),
  expenseCode: text('expense_code'),
  serviceArea: text('service_area'),
  serviceDivision: text('service_division'),
  description: text('description'),
  transactionRef: text('transaction_ref'),
  capitalOrRevenue: text('capital_or_revenue'),
  /** Id of the classification rule that marked this payment consultancy; null when none did. */
  consultancyRule: text('consultancy_rule'),
  /** Id of an earlier payment of the same body with the same date, amount, payee and reference: kept, never counted. */
  duplicateOf: integer('duplicate_of'),
}, (t) => [
  index('payments_spend_file_id_idx').on(t.spendFileId),
  // By body and by supplier: an export pages through a body's or a supplier's payments by id
  // (keyset) straight off the index, and ingest reads a body's earlier payments in id order. Every
  // index entry ends with the rowid (= id), so (body_id) serves `body_id = ? AND id > ? ORDER BY id`
  // as (body_id, id) did, 20-30% smaller and cheaper to build after a bulk load.
  // (paid_on here served nothing: the date filters compare an expression of it.)
  index('payments_body_idx').on(t.bodyId),
  index('payments_supplier_idx').on(t.supplierId),
  // Payments of one body to one supplier (listings, counts, answers with amount bounds or days);
  // the amount it also held served no query's plan.
  index('payments_body_supplier_idx').on(t.bodyId, t.supplierId),
  // Only the duplicates (few): retiring a file finds the rows that repeated its payments by it.
  // Without it each of promoteStatements' lookups scanned every payment (1.9 s a retire at 1M).
  index('payments_duplicate_of_idx').on(t.duplicateOf).where(sql`duplicate_of IS NOT NULL`),
])

/** A row we could not accept, kept verbatim so nothing published is lost. */
export const spendRejects = sqliteTable('spend_rejects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  spendFileId: integer('spend_file_id').notNull().references(() => spendFiles.id),
  line: integer('line').notNull(),
  column: text('column'),
  code: text('code').notNull(),
  message: text('message').notNull(),
  raw: text('raw').notNull(),
}, (t) => [index('spend_rejects_spend_file_id_idx').on(t.spendFileId)])

/**
 * Totals of one file's payments by every dimension the answers API groups or filters on, kept in
 * step with payments inside the file's transaction (ingest/spend/rollup.ts), so aggregates never
 * scan payments. One set of rows per file: a file lands by INSERT … SELECT and retires by DELETE,
 * so no row is ever updated in place. Duplicates (payments.duplicate_of) are left out.
 * month is 'YYYY-MM' of the payment's own date, null when the file lost it (the file's period
 * then places it, at query time).
 */
export const spendRollup = sqliteTable('spend_rollup', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  spendFileId: integer('spend_file_id').notNull().references(() => spendFiles.id),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  /** Null for redacted and individual payees: payeeClass says which. */
  supplierId: text('supplier_id').references(() => suppliers.id),
  payeeClass: text('payee_class', { enum: payeeClasses }).notNull(),
  month: text('month'),
  expenseCategory: text('expense_category'),
  expenseType: text('expense_type'),
  serviceArea: text('service_area'),
  consultancyRule: text('consultancy_rule'),
  currency: text('currency', { enum: currencies }).notNull(),
  /** Net and gross amounts are never added together. */
  vatBasis: text('vat_basis', { enum: vatBases }).notNull(),
  totalPence: integer('total_pence').notNull(),
  payments: integer('payments').notNull(),
}, (t) => [
  index('spend_rollup_spend_file_id_idx').on(t.spendFileId),
  // Covering: a body's suppliers (and a supplier's bodies) are summed from the index alone, in
  // group order. With (body_id, month) each of a body's rows was a lookup in the table: at 10M
  // payments, tens of thousands of random reads for one answer.
  index('spend_rollup_body_cover_idx').on(t.bodyId, t.supplierId, t.payeeClass, t.currency, t.vatBasis, t.month, t.spendFileId, t.totalPence, t.payments),
  index('spend_rollup_supplier_cover_idx').on(t.supplierId, t.month, t.bodyId, t.spendFileId, t.currency, t.vatBasis, t.totalPence, t.payments),
  index('spend_rollup_month_idx').on(t.month),
])

/**
 * The same totals without the supplier and text dimensions: one row per file × month × payee
 * class × consultancy rule × currency × VAT basis. Answers by body, time and consultancy read
 * this, hundreds of times smaller than spend_rollup (spend is a long tail of suppliers).
 */
export const spendRollupBody = sqliteTable('spend_rollup_body', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  spendFileId: integer('spend_file_id').notNull().references(() => spendFiles.id),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  payeeClass: text('payee_class', { enum: payeeClasses }).notNull(),
  month: text('month'),
  consultancyRule: text('consultancy_rule'),
  currency: text('currency', { enum: currencies }).notNull(),
  vatBasis: text('vat_basis', { enum: vatBases }).notNull(),
  totalPence: integer('total_pence').notNull(),
  payments: integer('payments').notNull(),
}, (t) => [
  index('spend_rollup_body_spend_file_id_idx').on(t.spendFileId),
  index('spend_rollup_body_body_id_idx').on(t.bodyId, t.month),
])

// A key column that may be NULL, as one value in a unique index: SQLite holds NULLs distinct in
// UNIQUE, so without this every redacted payee's row (no supplier) would be a row of its own and
// an upsert could never find it again. ingest/spend/rollup.ts names the same expressions as its
// ON CONFLICT target.
const nullable = (column: string) => sql.raw(`ifnull(${column}, '')`)

/** The keys both rollups across files share (fresh builders per table), and their sums. */
const acrossFilesKeys = () => ({
  id: integer('id').primaryKey(),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  /** Null for redacted and individual payees: payeeClass says which. */
  supplierId: text('supplier_id').references(() => suppliers.id),
  payeeClass: text('payee_class', { enum: payeeClasses }).notNull(),
  consultancyRule: text('consultancy_rule'),
  currency: text('currency', { enum: currencies }).notNull(),
  vatBasis: text('vat_basis', { enum: vatBases }).notNull(),
})
const acrossFilesSums = () => ({
  totalPence: integer('total_pence').notNull(),
  payments: integer('payments').notNull(),
})

/**
 * Totals across every file of a body by supplier, payee class, consultancy rule, currency and VAT
 * basis: no time and no text dimensions, so a body's rows are bounded by its suppliers, not by its
 * payments or files (spend_rollup has a row set per file × month). Answers by body and supplier
 * over all time read this. Kept in step from each file's spend_rollup rows inside the file's
 * transaction (ingest/spend/rollup.ts): added on landing, taken out on retiring, by upsert; a row
 * whose payments reach 0 is deleted.
 */
export const spendRollupSupplier = sqliteTable('spend_rollup_supplier', { ...acrossFilesKeys(), ...acrossFilesSums() }, (t) => [
  uniqueIndex('spend_rollup_supplier_key_uq').on(t.bodyId, nullable('supplier_id'), t.payeeClass, nullable('consultancy_rule'), t.currency, t.vatBasis),
  // Covering, in group order: a body's suppliers, and a supplier's bodies, from the index alone.
  index('spend_rollup_supplier_body_cover_idx').on(t.bodyId, t.supplierId, t.payeeClass, t.currency, t.vatBasis, t.consultancyRule, t.totalPence, t.payments),
  // A supplier's bodies: (body, currency, VAT basis) is the group, so the payee class (one per
  // supplier but for redacted rows) comes after it or the group-by needs a sort.
  index('spend_rollup_supplier_supplier_cover_idx').on(t.supplierId, t.bodyId, t.currency, t.vatBasis, t.payeeClass, t.consultancyRule, t.totalPence, t.payments),
])

/**
 * spend_rollup_supplier split by financial year ('2011-12'): the year a payment is placed in, from
 * its own month, else its file's period when the period lies inside one financial year, else null
 * (undated): the same placing as the answers make at query time (schema/answers/dimensions.ts
 * placedBucket, which writes it).
 */
export const spendRollupYear = sqliteTable('spend_rollup_year', { ...acrossFilesKeys(), financialYear: text('financial_year'), ...acrossFilesSums() }, (t) => [
  uniqueIndex('spend_rollup_year_key_uq').on(t.bodyId, nullable('supplier_id'), t.payeeClass, nullable('consultancy_rule'), t.currency, t.vatBasis, nullable('financial_year')),
  index('spend_rollup_year_body_cover_idx').on(t.bodyId, t.supplierId, t.payeeClass, t.currency, t.vatBasis, t.financialYear, t.consultancyRule, t.totalPence, t.payments),
  index('spend_rollup_year_supplier_cover_idx').on(t.supplierId, t.bodyId, t.financialYear, t.currency, t.vatBasis, t.payeeClass, t.consultancyRule, t.totalPence, t.payments),
])
