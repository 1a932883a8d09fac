import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'

/**
 * A customer segment a source names for a place ("Birmingham (alocholics and drug addicts)"): a
 * fact about the place, not a Total Place theme. `place` is the place as the source writes it;
 * `bodyId` is the body whose area it is, where that reading is safe (null for "Greater Manchester",
 * which no single body covered).
 */
export const customerSegments = sqliteTable('customer_segments', {
  id: text('id').primaryKey(),
  place: text('place').notNull(),
  bodyId: text('body_id').references(() => bodies.id),
  segment: text('segment').notNull(),
  note: text('note'),
}, (t) => [index('customer_segments_body_id_idx').on(t.bodyId)])
