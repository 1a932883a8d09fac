import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { contracts } from './contracts'
import { amountQualifiers, claimBases, claimKinds, claimRelationKinds, currencies, datePrecisions, grossOrNet, origins } from './enums'
import { programmes } from './programmes'

/**
 * A promised saving, target or estimate as the claimant stated it. A single figure has low = high;
 * a figure the source does not give is null with qualifier 'not_stated'. A share ("19%", "25 and
 * 40%") is held in basis points beside or instead of the money; the qualifier bounds both.
 */
export const savingsClaims = sqliteTable('savings_claims', {
  id: text('id').primaryKey(),
  /** Null when the source does not say whose claim or estimate it is ("Estimates that …"). */
  claimantId: text('claimant_id').references(() => bodies.id),
  programmeId: text('programme_id').references(() => programmes.id),
  contractId: text('contract_id').references(() => contracts.id),
  title: text('title').notNull(),
  description: text('description'),
  /** When a claim is one of several alternatives (CRM or web), the option it belongs to. */
  scenario: text('scenario'),
  lowPence: integer('low_pence'),
  highPence: integer('high_pence'),
  /** A share as the source gives it, in basis points (19% = 1900); low = high for one figure. */
  lowBasisPoints: integer('low_basis_points'),
  highBasisPoints: integer('high_basis_points'),
  currency: text('currency', { enum: currencies }).notNull().default('GBP'),
  qualifier: text('qualifier', { enum: amountQualifiers }).notNull(),
  grossOrNet: text('gross_or_net', { enum: grossOrNet }).notNull().default('unknown'),
  kind: text('kind', { enum: claimKinds }).notNull(),
  basis: text('basis', { enum: claimBases }).notNull(),
  horizonYears: integer('horizon_years'),
  claimedOn: text('claimed_on'),
  claimedPrecision: text('claimed_precision', { enum: datePrecisions }).notNull().default('unknown'),
  claimedInferred: integer('claimed_inferred', { mode: 'boolean' }).notNull().default(false),
  claimedNote: text('claimed_note'),
  /** Who wrote the row: `ingest data` replaces only curated rows; an FOI record replaces its own. */
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('savings_claims_claimant_id_idx').on(t.claimantId),
  index('savings_claims_programme_id_idx').on(t.programmeId),
  index('savings_claims_contract_id_idx').on(t.contractId),
])

/** What was reported as actually achieved, linked to the claim it answers when there is one. */
export const outcomes = sqliteTable('outcomes', {
  id: text('id').primaryKey(),
  claimId: text('claim_id').references(() => savingsClaims.id),
  programmeId: text('programme_id').references(() => programmes.id),
  bodyId: text('body_id').references(() => bodies.id),
  title: text('title').notNull(),
  description: text('description'),
  amountPence: integer('amount_pence'),
  currency: text('currency', { enum: currencies }).notNull().default('GBP'),
  qualifier: text('qualifier', { enum: amountQualifiers }).notNull(),
  basis: text('basis', { enum: claimBases }).notNull(),
  reportedOn: text('reported_on'),
  reportedPrecision: text('reported_precision', { enum: datePrecisions }).notNull().default('unknown'),
  /** Who wrote the row: `ingest data` replaces only curated rows; an FOI record replaces its own. */
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('outcomes_claim_id_idx').on(t.claimId),
  index('outcomes_programme_id_idx').on(t.programmeId),
  index('outcomes_body_id_idx').on(t.bodyId),
])

/**
 * How two claims relate, as the sources allow (see claimRelationKinds). Stored once per pair as
 * written in data/claims.yaml; read both ways. Every sum over claims goes through
 * schema/claims/combine.ts, which never adds alternatives or overlaps.
 */
export const claimRelations = sqliteTable('claim_relations', {
  claimId: text('claim_id').notNull().references(() => savingsClaims.id),
  relatedClaimId: text('related_claim_id').notNull().references(() => savingsClaims.id),
  relation: text('relation', { enum: claimRelationKinds }).notNull(),
  /** What the source says (or does not say) about the pair; required for unknown. */
  note: text('note'),
}, (t) => [
  primaryKey({ columns: [t.claimId, t.relatedClaimId] }),
  index('claim_relations_related_claim_id_idx').on(t.relatedClaimId),
])
