import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { datePrecisions, sourceKinds } from './enums'

/** Every document a fact comes from. A spend file ingested by us is a source too. */
export const sources = sqliteTable('sources', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: sourceKinds }).notNull(),
  title: text('title').notNull(),
  publisher: text('publisher').notNull(),
  author: text('author'),
  url: text('url'),
  publishedOn: text('published_on'),
  publishedPrecision: text('published_precision', { enum: datePrecisions }).notNull().default('unknown'),
  licence: text('licence').notNull(),
  retrievedOn: text('retrieved_on'),
  note: text('note'),
}, (t) => [index('sources_kind_idx').on(t.kind)])
