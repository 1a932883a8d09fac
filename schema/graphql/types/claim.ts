import { eq } from 'drizzle-orm'
import { outcomes, savingsClaims } from '../../tables'
import { builder } from '../builder'
import { evidenceFields } from './source'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches, programmeMatches } from '../inputs/match'
import { partialDate, PartialDate } from './dates'
import { AmountQualifier, ClaimBasis, ClaimKind, GrossOrNet } from './enums'
import { ClaimRelation } from './claim-relation'
import { Hedge } from './hedge'
import { decimalOf, Money, moneyOf } from './money'

export const SavingsClaim = builder.drizzleNode('savingsClaims', {
  name: 'SavingsClaim',
  description:
    'A saving, target or estimate promised in a business case or report, as stated: low and high bounds (equal for a single figure), gross or net, over what horizon, with the source\'s hedges and how it relates to other claims. Never add claims yourself: use claimTotals, which does not count alternatives or overlaps twice. Compare with outcomes.',
  id: { column: (c) => c.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    scenario: t.exposeString('scenario', { nullable: true, description: 'The option this figure belongs to when a case offers alternatives.' }),
    claimant: t.relation('claimant', { nullable: true, description: 'Who makes the claim; null when the source does not say ("Estimates that …").' }),
    programme: t.relation('programme', { nullable: true }),
    contract: t.relation('contract', { nullable: true }),
    low: t.field({ type: Money, nullable: true, resolve: (c) => moneyOf(c.lowPence, c.currency, 'unknown') }),
    high: t.field({ type: Money, nullable: true, resolve: (c) => moneyOf(c.highPence, c.currency, 'unknown') }),
    lowPercent: t.string({
      nullable: true,
      description: 'A share the source gives ("19%", "25 and 40%"): the low bound as an exact decimal string of percent, e.g. "7.10".',
      resolve: (c) => (c.lowBasisPoints === null ? null : decimalOf(c.lowBasisPoints)),
    }),
    highPercent: t.string({
      nullable: true,
      description: 'The high bound of the share as an exact decimal string of percent; equal to lowPercent for a single figure.',
      resolve: (c) => (c.highBasisPoints === null ? null : decimalOf(c.highBasisPoints)),
    }),
    qualifier: t.expose('qualifier', { type: AmountQualifier, description: 'How the source bounds the figure ("around" is ABOUT, "more than" AT_LEAST).' }),
    hedges: t.relation('hedges', { description: 'The source\'s hedges on this claim\'s figure ("from what I can gather").', query: { orderBy: { id: 'asc' } } }),
    relations: t.field({
      type: [ClaimRelation],
      description: 'How this claim relates to other claims (alternative, overlapping, additive or unknown), either way round.',
      select: (_args, _ctx, nested) => ({ with: { relations: nested(), relatedFrom: nested() } }),
      resolve: (c) => [...c.relations, ...c.relatedFrom],
    }),
    grossOrNet: t.expose('grossOrNet', { type: GrossOrNet }),
    kind: t.expose('kind', { type: ClaimKind }),
    basis: t.expose('basis', { type: ClaimBasis }),
    horizonYears: t.exposeInt('horizonYears', { nullable: true }),
    claimed: t.field({ type: PartialDate, resolve: (c) => partialDate(c.claimedOn, c.claimedPrecision, c.claimedInferred, c.claimedNote) }),
    outcomes: t.relatedConnection('outcomes', { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'What was reported as achieved against this claim.' }),
    ...evidenceFields(t),
  }),
})

export const Outcome = builder.drizzleNode('outcomes', {
  name: 'Outcome',
  description: 'What was reported as actually achieved, linked to the claim it answers when there is one.',
  id: { column: (o) => o.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    claim: t.relation('claim', { nullable: true }),
    programme: t.relation('programme', { nullable: true }),
    body: t.relation('body', { nullable: true }),
    amount: t.field({ type: Money, nullable: true, resolve: (o) => moneyOf(o.amountPence, o.currency, 'unknown') }),
    qualifier: t.expose('qualifier', { type: AmountQualifier }),
    hedges: t.relation('hedges', { query: { orderBy: { id: 'asc' } } }),
    basis: t.expose('basis', { type: ClaimBasis }),
    reported: t.field({ type: PartialDate, resolve: (o) => partialDate(o.reportedOn, o.reportedPrecision) }),
    ...evidenceFields(t),
  }),
})

const SavingsClaimFilter = builder.inputType('SavingsClaimFilter', {
  fields: (t) => ({
    claimant: t.string({ description: "Matches the claimant body's id, name or alias." }),
    programme: t.string({ description: "Matches the programme's id or name." }),
    kind: t.field({ type: ClaimKind }),
  }),
})

type ClaimFilterShape = { claimant?: string | null; programme?: string | null; kind?: (typeof savingsClaims.$inferSelect)['kind'] | null }

function claimFilter(filter: ClaimFilterShape | null | undefined): TableFilter<typeof savingsClaims> {
  return allOf<typeof savingsClaims>(
    filter?.claimant != null && ((t) => bodyMatches(t.claimantId, 'filter.claimant', filter.claimant as string)),
    filter?.programme != null && ((t) => programmeMatches(t.programmeId, 'filter.programme', filter.programme as string)),
    filter?.kind != null && ((t) => eq(t.kind, filter.kind as NonNullable<ClaimFilterShape['kind']>)),
  )
}

builder.queryFields((t) => ({
  savingsClaims: t.drizzleConnection({
    type: 'savingsClaims',
    description: 'Promised savings, as claimed.',
    args: { filter: t.arg({ type: SavingsClaimFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, savingsClaims, claimFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.savingsClaims.findMany(query({ where: { RAW: (t) => claimFilter(args.filter)(t) }, orderBy: { id: 'asc' } })),
  }),
  outcomes: t.drizzleConnection({
    type: 'outcomes',
    description: 'Reported results: savings achieved, with sources.',
    totalCount: (_p, _a, ctx) => ctx.db.$count(outcomes),
    resolve: (query, _p, _a, ctx) => ctx.db.query.outcomes.findMany(query({ orderBy: { id: 'asc' } })),
  }),
}))
