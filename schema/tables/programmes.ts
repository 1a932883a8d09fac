import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { currencies, datePrecisions, programmeKinds, programmeRoles, vatBases } from './enums'

/** Named programmes: "Haringey 54,000 Programme", "One Barnet", "Total Place", funds and challenges. */
export const programmes = sqliteTable('programmes', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: programmeKinds }).notNull(),
  description: text('description'),
  startedOn: text('started_on'),
  startedPrecision: text('started_precision', { enum: datePrecisions }).notNull().default('unknown'),
  endedOn: text('ended_on'),
  endedPrecision: text('ended_precision', { enum: datePrecisions }).notNull().default('unknown'),
  /** A programme's own money, e.g. the £200m transformation fund. */
  budgetPence: integer('budget_pence'),
  budgetCurrency: text('budget_currency', { enum: currencies }),
  budgetVatBasis: text('budget_vat_basis', { enum: vatBases }),
  parentId: text('parent_id'),
}, (t) => [index('programmes_parent_id_idx').on(t.parentId)])

/** Which bodies own, fund, win or take part in a programme, with what the source says they do in it. */
export const programmeBodies = sqliteTable('programme_bodies', {
  programmeId: text('programme_id').notNull().references(() => programmes.id),
  bodyId: text('body_id').notNull().references(() => bodies.id),
  role: text('role', { enum: programmeRoles }).notNull(),
  detail: text('detail'),
}, (t) => [
  primaryKey({ columns: [t.programmeId, t.bodyId, t.role] }),
  index('programme_bodies_body_id_idx').on(t.bodyId),
])

/** The Total Place pilot areas (2009–10): one row per area. */
export const totalPlacePilots = sqliteTable('total_place_pilots', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  region: text('region').notNull(),
  programmeId: text('programme_id').notNull().references(() => programmes.id),
}, (t) => [index('total_place_pilots_programme_id_idx').on(t.programmeId)])

export const totalPlacePilotBodies = sqliteTable('total_place_pilot_bodies', {
  pilotId: text('pilot_id').notNull().references(() => totalPlacePilots.id),
  bodyId: text('body_id').notNull().references(() => bodies.id),
}, (t) => [
  primaryKey({ columns: [t.pilotId, t.bodyId] }),
  index('total_place_pilot_bodies_body_id_idx').on(t.bodyId),
])

/** Service themes a pilot worked on, as a source names them. */
export const totalPlacePilotThemes = sqliteTable('total_place_pilot_themes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  pilotId: text('pilot_id').notNull().references(() => totalPlacePilots.id),
  theme: text('theme').notNull(),
}, (t) => [index('total_place_pilot_themes_pilot_id_idx').on(t.pilotId)])
