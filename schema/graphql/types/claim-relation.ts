import { claimRelationKinds } from '../../tables/enums'
import { builder } from '../builder'
import { enumOf } from './enums'

export const ClaimRelationKind = enumOf(
  'ClaimRelationKind',
  claimRelationKinds,
  'How two claims relate: ALTERNATIVE (only one will happen), OVERLAPPING (derived from the other, or the same benefit counted another way), ADDITIVE (both count), UNKNOWN (the source does not say; see the note). Alternatives and overlaps are never added.',
)

export const ClaimRelation = builder.drizzleObject('claimRelations', {
  name: 'ClaimRelation',
  description: 'How two savings claims relate, as their sources allow. Read both ways.',
  fields: (t) => ({
    claim: t.relation('claim'),
    relatedClaim: t.relation('relatedClaim'),
    relation: t.expose('relation', { type: ClaimRelationKind }),
    note: t.exposeString('note', { nullable: true, description: 'What the source says, or does not say, about the pair.' }),
  }),
})
