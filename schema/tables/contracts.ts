import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { contractStatuses, contractValueKinds, currencies, datePrecisions, origins, vatBases } from './enums'
import { programmes } from './programmes'
import { suppliers } from './suppliers'

/** A contract or commission, as a decision paper, FOI answer or report describes it. */
export const contracts = sqliteTable('contracts', {
  id: text('id').primaryKey(),
  buyerId: text('buyer_id').notNull().references(() => bodies.id),
  /** Null while the partner is not yet chosen (e.g. a procurement approved but not awarded). */
  supplierId: text('supplier_id').references(() => suppliers.id),
  programmeId: text('programme_id').references(() => programmes.id),
  title: text('title').notNull(),
  description: text('description'),
  valuePence: integer('value_pence'),
  currency: text('currency', { enum: currencies }).notNull().default('GBP'),
  vatBasis: text('vat_basis', { enum: vatBases }).notNull().default('unknown'),
  valueKind: text('value_kind', { enum: contractValueKinds }),
  /** A further sum payable only on delivery (Haringey's £650k to iMPOWER). */
  contingentPence: integer('contingent_pence'),
  contingentOn: text('contingent_on'),
  decidedOn: text('decided_on'),
  decidedPrecision: text('decided_precision', { enum: datePrecisions }).notNull().default('unknown'),
  decidedInferred: integer('decided_inferred', { mode: 'boolean' }).notNull().default(false),
  decidedNote: text('decided_note'),
  decidedBy: text('decided_by'),
  status: text('status', { enum: contractStatuses }).notNull().default('unknown'),
  /** Who wrote the row: `ingest data` replaces only curated rows; an FOI record replaces its own. */
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('contracts_buyer_id_idx').on(t.buyerId),
  index('contracts_supplier_id_idx').on(t.supplierId),
  index('contracts_programme_id_idx').on(t.programmeId),
])
