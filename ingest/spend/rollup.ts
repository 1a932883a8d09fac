// The rollups the answers API reads, kept in step with payments inside a file's transaction.
// The contract between the loader and the rollups: the loader runs rollupStatements(fileId, +1)
// after a file's payments are inserted, and rollupStatements(fileId, -1) before they are deleted;
// what the rollup tables hold and how they are keyed is decided here alone.
import { getTableColumns } from 'drizzle-orm'
import { getTableConfig } from 'drizzle-orm/sqlite-core'
import { payments, spendFiles, spendRollup, spendRollupBody } from '../../schema/tables'

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

/** Both rollups' rows of the files `files` selects, deleted. */
function deleteRollups(files: Fragment): Statement[] {
  return [
    { sql: `DELETE FROM ${WIDE} WHERE ${r.spendFileId.name} ${files.sql}`, args: files.args },
    { sql: `DELETE FROM ${NARROW} WHERE ${n.spendFileId.name} ${files.sql}`, args: files.args },
  ]
}

/**
 * Statements that add (sign +1) or take out (sign -1) one spend file's payments from the
 * rollups, as SQL over the payments table so the loader holds no rollup state in memory.
 * Rollup rows are per file, so adding is one INSERT … SELECT and taking out one DELETE: exact,
 * and nothing is ever updated in place.
 */
export function rollupStatements(fileId: number, sign: 1 | -1): Statement[] {
  const file: Fragment = { sql: '= ?', args: [fileId] }
  return [
    ...deleteRollups(file),
    ...(sign === 1
      ? [
          insertWide({ sql: `${p.spendFileId.name} = ? AND ${p.duplicateOf.name} IS NULL`, args: [fileId] }),
          insertNarrow(file),
          { sql: linkBodies, args: [fileId] },
        ]
      : []),
  ]
}

// A payee that is a public body we know (its name or an alias is exactly, ignoring case, one
// body's name or alias) is linked to it, so a body's figures can show money in as well as out.
// Two bodies with the name, or none: no link — a wrong link would move money between bodies.
const linkBodies = `UPDATE suppliers SET body_id = (
    SELECT MIN(k.id) FROM (SELECT id, lower(name) AS n FROM bodies UNION SELECT body_id, lower(alias) FROM body_aliases) k
    WHERE k.n IN (SELECT lower(suppliers.name) UNION SELECT lower(raw_name) FROM supplier_aliases WHERE supplier_id = suppliers.id)
    HAVING COUNT(DISTINCT k.id) = 1)
  WHERE body_id IS NULL AND id IN (SELECT DISTINCT supplier_id FROM payments WHERE spend_file_id = ? AND supplier_id IS NOT NULL)`

const f = getTableColumns(spendFiles)
const FILES = getTableConfig(spendFiles).name

/**
 * Statements that count again the rows of other files that repeated a retired file's payments
 * (run before the retired file's own rows go): those files' rollups are rebuilt with the rows in,
 * their totals_pence gain the rows' amounts, and then the rows lose their duplicate mark.
 */
export function promoteStatements(retiredFileId: number): Statement[] {
  const id = retiredFileId
  // The rows that repeated the retired file's payments, and the (other) files they are in.
  const dependants: Fragment = { sql: `${p.duplicateOf.name} IN (SELECT ${p.id.name} FROM ${PAYMENTS} WHERE ${p.spendFileId.name} = ?)`, args: [id] }
  const files: Fragment = {
    sql: `IN (SELECT DISTINCT ${p.spendFileId.name} FROM ${PAYMENTS} WHERE ${dependants.sql} AND ${p.spendFileId.name} <> ?)`,
    args: [...dependants.args, id],
  }
  const counted: Fragment = {
    sql: `${p.spendFileId.name} ${files.sql} AND (${p.duplicateOf.name} IS NULL OR ${dependants.sql})`,
    args: [...files.args, ...dependants.args],
  }
  // Per currency, the promoted rows' sum added to what the file's totals_pence already counts.
  const totals = `UPDATE ${FILES} SET ${f.totalsPence.name} = (
      SELECT json_patch(${FILES}.${f.totalsPence.name}, json_group_object(d.currency, COALESCE(${FILES}.${f.totalsPence.name} ->> d.currency, 0) + d.pence))
      FROM (SELECT ${p.currency.name} AS currency, SUM(${p.amountPence.name}) AS pence FROM ${PAYMENTS}
            WHERE ${p.spendFileId.name} = ${FILES}.${f.id.name} AND ${dependants.sql} GROUP BY 1) d)
    WHERE ${f.id.name} ${files.sql}`
  return [
    ...deleteRollups(files),
    insertWide(counted),
    insertNarrow(files),
    { sql: totals, args: [...dependants.args, ...files.args] },
    { sql: `UPDATE ${PAYMENTS} SET ${p.duplicateOf.name} = NULL WHERE ${dependants.sql} AND ${p.spendFileId.name} <> ?`, args: [...dependants.args, id] },
  ]
}
