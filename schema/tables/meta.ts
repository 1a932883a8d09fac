import { sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Key/value facts about the database itself: the loaded dataset's hash, the data version. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})
