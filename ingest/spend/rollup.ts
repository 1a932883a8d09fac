// The rollups the answers API reads, kept in step with payments inside a file's transaction.
// The contract between the loader and the rollups: the loader runs rollupStatements(fileId, +1)
// after a file's payments are inserted, and rollupStatements(fileId, -1) before they are deleted;
// what the rollup tables hold and how they are keyed is decided here alone.
import { getTableColumns } from 'drizzle-orm'
import { getTableConfig } from 'drizzle-orm/sqlite-core'
import { payments, spendRollup, spendRollupBody } from '../../schema/tables'

export interface Statement {
  sql: string
  args: (string | number | null)[]
}

const rollup = getTableConfig(spendRollup).name
const p = getTableColumns(payments)
const r = getTableColumns(spendRollup)

// Every dimension the answers API groups or filters by, as the payment's own column. A month is
// taken only from a date known to the day or month; anything vaguer is placed by the file's period.
const keys: Array<[string, string]> = [
  [r.spendFileId.name, p.spendFileId.name],
  [r.bodyId.name, p.bodyId.name],
  [r.supplierId.name, p.supplierId.name],
  [r.payeeClass.name, p.payeeClass.name],
  [r.month.name, `CASE WHEN ${p.paidPrecision.name} IN ('day', 'month') THEN substr(${p.paidOn.name}, 1, 7) END`],
  [r.expenseCategory.name, p.expenseCategory.name],
  [r.expenseType.name, p.expenseType.name],
  [r.serviceArea.name, p.serviceArea.name],
  [r.consultancyRule.name, p.consultancyRule.name],
  [r.currency.name, p.currency.name],
  [r.vatBasis.name, p.vatBasis.name],
]

const narrow = getTableConfig(spendRollupBody).name
const n = getTableColumns(spendRollupBody)
// The narrow rollup's keys: those of the wide one it also has.
const narrowKeys = keys.filter(([c]) => Object.values(n).some((col) => col.name === c))

const insertNarrow = `INSERT INTO ${narrow} (${narrowKeys.map(([c]) => c).join(', ')}, ${n.totalPence.name}, ${n.payments.name})
  SELECT ${narrowKeys.map(([, e]) => e).join(', ')}, SUM(${p.amountPence.name}), COUNT(*)
  FROM ${getTableConfig(payments).name}
  WHERE ${p.spendFileId.name} = ? AND ${p.duplicateOf.name} IS NULL
  GROUP BY ${narrowKeys.map((_, i) => i + 1).join(', ')}`

const insert = `INSERT INTO ${rollup} (${keys.map(([c]) => c).join(', ')}, ${r.totalPence.name}, ${r.payments.name})
  SELECT ${keys.map(([, e]) => e).join(', ')}, SUM(${p.amountPence.name}), COUNT(*)
  FROM ${getTableConfig(payments).name}
  WHERE ${p.spendFileId.name} = ? AND ${p.duplicateOf.name} IS NULL
  GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`

/**
 * Statements that add (sign +1) or take out (sign -1) one spend file's payments from the
 * rollups, as SQL over the payments table so the loader holds no rollup state in memory.
 * Rollup rows are per file, so adding is one INSERT … SELECT and taking out one DELETE: exact,
 * and nothing is ever updated in place.
 */
export function rollupStatements(fileId: number, sign: 1 | -1): Statement[] {
  return [
    { sql: `DELETE FROM ${rollup} WHERE ${r.spendFileId.name} = ?`, args: [fileId] },
    { sql: `DELETE FROM ${narrow} WHERE ${n.spendFileId.name} = ?`, args: [fileId] },
    ...(sign === 1
      ? [{ sql: insert, args: [fileId] }, { sql: insertNarrow, args: [fileId] }, { sql: linkBodies, args: [fileId] }]
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
 * Statements that count again the rows of other files that repeated a retired file's payments
 * (run before the retired file's own rows go): those files' rollups are rebuilt with the rows in,
 * then the rows lose their duplicate mark.
 */
export function promoteStatements(retiredFileId: number): Statement[] {
  const id = retiredFileId
  const dependants = `${p.duplicateOf.name} IN (SELECT ${p.id.name} FROM ${getTableConfig(payments).name} WHERE ${p.spendFileId.name} = ?)`
  const files = `(SELECT DISTINCT ${p.spendFileId.name} FROM ${getTableConfig(payments).name} WHERE ${dependants} AND ${p.spendFileId.name} <> ?)`
  const perFile = `${p.spendFileId.name} = ? AND ${p.duplicateOf.name} IS NULL`
  const rebuild = (sql: string) => {
    if (!sql.includes(perFile)) throw new Error('rollup.ts: the per-file rollup condition changed; update promoteStatements')
    return sql.replace(perFile, `${p.spendFileId.name} IN ${files} AND (${p.duplicateOf.name} IS NULL OR ${dependants})`)
  }
  return [
    { sql: `DELETE FROM ${rollup} WHERE ${r.spendFileId.name} IN ${files}`, args: [id, id] },
    { sql: `DELETE FROM ${narrow} WHERE ${n.spendFileId.name} IN ${files}`, args: [id, id] },
    { sql: rebuild(insert), args: [id, id, id] },
    { sql: rebuild(insertNarrow), args: [id, id, id] },
    { sql: `UPDATE ${getTableConfig(payments).name} SET ${p.duplicateOf.name} = NULL WHERE ${dependants} AND ${p.spendFileId.name} <> ?`, args: [id, id] },
  ]
}
