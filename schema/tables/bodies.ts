import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { bodyKinds, origins } from './enums'
import { sources } from './sources'

/** Public bodies: councils, departments, agencies, police and fire services. */
export const bodies = sqliteTable('bodies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: bodyKinds }).notNull(),
  gssCode: text('gss_code'),
  orgId: text('org_id'),
  region: text('region'),
  nation: text('nation'),
  note: text('note'),
  origin: text('origin', { enum: origins }).notNull().default('curated'),
  /** The body's `url_name` on WhatDoTheyKnow, as its own export or pages give it; never guessed. */
  whatDoTheyKnowUrlName: text('wdtk_url_name'),
}, (t) => [uniqueIndex('bodies_name_uq').on(t.name)])

/** Names a body goes by in files and documents, normalised for lookup. */
export const bodyAliases = sqliteTable('body_aliases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  alias: text('alias').notNull(),
  normalised: text('normalised').notNull(),
  sourceId: text('source_id').references(() => sources.id),
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('body_aliases_body_id_idx').on(t.bodyId),
  uniqueIndex('body_aliases_normalised_uq').on(t.normalised),
])
