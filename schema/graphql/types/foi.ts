import { foiRequests } from '../../tables'
import { builder } from '../builder'
import { distinctById, evidenceFields } from './source'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches } from '../inputs/match'
import { partialDate, PartialDate } from './dates'
import { FoiStatus } from './enums'
import { EvidencedFact } from './evidenced-fact'

export const FoiRequest = builder.drizzleNode('foiRequests', {
  name: 'FoiRequest',
  description: 'A Freedom of Information request, and the answer that evidences facts in this dataset.',
  id: { column: (f) => f.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true }),
    platform: t.exposeString('platform', { nullable: true, description: 'Where it was made, e.g. WhatDoTheyKnow.' }),
    authority: t.relation('authority'),
    requested: t.field({ type: PartialDate, resolve: (f) => partialDate(f.requestedOn, f.requestedPrecision) }),
    answered: t.field({ type: PartialDate, resolve: (f) => partialDate(f.answeredOn, f.answeredPrecision, f.answeredInferred, f.answeredNote) }),
    status: t.field({ type: FoiStatus, resolve: (f) => f.status }),
    response: t.relation('response', { nullable: true, description: 'The answer, as a source that facts cite.' }),
    evidences: t.field({
      type: [EvidencedFact],
      description: 'The contracts, claims and outcomes whose sources include this answer.',
      select: {
        with: {
          response: {
            with: {
              citations: {
                columns: {},
                with: { contract: true, claim: true, outcome: true },
              },
            },
          },
        },
      },
      // A fact cites the same answer once per figure: list each fact once.
      resolve: (f) => {
        const cited = f.response?.citations ?? []
        const each = <T,>(pick: (c: (typeof cited)[number]) => T | null) => distinctById(cited.flatMap((c) => pick(c) ?? []) as Array<T & { id: string }>)
        return [...each((c) => c.contract), ...each((c) => c.claim), ...each((c) => c.outcome)]
      },
    }),
    ...evidenceFields(t),
  }),
})

const FoiFilter = builder.inputType('FoiRequestFilter', {
  fields: (t) => ({ authority: t.string({ description: "Matches the authority's id, name or alias." }) }),
})

function foiFilter(filter: { authority?: string | null } | null | undefined): TableFilter<typeof foiRequests> {
  return allOf<typeof foiRequests>(filter?.authority != null && ((t) => bodyMatches(t.authorityId, 'filter.authority', filter.authority as string)))
}

builder.queryFields((t) => ({
  foiRequests: t.drizzleConnection({
    type: 'foiRequests',
    args: { filter: t.arg({ type: FoiFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, foiRequests, foiFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.foiRequests.findMany(query({ where: { RAW: (t) => foiFilter(args.filter)(t) }, orderBy: { id: 'asc' } })),
  }),
}))
