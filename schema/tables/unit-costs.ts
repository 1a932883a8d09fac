import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { amountQualifiers, currencies, unitCostKinds, vatBases } from './enums'

/**
 * What one unit of a public service costs, or what a body charges for it, as a source states it:
 * "NHS choices costing 46p a visit", "it only costs £40 to get married on a Monday or Tuesday".
 * A unit cost is a rate, never a total: it is not added to spend or to claims.
 */
export const unitCosts = sqliteTable('unit_costs', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: unitCostKinds }).notNull(),
  /** What is costed, in our words: "A visit to NHS Choices". */
  subject: text('subject').notNull(),
  /** The unit as the source gives it: "a visit", "a marriage ceremony on a Monday or Tuesday". */
  unit: text('unit').notNull(),
  description: text('description'),
  /** The body that bears the cost or charges the fee, where the source names one. */
  bodyId: text('body_id').references(() => bodies.id),
  amountPence: integer('amount_pence').notNull(),
  currency: text('currency', { enum: currencies }).notNull().default('GBP'),
  vatBasis: text('vat_basis', { enum: vatBases }).notNull().default('unknown'),
  qualifier: text('qualifier', { enum: amountQualifiers }).notNull(),
}, (t) => [index('unit_costs_body_id_idx').on(t.bodyId)])
