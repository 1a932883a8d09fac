import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bodies } from './bodies'
import { origins } from './enums'
import { outcomes, savingsClaims } from './claims'
import { contracts } from './contracts'
import { foiRequests } from './foi'
import { programmes, totalPlacePilots } from './programmes'
import { customerSegments } from './segments'
import { sources } from './sources'
import { suppliers } from './suppliers'
import { unitCosts } from './unit-costs'

/**
 * Which source evidences which fact, with the words it uses. Exactly one fact column is set
 * per row; one table keeps "every fact has sources" a single join for every fact type.
 */
export const citations = sqliteTable('citations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sourceId: text('source_id').notNull().references(() => sources.id),
  quote: text('quote'),
  bodyId: text('body_id').references(() => bodies.id),
  supplierId: text('supplier_id').references(() => suppliers.id),
  programmeId: text('programme_id').references(() => programmes.id),
  pilotId: text('pilot_id').references(() => totalPlacePilots.id),
  contractId: text('contract_id').references(() => contracts.id),
  claimId: text('claim_id').references(() => savingsClaims.id),
  unitCostId: text('unit_cost_id').references(() => unitCosts.id),
  segmentId: text('segment_id').references(() => customerSegments.id),
  outcomeId: text('outcome_id').references(() => outcomes.id),
  foiRequestId: text('foi_request_id').references(() => foiRequests.id),
  /** Who wrote the row: `ingest data` replaces only curated citations; an FOI record replaces its own. */
  origin: text('origin', { enum: origins }).notNull().default('curated'),
}, (t) => [
  index('citations_source_id_idx').on(t.sourceId),
  index('citations_body_id_idx').on(t.bodyId),
  index('citations_supplier_id_idx').on(t.supplierId),
  index('citations_programme_id_idx').on(t.programmeId),
  index('citations_pilot_id_idx').on(t.pilotId),
  index('citations_contract_id_idx').on(t.contractId),
  index('citations_claim_id_idx').on(t.claimId),
  index('citations_unit_cost_id_idx').on(t.unitCostId),
  index('citations_segment_id_idx').on(t.segmentId),
  index('citations_outcome_id_idx').on(t.outcomeId),
  index('citations_foi_request_id_idx').on(t.foiRequestId),
])
