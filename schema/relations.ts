import { defineRelations } from 'drizzle-orm'
import * as tables from './tables'

export const relations = defineRelations(tables, (r) => ({
  sources: {
    citations: r.many.citations({ from: r.sources.id, to: r.citations.sourceId }),
    foiRequests: r.many.foiRequests({ from: r.sources.id, to: r.foiRequests.responseSourceId }),
    spendFiles: r.many.spendFiles(),
  },
  bodies: {
    aliases: r.many.bodyAliases(),
    contracts: r.many.contracts(),
    savingsClaims: r.many.savingsClaims(),
    outcomes: r.many.outcomes(),
    foiRequests: r.many.foiRequests(),
    payments: r.many.payments(),
    spendFiles: r.many.spendFiles(),
    programmeRoles: r.many.programmeBodies(),
    programmes: r.many.programmes({
      from: r.bodies.id.through(r.programmeBodies.bodyId),
      to: r.programmes.id.through(r.programmeBodies.programmeId),
    }),
    totalPlacePilots: r.many.totalPlacePilots({
      from: r.bodies.id.through(r.totalPlacePilotBodies.bodyId),
      to: r.totalPlacePilots.id.through(r.totalPlacePilotBodies.pilotId),
    }),
    citations: r.many.citations({ from: r.bodies.id, to: r.citations.bodyId }),
    sources: r.many.sources({
      from: r.bodies.id.through(r.citations.bodyId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  bodyAliases: {
    body: r.one.bodies({ from: r.bodyAliases.bodyId, to: r.bodies.id, optional: false }),
    source: r.one.sources({ from: r.bodyAliases.sourceId, to: r.sources.id }),
  },
  suppliers: {
    body: r.one.bodies({ from: r.suppliers.bodyId, to: r.bodies.id }),
    aliases: r.many.supplierAliases(),
    contracts: r.many.contracts(),
    payments: r.many.payments(),
    citations: r.many.citations({ from: r.suppliers.id, to: r.citations.supplierId }),
    sources: r.many.sources({
      from: r.suppliers.id.through(r.citations.supplierId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  supplierAliases: {
    supplier: r.one.suppliers({ from: r.supplierAliases.supplierId, to: r.suppliers.id, optional: false }),
    source: r.one.sources({ from: r.supplierAliases.sourceId, to: r.sources.id }),
  },
  programmes: {
    parent: r.one.programmes({ from: r.programmes.parentId, to: r.programmes.id, alias: 'programme_parent' }),
    children: r.many.programmes({ alias: 'programme_parent' }),
    bodyRoles: r.many.programmeBodies(),
    contracts: r.many.contracts(),
    savingsClaims: r.many.savingsClaims(),
    outcomes: r.many.outcomes(),
    totalPlacePilots: r.many.totalPlacePilots(),
    citations: r.many.citations({ from: r.programmes.id, to: r.citations.programmeId }),
    sources: r.many.sources({
      from: r.programmes.id.through(r.citations.programmeId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  programmeBodies: {
    programme: r.one.programmes({ from: r.programmeBodies.programmeId, to: r.programmes.id, optional: false }),
    body: r.one.bodies({ from: r.programmeBodies.bodyId, to: r.bodies.id, optional: false }),
  },
  totalPlacePilots: {
    programme: r.one.programmes({ from: r.totalPlacePilots.programmeId, to: r.programmes.id, optional: false }),
    bodies: r.many.bodies({
      from: r.totalPlacePilots.id.through(r.totalPlacePilotBodies.pilotId),
      to: r.bodies.id.through(r.totalPlacePilotBodies.bodyId),
    }),
    themes: r.many.totalPlacePilotThemes(),
    citations: r.many.citations({ from: r.totalPlacePilots.id, to: r.citations.pilotId }),
    sources: r.many.sources({
      from: r.totalPlacePilots.id.through(r.citations.pilotId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  totalPlacePilotThemes: {
    pilot: r.one.totalPlacePilots({ from: r.totalPlacePilotThemes.pilotId, to: r.totalPlacePilots.id, optional: false }),
  },
  contracts: {
    buyer: r.one.bodies({ from: r.contracts.buyerId, to: r.bodies.id, optional: false }),
    supplier: r.one.suppliers({ from: r.contracts.supplierId, to: r.suppliers.id }),
    programme: r.one.programmes({ from: r.contracts.programmeId, to: r.programmes.id }),
    savingsClaims: r.many.savingsClaims(),
    citations: r.many.citations({ from: r.contracts.id, to: r.citations.contractId }),
    sources: r.many.sources({
      from: r.contracts.id.through(r.citations.contractId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  savingsClaims: {
    claimant: r.one.bodies({ from: r.savingsClaims.claimantId, to: r.bodies.id, optional: false }),
    programme: r.one.programmes({ from: r.savingsClaims.programmeId, to: r.programmes.id }),
    contract: r.one.contracts({ from: r.savingsClaims.contractId, to: r.contracts.id }),
    outcomes: r.many.outcomes(),
    citations: r.many.citations({ from: r.savingsClaims.id, to: r.citations.claimId }),
    sources: r.many.sources({
      from: r.savingsClaims.id.through(r.citations.claimId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  outcomes: {
    claim: r.one.savingsClaims({ from: r.outcomes.claimId, to: r.savingsClaims.id }),
    programme: r.one.programmes({ from: r.outcomes.programmeId, to: r.programmes.id }),
    body: r.one.bodies({ from: r.outcomes.bodyId, to: r.bodies.id }),
    citations: r.many.citations({ from: r.outcomes.id, to: r.citations.outcomeId }),
    sources: r.many.sources({
      from: r.outcomes.id.through(r.citations.outcomeId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  foiRequests: {
    authority: r.one.bodies({ from: r.foiRequests.authorityId, to: r.bodies.id, optional: false }),
    response: r.one.sources({ from: r.foiRequests.responseSourceId, to: r.sources.id }),
    citations: r.many.citations({ from: r.foiRequests.id, to: r.citations.foiRequestId }),
    sources: r.many.sources({
      from: r.foiRequests.id.through(r.citations.foiRequestId),
      to: r.sources.id.through(r.citations.sourceId),
    }),
  },
  citations: {
    source: r.one.sources({ from: r.citations.sourceId, to: r.sources.id, optional: false }),
    contract: r.one.contracts({ from: r.citations.contractId, to: r.contracts.id }),
    claim: r.one.savingsClaims({ from: r.citations.claimId, to: r.savingsClaims.id }),
    outcome: r.one.outcomes({ from: r.citations.outcomeId, to: r.outcomes.id }),
  },
  spendFiles: {
    body: r.one.bodies({ from: r.spendFiles.bodyId, to: r.bodies.id, optional: false }),
    source: r.one.sources({ from: r.spendFiles.sourceId, to: r.sources.id, optional: false }),
    payments: r.many.payments(),
    rejects: r.many.spendRejects(),
  },
  payments: {
    spendFile: r.one.spendFiles({ from: r.payments.spendFileId, to: r.spendFiles.id, optional: false }),
    body: r.one.bodies({ from: r.payments.bodyId, to: r.bodies.id, optional: false }),
    supplier: r.one.suppliers({ from: r.payments.supplierId, to: r.suppliers.id }),
  },
  spendRejects: {
    spendFile: r.one.spendFiles({ from: r.spendRejects.spendFileId, to: r.spendFiles.id, optional: false }),
  },
}))

export type Relations = typeof relations
