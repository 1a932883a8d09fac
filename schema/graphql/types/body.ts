import { eq, sql } from 'drizzle-orm'
import { bodies } from '../../tables'
import { builder } from '../builder'
import { evidenceFields } from './source'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches } from '../inputs/match'
import { BodyKind, FoiStatus } from './enums'
import { parsePeriod, uncoveredMonths } from './foi-draft'
import { ApiError } from '../errors'
import type { FoiStatus as FoiStatusValue } from '../../tables/enums'

const FoiStatusCount = builder.objectRef<{ status: FoiStatusValue; count: number }>('FoiStatusCount').implement({
  description: 'How many FOI requests to a body stand at one status.',
  fields: (t) => ({
    status: t.field({ type: FoiStatus, resolve: (c) => c.status }),
    count: t.int({ resolve: (c) => c.count }),
  }),
})

/** The body's page on WhatDoTheyKnow, from the url_name WhatDoTheyKnow gave us; never guessed. */
export function whatDoTheyKnowBodyUrl(urlName: string | null): string | null {
  return urlName ? `https://www.whatdotheyknow.com/body/${encodeURIComponent(urlName)}` : null
}

export const Body = builder.drizzleNode('bodies', {
  name: 'Body',
  description: 'A public body: a council, government department, agency, police or fire service.',
  id: { column: (b) => b.id },
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'Stable readable id, e.g. "haringey".' }),
    name: t.exposeString('name', { description: 'Official name.' }),
    kind: t.expose('kind', { type: BodyKind }),
    gssCode: t.exposeString('gssCode', { nullable: true, description: 'ONS GSS code, e.g. E09000014, where known.' }),
    orgId: t.exposeString('orgId', { nullable: true, description: 'org-id identifier, e.g. GB-LAE-HRY, where known.' }),
    region: t.exposeString('region', { nullable: true }),
    nation: t.exposeString('nation', { nullable: true }),
    aliases: t.stringList({
      description: 'Names the body goes by in files and documents.',
      select: { with: { aliases: { columns: { alias: true } } } },
      resolve: (b) => b.aliases.map((a) => a.alias),
    }),
    contracts: t.relatedConnection('contracts', { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'Contracts this body let, as buyer.' }),
    savingsClaims: t.relatedConnection('savingsClaims', { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'Savings this body claimed.' }),
    foiRequests: t.relatedConnection('foiRequests', { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'FOI requests made to this body.' }),
    foiRequestsByStatus: t.field({
      type: [FoiStatusCount],
      description: 'How many FOI requests to this body stand at each status (refused, not held, successful…), most first.',
      select: (_args, _ctx, _nested) => ({
        extras: {
          foiCounts: (b) => sql<string>`(SELECT json_group_array(json_object('status', status, 'count', n)) FROM (SELECT status, count(*) AS n FROM foi_requests WHERE authority_id = ${b.id} GROUP BY status ORDER BY n DESC, status))`,
        },
      }),
      resolve: (b) => JSON.parse((b as { foiCounts?: string }).foiCounts ?? '[]') as Array<{ status: FoiStatusValue; count: number }>,
    }),
    missingSpendMonths: t.stringList({
      description:
        'The months (YYYY-MM) of `period` that no spend file of this body covers: the gap foiDraft(subject: MISSING_SPEND_FILES) asks for. period: "2013-14" (financial year), "2014", "2014-03" or "2014-04..2015-03".',
      args: { period: t.arg.string({ required: true }) },
      select: () => ({
        extras: {
          spendPeriods: (b) => sql<string>`(SELECT json_group_array(json_object('start', period_start, 'end', period_end)) FROM spend_files WHERE body_id = ${b.id} AND status = 'ingested')`,
        },
      }),
      resolve: (b, args) => {
        const period = parsePeriod(args.period)
        if (!period) throw new ApiError({ code: 'BAD_USER_INPUT', message: `period must look like 2013-14, 2014, 2014-03 or 2014-04..2015-03; got "${args.period}"` })
        return uncoveredMonths(period.from, period.to, JSON.parse((b as { spendPeriods?: string }).spendPeriods ?? '[]') as Array<{ start: string | null; end: string | null }>)
      },
    }),
    whatDoTheyKnowUrlName: t.exposeString('whatDoTheyKnowUrlName', { nullable: true, description: "The body's url_name on WhatDoTheyKnow, as WhatDoTheyKnow gives it; null when we have not been given it." }),
    whatDoTheyKnowUrl: t.string({
      nullable: true,
      description: "The body's page on WhatDoTheyKnow; null when we do not know its url_name (we never guess one).",
      select: { columns: { whatDoTheyKnowUrlName: true } },
      resolve: (b) => whatDoTheyKnowBodyUrl(b.whatDoTheyKnowUrlName),
    }),
    programmes: t.relatedConnection('programmes', { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'Programmes this body owns, funds, won or takes part in.' }),
    totalPlacePilots: t.relatedConnection('totalPlacePilots', { totalCount: true, query: { orderBy: { name: 'asc' } }, description: 'Total Place pilots this body was a member of.' }),
    spendFiles: t.relatedConnection('spendFiles', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    ...evidenceFields(t),
  }),
})

const BodyFilter = builder.inputType('BodyFilter', {
  fields: (t) => ({
    name: t.string({ description: 'Matches the id, official name or any alias, case-insensitively.' }),
    kind: t.field({ type: BodyKind }),
    region: t.string(),
  }),
})

builder.queryFields((t) => ({
  body: t.drizzleField({
    type: 'bodies',
    nullable: true,
    description: 'A body by its slug, e.g. "haringey". Null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _p, args, ctx) => ctx.db.query.bodies.findFirst(query({ where: { id: args.slug } })),
  }),
  bodies: t.drizzleConnection({
    type: 'bodies',
    description: 'Public bodies, by name.',
    args: { filter: t.arg({ type: BodyFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, bodies, bodyFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.bodies.findMany(query({ where: { RAW: (t) => bodyFilter(args.filter)(t) }, orderBy: { name: 'asc' } })),
  }),
}))

function bodyFilter(filter: { name?: string | null; kind?: (typeof bodies.$inferSelect)['kind'] | null; region?: string | null } | null | undefined): TableFilter<typeof bodies> {
  return allOf<typeof bodies>(
    filter?.name != null && ((t) => bodyMatches(t.id, 'filter.name', filter.name as string)),
    filter?.kind != null && ((t) => eq(t.kind, filter.kind as NonNullable<typeof filter.kind>)),
    filter?.region != null && ((t) => eq(t.region, filter.region as string)),
  )
}
