import { eq, isNotNull, sql } from 'drizzle-orm'
import { foiRequests } from '../../tables'
import type { FoiStatus as FoiStatusValue } from '../../tables/enums'
import { builder } from '../builder'
import { ApiError } from '../errors'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches, containsPattern } from '../inputs/match'
import { Outcome, SavingsClaim } from './claim'
import { Contract } from './contract'
import { partialDate, PartialDate } from './dates'
import { FoiStatus } from './enums'
import { EvidencedFact } from './evidenced-fact'
import { Citation, distinctById, evidenceFields } from './source'
import { SpendFile } from './spend'

/** The request's page on WhatDoTheyKnow, when its URL is one. */
export function whatDoTheyKnowRequestUrl(url: string | null): string | null {
  return url && /^https:\/\/www\.whatdotheyknow\.com\/request\/[^/?#]+/i.test(url) ? url : null
}

const FoiRecordVersion = builder.drizzleObject('foiRecordVersions', {
  name: 'FoiRecordVersion',
  description: 'One version of an FOI record as landed. A changed record replaces its facts; earlier versions stay here, as they were, for anyone who cited them.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    sha256: t.exposeString('sha256'),
    fileName: t.exposeString('fileName'),
    landedAt: t.exposeString('landedAt'),
    supersededAt: t.exposeString('supersededAt', { nullable: true, description: 'When a later version replaced it; null for the current one.' }),
    record: t.exposeString('record', { description: 'The record as landed, as JSON (money in pence): its request, answer, facts and attachments.' }),
  }),
})

/** A fact an FOI record states: its contracts, claims and outcomes, and the tables it came with (their payments). */
const FoiFact = builder.unionType('FoiFact', {
  types: [Contract, SavingsClaim, Outcome, SpendFile],
  resolveType: (row) => ('buyerId' in row ? Contract : 'claimantId' in row ? SavingsClaim : 'sha256' in row ? SpendFile : Outcome),
})

export const FoiRequest = builder.drizzleNode('foiRequests', {
  name: 'FoiRequest',
  description: 'A Freedom of Information request, and the answer that evidences facts in this dataset.',
  id: { column: (f) => f.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true, description: "The request's page: its identity when it has one." }),
    whatDoTheyKnowUrl: t.string({
      nullable: true,
      description: "The request's page on WhatDoTheyKnow, where the correspondence can be read; null when it was not made there.",
      select: { columns: { url: true } },
      resolve: (f) => whatDoTheyKnowRequestUrl(f.url),
    }),
    platform: t.exposeString('platform', { nullable: true, description: 'Where it was made or logged, e.g. WhatDoTheyKnow, a disclosure log.' }),
    reference: t.exposeString('reference', { nullable: true, description: "The body's own reference, from its disclosure log." }),
    authority: t.relation('authority'),
    requested: t.field({ type: PartialDate, resolve: (f) => partialDate(f.requestedOn, f.requestedPrecision) }),
    answered: t.field({ type: PartialDate, resolve: (f) => partialDate(f.answeredOn, f.answeredPrecision, f.answeredInferred, f.answeredNote) }),
    status: t.expose('status', { type: FoiStatus }),
    statusAsPublished: t.exposeString('statusRaw', { nullable: true, description: 'The status in the source\'s own words ("Long overdue", "Provided in Full").' }),
    request: t.exposeString('requestText', { nullable: true, description: "The request's words, where the source gives them." }),
    answer: t.exposeString('answer', { nullable: true, description: "The answer's words, quoted." }),
    consultancy: t.boolean({
      description: 'About consultants, interims, outsourcing or a named firm, by the rule in consultancyRule.',
      select: { columns: { consultancyRule: true } },
      resolve: (f) => f.consultancyRule != null,
    }),
    consultancyRule: t.exposeString('consultancyRule', { nullable: true, description: 'Which rule flagged it (see README, "From an FOI answer to data").' }),
    response: t.relation('response', { nullable: true, description: 'The answer, as a source that facts cite.' }),
    facts: t.field({
      type: [FoiFact],
      description: 'The contracts, savings claims and outcomes its answer states, and the tables it came with (each a SpendFile whose payments have this answer as their source).',
      select: { with: { facts: { columns: {}, with: { contract: true, claim: true, outcome: true, spendFile: true } } } },
      resolve: (f) => f.facts.flatMap((x) => [...(x.contract ? [x.contract] : []), ...(x.claim ? [x.claim] : []), ...(x.outcome ? [x.outcome] : []), ...(x.spendFile ? [x.spendFile] : [])]),
    }),
    versions: t.relation('versions', { query: { orderBy: { version: 'desc' } }, description: 'Every version of its FOI record, newest first; empty for requests read from lists.' }),
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

// Every fact's evidence names the FOI request behind it, when the cited source is an FOI answer.
builder.drizzleObjectField(Citation, 'foiRequest', (t) =>
  t.relation('answerOf', { nullable: true, description: 'The FOI request whose answer this source is: the request behind the fact.' }),
)

const FoiFilter = builder.inputType('FoiRequestFilter', {
  fields: (t) => ({
    authority: t.string({ description: "Matches the authority's id, name or alias." }),
    status: t.field({ type: FoiStatus }),
    text: t.string({ description: 'Title, request or answer contains this text, case-insensitively.' }),
    from: t.string({ description: 'Requested on or after this day, YYYY-MM-DD. Requests whose date is unknown are left out when from or to is set.' }),
    to: t.string({ description: 'Requested on or before this day, YYYY-MM-DD.' }),
    consultancyOnly: t.boolean({ description: 'Only requests about consultants, interims, outsourcing or named firms.' }),
  }),
})

interface FoiFilterShape {
  authority?: string | null
  status?: FoiStatusValue | null
  text?: string | null
  from?: string | null
  to?: string | null
  consultancyOnly?: boolean | null
}

function day(field: string, value: string): string {
  const d = new Date(`${value}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new ApiError({ code: 'BAD_FILTER', message: `${field} must be a day written YYYY-MM-DD, e.g. "2019-09-24"; got "${value}"` })
  }
  return value
}

function foiFilter(filter: FoiFilterShape | null | undefined): TableFilter<typeof foiRequests> {
  const from = filter?.from != null ? day('filter.from', filter.from) : null
  const to = filter?.to != null ? day('filter.to', filter.to) : null
  const text = filter?.text != null ? containsPattern('filter.text', filter.text) : null
  // A date known only to its month or year matches when that month or year overlaps the range.
  const last = (t: typeof foiRequests) =>
    sql`(CASE ${t.requestedPrecision} WHEN 'month' THEN ${t.requestedOn} || '-31' WHEN 'year' THEN ${t.requestedOn} || '-12-31' ELSE ${t.requestedOn} END)`
  const first = (t: typeof foiRequests) =>
    sql`(CASE ${t.requestedPrecision} WHEN 'month' THEN ${t.requestedOn} || '-01' WHEN 'year' THEN ${t.requestedOn} || '-01-01' ELSE ${t.requestedOn} END)`
  return allOf<typeof foiRequests>(
    filter?.authority != null && ((t) => bodyMatches(t.authorityId, 'filter.authority', filter.authority as string)),
    filter?.status != null && ((t) => eq(t.status, filter.status as FoiStatusValue)),
    text != null && ((t) => sql`(${t.title} LIKE ${text} ESCAPE '\\' OR ${t.requestText} LIKE ${text} ESCAPE '\\' OR ${t.answer} LIKE ${text} ESCAPE '\\')`),
    from != null && ((t) => sql`${t.requestedOn} IS NOT NULL AND ${t.requestedPrecision} <> 'financial_year' AND ${last(t)} >= ${from}`),
    to != null && ((t) => sql`${t.requestedOn} IS NOT NULL AND ${t.requestedPrecision} <> 'financial_year' AND ${first(t)} <= ${to}`),
    filter?.consultancyOnly === true && ((t) => isNotNull(t.consultancyRule)),
  )
}

builder.queryFields((t) => ({
  foiRequests: t.drizzleConnection({
    type: 'foiRequests',
    description: 'FOI requests: from WhatDoTheyKnow lists, disclosure logs and FOI records, by id.',
    args: { filter: t.arg({ type: FoiFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, foiRequests, foiFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.foiRequests.findMany(query({ where: { RAW: (t) => foiFilter(args.filter)(t) }, orderBy: { id: 'asc' } })),
  }),
  foiRequest: t.drizzleField({
    type: 'foiRequests',
    nullable: true,
    description: 'An FOI request by its slug. Null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _p, args, ctx) => ctx.db.query.foiRequests.findFirst(query({ where: { id: args.slug } })),
  }),
}))
