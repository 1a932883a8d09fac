import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { origins, supplierMatchMethods } from './enums'
import { sources } from './sources'

/** Canonical suppliers. Spend rolls up by id, never by name. */
export const suppliers = sqliteTable('suppliers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** org-id style identifier, e.g. GB-COH-01234567 for a Companies House number. */
  orgId: text('org_id'),
  website: text('website'),
  note: text('note'),
  origin: text('origin', { enum: origins }).notNull().default('curated'),
  /**
   * The public body this payee is, when its name or an alias is exactly one body's name or alias
   * (set at ingest by ingest/spend/rollup.ts). No foreign key: a curated body may be retired
   * without first unlinking the suppliers that name it.
   */
  bodyId: text('body_id'),
}, (t) => [index('suppliers_org_id_idx').on(t.orgId), index('suppliers_body_id_idx').on(t.bodyId)])

/**
 * Every raw name a supplier was seen under, with how it was matched and where.
 * Raw payment rows keep their own raw name; a merge is a change here only.
 */
export const supplierAliases = sqliteTable('supplier_aliases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  supplierId: text('supplier_id').notNull().references(() => suppliers.id),
  rawName: text('raw_name').notNull(),
  normalised: text('normalised').notNull(),
  method: text('method', { enum: supplierMatchMethods }).notNull(),
  sourceId: text('source_id').references(() => sources.id),
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('supplier_aliases_supplier_id_idx').on(t.supplierId),
  index('supplier_aliases_source_id_idx').on(t.sourceId),
  uniqueIndex('supplier_aliases_raw_name_uq').on(t.rawName),
  index('supplier_aliases_normalised_idx').on(t.normalised),
])
