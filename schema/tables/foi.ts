import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { outcomes, savingsClaims } from './claims'
import { contracts } from './contracts'
import { datePrecisions, foiStatuses, origins } from './enums'
import { sources } from './sources'
import { spendFiles } from './spend'

/** A Freedom of Information request; its answer is a source that facts cite. */
export const foiRequests = sqliteTable('foi_requests', {
  id: text('id').primaryKey(),
  authorityId: text('authority_id').notNull().references(() => bodies.id),
  title: text('title').notNull(),
  /** The request's page (WhatDoTheyKnow, a disclosure log): its identity when there is one. */
  url: text('url'),
  platform: text('platform'),
  requestedOn: text('requested_on'),
  requestedPrecision: text('requested_precision', { enum: datePrecisions }).notNull().default('unknown'),
  answeredOn: text('answered_on'),
  answeredPrecision: text('answered_precision', { enum: datePrecisions }).notNull().default('unknown'),
  answeredInferred: integer('answered_inferred', { mode: 'boolean' }).notNull().default(false),
  answeredNote: text('answered_note'),
  status: text('status', { enum: foiStatuses }).notNull(),
  responseSourceId: text('response_source_id').references(() => sources.id),
  origin: text('origin', { enum: origins }).notNull().default('curated'),
  /** The body's own reference in its disclosure log (e.g. "FOI-18/01"): unique per body. */
  reference: text('reference'),
  /** The status exactly as the source gave it ("Long overdue", "Provided in Full"). */
  statusRaw: text('status_raw'),
  /** The text of the request, where the source gives it. */
  requestText: text('request_text'),
  /** The answer's words, quoted. */
  answer: text('answer'),
  /** Id of the rule that marked the request as about consultants, interims, outsourcing or a named firm. */
  consultancyRule: text('consultancy_rule'),
  /** What it was read from: wdtk-requests, disclosure-log-csv, infreemation-json, icasework-xml, foi-record, or curated. */
  format: text('format'),
}, (t) => [
  index('foi_requests_authority_id_idx').on(t.authorityId),
  index('foi_requests_response_source_id_idx').on(t.responseSourceId),
  uniqueIndex('foi_requests_url_uq').on(t.url),
  uniqueIndex('foi_requests_reference_uq').on(t.authorityId, t.reference),
  index('foi_requests_status_idx').on(t.status),
])

/**
 * Every version of an FOI record as landed, the record itself as JSON: a changed record replaces
 * its facts, but someone may have cited the earlier version, so it stays here.
 */
export const foiRecordVersions = sqliteTable('foi_record_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  foiRequestId: text('foi_request_id').notNull().references(() => foiRequests.id),
  version: integer('version').notNull(),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  /** The validated record, as JSON. */
  record: text('record').notNull(),
  landedAt: text('landed_at').notNull(),
  supersededAt: text('superseded_at'),
}, (t) => [uniqueIndex('foi_record_versions_uq').on(t.foiRequestId, t.version)])

/** Which facts an FOI record states: exactly one fact column is set per row. */
export const foiFacts = sqliteTable('foi_facts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  foiRequestId: text('foi_request_id').notNull().references(() => foiRequests.id),
  contractId: text('contract_id').references(() => contracts.id),
  claimId: text('claim_id').references(() => savingsClaims.id),
  outcomeId: text('outcome_id').references(() => outcomes.id),
  /** An attachment read through the spend pipeline: its payments. */
  spendFileId: integer('spend_file_id').references(() => spendFiles.id),
}, (t) => [
  index('foi_facts_foi_request_id_idx').on(t.foiRequestId),
  index('foi_facts_contract_id_idx').on(t.contractId),
  index('foi_facts_claim_id_idx').on(t.claimId),
  index('foi_facts_outcome_id_idx').on(t.outcomeId),
  index('foi_facts_spend_file_id_idx').on(t.spendFileId),
])

/** A request list or disclosure log as ingested: the same bytes again change nothing. */
export const foiFiles = sqliteTable('foi_files', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  format: text('format').notNull(),
  bodyId: text('body_id').references(() => bodies.id),
  /** JSON: what the ingest counted (requests, by status, bodies registered…). */
  counts: text('counts').notNull(),
  ingestedAt: text('ingested_at').notNull(),
}, (t) => [uniqueIndex('foi_files_sha256_uq').on(t.sha256), index('foi_files_body_id_idx').on(t.bodyId)])
