import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { outcomes, savingsClaims } from './claims'
import { contracts } from './contracts'
import { hedgeKinds, origins } from './enums'

/**
 * A source's hedge on one structured field of a fact ("a vague threat" on a contract's contingent
 * sum, "from what I can gather" on a claim's amount), with the source's words. Kept as data so a
 * figure is never shown firmer than its source states it. Exactly one fact column is set.
 */
export const hedges = sqliteTable('hedges', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  claimId: text('claim_id').references(() => savingsClaims.id),
  contractId: text('contract_id').references(() => contracts.id),
  outcomeId: text('outcome_id').references(() => outcomes.id),
  /** The record's field the hedge applies to, as named in data/ (e.g. "amount", "contingent"). */
  field: text('field').notNull(),
  kind: text('kind', { enum: hedgeKinds }).notNull(),
  /** The source's hedging words, verbatim (they occur in one of the record's quotes). */
  words: text('words').notNull(),
  /** Who wrote it: `ingest data` replaces only curated hedges; an FOI record replaces its own. */
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('hedges_claim_id_idx').on(t.claimId),
  index('hedges_contract_id_idx').on(t.contractId),
  index('hedges_outcome_id_idx').on(t.outcomeId),
])
