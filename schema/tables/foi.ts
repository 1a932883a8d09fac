import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { datePrecisions, foiStatuses } from './enums'
import { sources } from './sources'

/** A Freedom of Information request; its answer is a source that facts cite. */
export const foiRequests = sqliteTable('foi_requests', {
  id: text('id').primaryKey(),
  authorityId: text('authority_id').notNull().references(() => bodies.id),
  title: text('title').notNull(),
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
}, (t) => [
  index('foi_requests_authority_id_idx').on(t.authorityId),
  index('foi_requests_response_source_id_idx').on(t.responseSourceId),
])
