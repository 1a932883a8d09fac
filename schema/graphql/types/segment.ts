import { customerSegments } from '../../tables'
import { builder } from '../builder'
import { Body } from './body'
import { evidenceFields } from './source'

export const CustomerSegment = builder.drizzleNode('customerSegments', {
  name: 'CustomerSegment',
  description:
    'A customer segment a source names for a place ("Birmingham (alocholics and drug addicts)"): a fact about the place, not a Total Place theme.',
  id: { column: (s) => s.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    place: t.exposeString('place', { description: 'The place as the source writes it.' }),
    body: t.relation('body', { nullable: true, description: 'The body whose area it is, where that reading is safe.' }),
    segment: t.exposeString('segment'),
    note: t.exposeString('note', { nullable: true }),
    ...evidenceFields(t),
  }),
})

builder.drizzleObjectField(Body, 'customerSegments', (t) =>
  t.relation('customerSegments', { description: 'Customer segments a source names for this body\'s area.', query: { orderBy: { id: 'asc' } } }),
)

builder.queryFields((t) => ({
  customerSegments: t.drizzleConnection({
    type: 'customerSegments',
    description: 'Customer segments the sources name for places, by slug.',
    totalCount: (_p, _a, ctx) => ctx.db.$count(customerSegments),
    resolve: (query, _p, _a, ctx) => ctx.db.query.customerSegments.findMany(query({ orderBy: { id: 'asc' } })),
  }),
}))
