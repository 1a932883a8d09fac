// Payments one page at a time, in id order, with the names their ids stand for: what a full
// export streams through without ever holding more than a page.
import { sql } from 'drizzle-orm'
import type { Db } from '../db'
import { aliasedColumns, type ParsedSpendFilter, spendWhere } from '../graphql/inputs/spend-filter'
import type { Currency, DatePrecision, PayeeClass, VatBasis } from '../tables/enums'

export interface PaymentLine {
  id: number
  body_id: string
  body_name: string
  supplier_id: string | null
  supplier_name: string | null
  payee_class: PayeeClass
  /** Null for redacted and individual payees: never named. */
  payee_name: string | null
  paid_on: string | null
  paid_precision: DatePrecision
  amount_pence: number
  currency: Currency
  vat_basis: VatBasis
  expense_category: string | null
  expense_type: string | null
  expense_code: string | null
  service_area: string | null
  service_division: string | null
  description: string | null
  transaction_ref: string | null
  consultancy_rule: string | null
  spend_file_id: number
  file_name: string
  line: number
  source_id: string
}

/** Up to `limit` payments the filter selects with an id above `afterId`, by id. */
export async function paymentsPage(db: Db, filter: ParsedSpendFilter, afterId: number, limit: number): Promise<PaymentLine[]> {
  const where = spendWhere(filter, aliasedColumns('r', 'payments'))
  return db.all<PaymentLine>(sql`SELECT r.id, r.body_id, b.name AS body_name, r.supplier_id, s.name AS supplier_name, r.payee_class,
      CASE WHEN r.payee_class = 'supplier' THEN r.payee_name END AS payee_name, r.paid_on, r.paid_precision, r.amount_pence,
      r.currency, r.vat_basis, r.expense_category, r.expense_type, r.expense_code, r.service_area, r.service_division,
      r.description, r.transaction_ref, r.consultancy_rule, r.spend_file_id, f.file_name, r.line, f.source_id
    FROM payments r JOIN bodies b ON b.id = r.body_id LEFT JOIN suppliers s ON s.id = r.supplier_id
      JOIN spend_files f ON f.id = r.spend_file_id
    WHERE r.id > ${afterId} AND ${where} ORDER BY r.id LIMIT ${limit}`)
}
