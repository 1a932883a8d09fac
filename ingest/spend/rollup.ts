// The rollups the answers API reads, kept in step with payments inside a file's transaction.
// The contract between the loader and the rollups: the loader runs rollupStatements(fileId, +1)
// after a file's payments are inserted and its spend_files row holds its period, and rollupStatements(fileId, -1) before they are deleted;
// what the rollup tables hold and how they are keyed is decided here alone.
import { getTableColumns } from 'drizzle-orm'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { placedBucket } from '../../schema/answers/dimensions'
import { payments, spendFiles, spendRollup, spendRollupBody, spendRollupSupplier, spendRollupYear } from '../../schema/tables'

export interface Statement {
  sql: string
  args: (string | number | null)[]
}

/** A piece of SQL and the parameters its `?`s take, in order. */
interface Fragment {
  sql: string
  args: (string | number | null)[]
}

const PAYMENTS = getTableConfig(payments).name
const WIDE = getTableConfig(spendRollup).name
const NARROW = getTableConfig(spendRollupBody).name
const p = getTableColumns(payments)
const r = getTableColumns(spendRollup)
const n = getTableColumns(spendRollupBody)
const f = getTableColumns(spendFiles)
const FILES = getTableConfig(spendFiles).name

// Every dimension the answers API groups or filters by, as the payment's own column. A month is
// taken only from a date known to the day or month; anything vaguer is placed by the file's period.
// The order is the GROUP BY's sort order: the keys that differ most come first, so the sorter's
// comparisons end early (the file and body, the same for a whole file, come last). A rollup
// row's keys are the same whatever the order.
const keys: Array<[string, string]> = [
  [r.supplierId.name, p.supplierId.name],
  [r.month.name, `CASE WHEN ${p.paidPrecision.name} IN ('day', 'month') THEN substr(${p.paidOn.name}, 1, 7) END`],
  [r.expenseType.name, p.expenseType.name],
  [r.serviceArea.name, p.serviceArea.name],
  [r.expenseCategory.name, p.expenseCategory.name],
  [r.payeeClass.name, p.payeeClass.name],
  [r.consultancyRule.name, p.consultancyRule.name],
  [r.currency.name, p.currency.name],
  [r.vatBasis.name, p.vatBasis.name],
  [r.bodyId.name, p.bodyId.name],
  [r.spendFileId.name, p.spendFileId.name],
]

// The narrow rollup's keys: those of the wide one it also has.
const narrowKeys = keys.map(([c]) => c).filter((c) => Object.values(n).some((col) => col.name === c))
const groupBy = (count: number) => Array.from({ length: count }, (_, i) => i + 1).join(', ')

/** INSERT … SELECT that rolls the payments `where` selects into the wide rollup. */
function insertWide(where: Fragment): Statement {
  return {
    sql: `INSERT INTO ${WIDE} (${keys.map(([c]) => c).join(', ')}, ${r.totalPence.name}, ${r.payments.name})
  SELECT ${keys.map(([, e]) => e).join(', ')}, SUM(${p.amountPence.name}), COUNT(*)
  FROM ${PAYMENTS}
  WHERE ${where.sql}
  GROUP BY ${groupBy(keys.length)}`,
    args: where.args,
  }
}

/**
 * INSERT … SELECT that fills the narrow rollup of the files `files` selects from their wide
 * rollup rows (written just before): the same sums as from their payments, but over rollup rows
 * rather than every payment, which for a big file is several times fewer rows to sort.
 */
function insertNarrow(files: Fragment): Statement {
  return {
    sql: `INSERT INTO ${NARROW} (${narrowKeys.join(', ')}, ${n.totalPence.name}, ${n.payments.name})
  SELECT ${narrowKeys.join(', ')}, SUM(${r.totalPence.name}), SUM(${r.payments.name})
  FROM ${WIDE}
  WHERE ${r.spendFileId.name} ${files.sql}
  GROUP BY ${groupBy(narrowKeys.length)}`,
    args: files.args,
  }
}

// The rollups across files (spend_rollup_supplier, spend_rollup_year): keyed without the file, the
// month or the text dimensions, so one row gathers a key's sums from every file of its body. They
// are written from the files' wide rows (already grouped per file, so cheap to group again), and
// only ever by adding or taking out a file's sums: a file's sums go out while its wide rows are
// still there to say what they were, before those rows are deleted.
const WIDE_ALIAS = 'w'
const sharedKeys = [r.bodyId.name, r.supplierId.name, r.payeeClass.name, r.consultancyRule.name, r.currency.name, r.vatBasis.name]
const across: Array<{ table: SQLiteTable; keys: Array<[string, string]> }> = [
  { table: spendRollupSupplier, keys: sharedKeys.map((c) => [c, `${WIDE_ALIAS}.${c}`]) },
  {
    table: spendRollupYear,
    // The year the answers would place each row in at query time: one definition, placedBucket's.
    keys: [
      ...sharedKeys.map((c): [string, string] => [c, `${WIDE_ALIAS}.${c}`]),
      [getTableColumns(spendRollupYear).financialYear.name, placedBucket('FINANCIAL_YEAR', WIDE_ALIAS, `${WIDE_ALIAS}.${r.month.name}`)],
    ],
  },
]

/**
 * The ON CONFLICT target of a rollup across files: its keys, a nullable one as ifnull(key, ''),
 * exactly as its unique index (schema/tables/spend.ts) is written — SQLite holds NULLs distinct
 * in UNIQUE, so a plain column list would never find a redacted payee's row again.
 */
function conflictTarget(table: SQLiteTable, keys: readonly string[]): string {
  const columns = Object.values(getTableColumns(table))
  return keys.map((k) => (columns.find((c) => c.name === k)?.notNull ? k : `ifnull(${k}, '')`)).join(', ')
}

/**
 * Upserts that add (sign +1) or take out (sign -1) the sums of the wide rollup rows of the files
 * `files` selects into each rollup across files. The sign is written into the SQL (it is 1 or -1)
 * so that the backfill can be the same statement with no parameters.
 */
function addAcross(files: Fragment, sign: 1 | -1): Statement[] {
  return across.map(({ table, keys }) => {
    const t = getTableColumns(table)
    const names = keys.map(([c]) => c)
    return {
      sql: `INSERT INTO ${getTableConfig(table).name} (${names.join(', ')}, ${t.totalPence!.name}, ${t.payments!.name})
  SELECT ${keys.map(([, e]) => e).join(', ')}, ${sign} * SUM(${WIDE_ALIAS}.${r.totalPence.name}), ${sign} * SUM(${WIDE_ALIAS}.${r.payments.name})
  FROM ${WIDE} ${WIDE_ALIAS}
  WHERE ${WIDE_ALIAS}.${r.spendFileId.name} ${files.sql}
  GROUP BY ${groupBy(keys.length)}
  ON CONFLICT (${conflictTarget(table, names)}) DO UPDATE SET ${t.totalPence!.name} = ${t.totalPence!.name} + excluded.${t.totalPence!.name}, ${t.payments!.name} = ${t.payments!.name} + excluded.${t.payments!.name}`,
      args: files.args,
    }
  })
}

/**
 * The rows across files that the files' sums just taken out emptied (their payments reached 0),
 * deleted: looked up by the keys of those files' wide rows (still there), through the unique
 * index, so a retired file costs its own keys, not a scan of its body's rows.
 */
function deleteEmptied(files: Fragment): Statement[] {
  return across.map(({ table, keys }) => {
    const name = getTableConfig(table).name
    const t = getTableColumns(table)
    const nullable = (c: string) => !Object.values(t).find((col) => col.name === c)?.notNull
    const same = keys.map(([c, e]) => (nullable(c) ? `ifnull(a.${c}, '') = ifnull(${e}, '')` : `a.${c} = ${e}`)).join(' AND ')
    return {
      sql: `DELETE FROM ${name} WHERE ${t.payments!.name} = 0 AND ${t.id!.name} IN (
  SELECT a.${t.id!.name} FROM ${WIDE} ${WIDE_ALIAS} JOIN ${name} a ON ${same} WHERE ${WIDE_ALIAS}.${r.spendFileId.name} ${files.sql})`,
      args: files.args,
    }
  })
}

/** A file's sums out of the rollups across files, before its wide rows go. */
function takeOutAcross(files: Fragment): Statement[] {
  return [...addAcross(files, -1), ...deleteEmptied(files)]
}

/**
 * One-off: the rollups across files filled from the wide rollup, for databases whose files landed
 * before those tables existed. The migration that creates them runs this once (a test keeps its
 * text the same); it is the very upsert a landing file runs, over every file's wide rows.
 */
export const BACKFILL_ACROSS_FILES_SQL: readonly string[] = addAcross({ sql: 'IS NOT NULL', args: [] }, 1).map((st) => `${st.sql};`)

/** The per-file rollups' rows of the files `files` selects, deleted. */
function deleteRollups(files: Fragment): Statement[] {
  return [
    { sql: `DELETE FROM ${WIDE} WHERE ${r.spendFileId.name} ${files.sql}`, args: files.args },
    { sql: `DELETE FROM ${NARROW} WHERE ${n.spendFileId.name} ${files.sql}`, args: files.args },
  ]
}

/**
 * Statements that add (sign +1) or take out (sign -1) one spend file's payments from the
 * rollups, as SQL over the payments table so the loader holds no rollup state in memory.
 * The per-file rollups' rows are the file's alone, so adding is one INSERT … SELECT and taking
 * out one DELETE; the rollups across files are upserted with the file's sums, out before its
 * per-file rows go and in after they are written: exact either way.
 */
export function rollupStatements(fileId: number, sign: 1 | -1): Statement[] {
  const file: Fragment = { sql: '= ?', args: [fileId] }
  return [
    // Nothing to take out on a first landing: the file has no wide rows yet.
    ...takeOutAcross(file),
    ...deleteRollups(file),
    ...(sign === 1
      ? [
          insertWide({ sql: `${p.spendFileId.name} = ? AND ${p.duplicateOf.name} IS NULL`, args: [fileId] }),
          insertNarrow(file),
          ...addAcross(file, 1),
          { sql: linkBodies, args: [fileId] },
        ]
      : []),
  ]
}

// A payee that is a public body we know (its name or an alias is exactly, ignoring case, one
// body's name or alias) is linked to it, so a body's figures can show money in as well as out.
// Two bodies with the name, or none: no link — a wrong link would move money between bodies.
// The bodies' names are gathered once per file (MATERIALIZED), not once per supplier: asked inside
// the per-supplier subquery they were re-read for every supplier, 0.2 s for a file of 90 suppliers
// among 400 bodies. CROSS JOIN and the unary + keep each step on its file's suppliers: the planner
// otherwise scanned every alias, and every unlinked supplier.
const linkBodies = `WITH k(id, n) AS MATERIALIZED (SELECT id, lower(name) FROM bodies UNION SELECT body_id, lower(alias) FROM body_aliases),
  paid(sid) AS (SELECT DISTINCT supplier_id FROM payments WHERE spend_file_id = ? AND supplier_id IS NOT NULL),
  names(sid, n) AS (SELECT s.id, lower(s.name) FROM suppliers s JOIN paid ON paid.sid = s.id WHERE s.body_id IS NULL
    UNION SELECT a.supplier_id, lower(a.raw_name) FROM paid CROSS JOIN supplier_aliases a ON a.supplier_id = paid.sid),
  links(sid, body) AS (SELECT names.sid, MIN(k.id) FROM names JOIN k ON k.n = names.n GROUP BY names.sid HAVING COUNT(DISTINCT k.id) = 1)
  UPDATE suppliers SET body_id = (SELECT body FROM links WHERE links.sid = suppliers.id)
  WHERE id IN (SELECT sid FROM links) AND +body_id IS NULL`


/**
 * A file's totals_pence as the ingest writes it (JSON.stringify of its counted totals): per
 * currency of its payments, in code order, the sum of those `counts` selects (0 when none do),
 * '{}' for a file without payments. `fileId`: SQL naming the file (a correlated column).
 * A space follows END: wrangler's D1 splitter ends a CASE block only at END and a space or `;`.
 */
function countedTotals(fileId: string, counts: Fragment): Fragment {
  return {
    sql: `(SELECT json_group_object(t.currency, t.pence) FROM (
      SELECT ${p.currency.name} AS currency, SUM(CASE WHEN ${counts.sql} THEN ${p.amountPence.name} ELSE 0 END ) AS pence
      FROM ${PAYMENTS} WHERE ${p.spendFileId.name} = ${fileId} GROUP BY 1 ORDER BY 1) t)`,
    args: counts.args,
  }
}

const COUNTED: Fragment = { sql: `${p.duplicateOf.name} IS NULL`, args: [] }

/** The counted totals of file `?` (JSON, as totals_pence holds them), read from its payments. */
export const FILE_TOTALS_SQL = `SELECT ${countedTotals('?', COUNTED).sql} AS totals`

/**
 * One-off: every ingested file's totals_pence recomputed from its payments. Databases filled
 * before duplicates were left out of a file's totals hold sums with them in; the combined
 * migration runs this once.
 */
export const BACKFILL_TOTALS_SQL = `UPDATE ${FILES} SET ${f.totalsPence.name} = ${countedTotals(`${FILES}.${f.id.name}`, COUNTED).sql} WHERE ${f.status.name} = 'ingested';`

/**
 * Statements that count again the rows of other files that repeated a retired file's payments
 * (run before the retired file's own rows go). Each retired payment has one stand-in, the
 * first row that repeated it: it counts from now on, and any later rows that repeated the same
 * payment are pointed at it (they stay duplicates: promoting them all would count one payment
 * several times). The stand-ins' files have their rollups rebuilt and their totals_pence
 * recomputed from their payments, and then the stand-ins lose their duplicate mark.
 */
export function promoteStatements(retiredFileId: number): Statement[] {
  const id = retiredFileId
  // The rows of other files that repeat the retired file's payments.
  const dependants: Fragment = {
    sql: `${p.duplicateOf.name} IN (SELECT ${p.id.name} FROM ${PAYMENTS} WHERE ${p.spendFileId.name} = ?) AND ${p.spendFileId.name} <> ?`,
    args: [id, id],
  }
  // Per retired payment, the lowest id repeating it is its stand-in; the others point at it.
  // (One GROUP BY, materialised before the update; the rows come by the partial index on duplicate_of.)
  const repoint: Statement = {
    sql: `UPDATE ${PAYMENTS} SET ${p.duplicateOf.name} = s.stand
    FROM (SELECT ${p.duplicateOf.name} AS repeats, MIN(${p.id.name}) AS stand FROM ${PAYMENTS} WHERE ${dependants.sql} GROUP BY 1) s
    WHERE ${PAYMENTS}.${p.duplicateOf.name} = s.repeats AND ${PAYMENTS}.${p.id.name} <> s.stand`,
    args: dependants.args,
  }
  // From here the dependants are the stand-ins alone.
  const files: Fragment = {
    sql: `IN (SELECT DISTINCT ${p.spendFileId.name} FROM ${PAYMENTS} WHERE ${dependants.sql})`,
    args: dependants.args,
  }
  const counts: Fragment = { sql: `(${p.duplicateOf.name} IS NULL OR ${dependants.sql})`, args: dependants.args }
  const counted: Fragment = { sql: `${p.spendFileId.name} ${files.sql} AND ${counts.sql}`, args: [...files.args, ...counts.args] }
  const totals = countedTotals(`${FILES}.${f.id.name}`, counts)
  return [
    repoint,
    ...takeOutAcross(files),
    ...deleteRollups(files),
    insertWide(counted),
    insertNarrow(files),
    ...addAcross(files, 1),
    // Recomputed, not added to: a file's stored totals may predate duplicates being left out.
    { sql: `UPDATE ${FILES} SET ${f.totalsPence.name} = ${totals.sql} WHERE ${f.id.name} ${files.sql}`, args: [...totals.args, ...files.args] },
    { sql: `UPDATE ${PAYMENTS} SET ${p.duplicateOf.name} = NULL WHERE ${dependants.sql}`, args: dependants.args },
  ]
}
