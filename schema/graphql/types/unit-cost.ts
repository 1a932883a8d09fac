import { unitCosts } from '../../tables'
import { unitCostKinds } from '../../tables/enums'
import { builder } from '../builder'
import { AmountQualifier } from './enums'
import { enumOf } from './enums'
import { Money } from './money'
import { evidenceFields } from './source'

export const UnitCostKind = enumOf('UnitCostKind', unitCostKinds, 'COST: what one unit of a service costs; FEE: what a body charges for it.')

export const UnitCost = builder.drizzleNode('unitCosts', {
  name: 'UnitCost',
  description: 'What one unit of a public service costs, or what a body charges for it, as a source states it ("46p a visit"). A rate, never a total: it is not added to spend or claims.',
  id: { column: (u) => u.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    kind: t.expose('kind', { type: UnitCostKind }),
    subject: t.exposeString('subject', { description: 'What is costed.' }),
    unit: t.exposeString('unit', { description: 'The unit, as the source gives it: "a visit".' }),
    description: t.exposeString('description', { nullable: true }),
    body: t.relation('body', { nullable: true, description: 'The body that bears the cost or charges the fee, where the source names one.' }),
    amount: t.field({ type: Money, resolve: (u) => ({ pence: u.amountPence, currency: u.currency, vatBasis: u.vatBasis }) }),
    qualifier: t.expose('qualifier', { type: AmountQualifier }),
    ...evidenceFields(t),
  }),
})

builder.queryFields((t) => ({
  unitCosts: t.drizzleConnection({
    type: 'unitCosts',
    description: 'Unit costs and fees the sources state, by slug.',
    totalCount: (_p, _a, ctx) => ctx.db.$count(unitCosts),
    resolve: (query, _p, _a, ctx) => ctx.db.query.unitCosts.findMany(query({ orderBy: { id: 'asc' } })),
  }),
}))
