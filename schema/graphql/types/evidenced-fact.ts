import { builder } from '../builder'
import { Outcome, SavingsClaim } from './claim'
import { Contract } from './contract'

/** A fact an FOI answer evidences. Rows are told apart by the column only their table has. */
export const EvidencedFact = builder.unionType('EvidencedFact', {
  types: [Contract, SavingsClaim, Outcome],
  resolveType: (row) => ('buyerId' in row ? Contract : 'claimantId' in row ? SavingsClaim : Outcome),
})
