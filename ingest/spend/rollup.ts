// The rollups the answers API reads, kept in step with payments inside a file's transaction.
// The contract between the loader and the rollups: the loader runs rollupStatements(fileId, +1)
// after a file's payments are inserted, and rollupStatements(fileId, -1) before they are deleted;
// what the rollup tables hold and how they are keyed is decided here alone.

export interface Statement {
  sql: string
  args: (string | number | null)[]
}

/**
 * Statements that add (sign +1) or take out (sign -1) one spend file's payments from the
 * rollups, as SQL over the payments table so the loader holds no rollup state in memory.
 */
export function rollupStatements(fileId: number, sign: 1 | -1): Statement[] {
  return [
    {
      sql: `INSERT INTO spend_monthly (body_id, payee_key, month, expense_type, consultancy, currency, vat_basis, total_pence, payments)
       SELECT body_id, COALESCE(supplier_id, '~' || payee_class), COALESCE(substr(paid_on, 1, 7), 'unknown'),
              COALESCE(expense_type, ''), consultancy_rule IS NOT NULL, currency, vat_basis, ? * SUM(amount_pence), ? * COUNT(*)
       FROM payments WHERE spend_file_id = ? AND duplicate_of IS NULL
       GROUP BY 1, 2, 3, 4, 5, 6, 7
       ON CONFLICT (body_id, payee_key, month, expense_type, consultancy, currency, vat_basis)
       DO UPDATE SET total_pence = total_pence + excluded.total_pence, payments = payments + excluded.payments`,
      args: [sign, sign, fileId],
    },
    { sql: 'DELETE FROM spend_monthly WHERE payments <= 0', args: [] },
  ]
}
