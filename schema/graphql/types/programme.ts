import { eq, sql } from 'drizzle-orm'
import { programmes, totalPlacePilots } from '../../tables'
import { builder } from '../builder'
import { evidenceFields } from './source'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches, programmeMatches } from '../inputs/match'
import { partialDate, PartialDate } from './dates'
import { ProgrammeKind, ProgrammeRole } from './enums'
import { Money, moneyOf } from './money'
import { type Ledger, type LedgerClaim, programmeLedger } from '../../answers/ledger'
import { programmeRule } from '../inputs/spend-filter'
import { Outcome, SavingsClaim } from './claim'

const money = (pence: number | null, c: { currency: LedgerClaim['claim']['currency'] }) => moneyOf(pence, c.currency, 'unknown')

const FeeRatio = builder.objectRef<NonNullable<LedgerClaim['feesPerPoundClaimed']>>('FeesPerPoundClaimed').implement({
  description: "Fees per pound of saving claimed: low = contracted ÷ the claim's high; high = (contracted + contingent) ÷ the claim's low.",
  fields: (t) => ({
    low: t.float({ nullable: true, description: 'Null when there is no lower bound, e.g. the fees are given as "up to" or as a ceiling.', resolve: (r) => r.low }),
    high: t.float({ nullable: true, description: 'Null when there is no upper bound, e.g. a fee is given as "at least".', resolve: (r) => r.high }),
    exact: t.boolean({ description: 'False when a fee or the claim is given as about, at least or up to (or as a ceiling or an estimate): the ratio is no firmer than they are.', resolve: (r) => r.exact }),
  }),
})

const LedgerClaimRef = builder.objectRef<LedgerClaim>('LedgerClaim').implement({
  description: 'One savings claim as stated, with its own range and horizon. Claims are never added together: they may be alternatives or overlap.',
  fields: (t) => ({
    claim: t.field({ type: SavingsClaim, resolve: (c) => c.claim }),
    low: t.field({ type: Money, nullable: true, resolve: (c) => money(c.low, c.claim) }),
    high: t.field({ type: Money, nullable: true, resolve: (c) => money(c.high, c.claim) }),
    horizonYears: t.int({ nullable: true, resolve: (c) => c.claim.horizonYears }),
    annualLow: t.field({ type: Money, nullable: true, description: 'low a year: over a horizon, low ÷ its years.', resolve: (c) => money(c.annualLow, c.claim) }),
    annualHigh: t.field({ type: Money, nullable: true, resolve: (c) => money(c.annualHigh, c.claim) }),
    feesPerPoundClaimed: t.field({
      type: FeeRatio,
      nullable: true,
      description: 'Null when the fees are in another currency or split over VAT bases (never added together).',
      resolve: (c) => c.feesPerPoundClaimed,
    }),
  }),
})

const LedgerPaid = builder.objectRef<Ledger>('LedgerPaid').implement({
  description: 'Payments from the programme’s bodies to its contracted suppliers within its dates, as ingested spend files show them.',
  fields: (t) => ({
    total: t.field({ type: [Money], description: 'One total per currency and VAT basis.', resolve: (l) => l.paid.map((p) => ({ pence: p.totalPence, currency: p.currency, vatBasis: p.vatBasis })) }),
    payments: t.int({ resolve: (l) => l.paid.reduce((n, p) => n + p.payments, 0) }),
    rule: t.string({ description: 'The rule that matched them (the same as spend(filter: { programme })).', resolve: () => programmeRule.id }),
    ruleDescription: t.string({ resolve: () => programmeRule.description }),
  }),
})

const LedgerFees = builder.objectRef<Ledger>('LedgerFees').implement({
  fields: (t) => ({
    contracted: t.field({ type: [Money], description: "The programme's contract values, one total per currency and VAT basis.", resolve: (l) => l.contracted }),
    contingent: t.field({ type: [Money], description: 'Sums payable only on delivery.', resolve: (l) => l.contingent }),
    paid: t.field({ type: LedgerPaid, resolve: (l) => l }),
    contracts: t.int({ description: 'How many contracts the figures come from.', resolve: (l) => l.contractCount }),
  }),
})

const ProgrammeLedger = builder.objectRef<Ledger>('ProgrammeLedger').implement({
  description: 'Fees against claimed savings, each figure as its sources state it.',
  fields: (t) => ({
    fees: t.field({ type: LedgerFees, resolve: (l) => l }),
    claims: t.field({ type: [LedgerClaimRef], resolve: (l) => l.claims }),
    outcomes: t.field({ type: [Outcome], description: 'What was reported as achieved.', resolve: (l) => l.outcomes }),
  }),
})

export const Programme = builder.drizzleNode('programmes', {
  name: 'Programme',
  description: 'A named programme: a council transformation, an outsourcing programme, a pilot, a fund or a challenge.',
  id: { column: (p) => p.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: ProgrammeKind }),
    description: t.exposeString('description', { nullable: true }),
    started: t.field({ type: PartialDate, resolve: (p) => partialDate(p.startedOn, p.startedPrecision) }),
    ended: t.field({ type: PartialDate, resolve: (p) => partialDate(p.endedOn, p.endedPrecision) }),
    budget: t.field({
      type: Money,
      nullable: true,
      description: "The programme's own money where the source gives it, e.g. a fund's size.",
      resolve: (p) => moneyOf(p.budgetPence, p.budgetCurrency ?? 'GBP', p.budgetVatBasis ?? 'unknown'),
    }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relatedConnection('children', { totalCount: true, query: { orderBy: { name: 'asc' } }, description: 'Projects or strands within this programme.' }),
    bodies: t.relatedConnection('bodyRoles', { totalCount: true, query: { orderBy: { bodyId: 'asc' } }, description: 'Bodies in this programme and their role.' }),
    contracts: t.relatedConnection('contracts', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    savingsClaims: t.relatedConnection('savingsClaims', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    outcomes: t.relatedConnection('outcomes', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    totalPlacePilots: t.relatedConnection('totalPlacePilots', { totalCount: true, query: { orderBy: { name: 'asc' } } }),
    ledger: t.field({
      type: ProgrammeLedger,
      description: 'Fees contracted, contingent and paid, beside each savings claim with its own range and horizon (claims are never summed).',
      select: { columns: { id: true } },
      resolve: (p, _a, ctx) => programmeLedger(ctx.db, p.id),
    }),
    ...evidenceFields(t),
  }),
})

export const ProgrammeBody = builder.drizzleObject('programmeBodies', {
  name: 'ProgrammeBody',
  description: "A body's part in a programme, e.g. a Delivering Differently Challenge winner and its service.",
  fields: (t) => ({
    body: t.relation('body'),
    role: t.expose('role', { type: ProgrammeRole }),
    detail: t.exposeString('detail', { nullable: true }),
  }),
})

export const TotalPlacePilot = builder.drizzleNode('totalPlacePilots', {
  name: 'TotalPlacePilot',
  description: 'One of the 13 Total Place pilot areas (2009–10): its member bodies, region and themes.',
  id: { column: (p) => p.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    name: t.exposeString('name'),
    region: t.exposeString('region'),
    programme: t.relation('programme'),
    bodies: t.relatedConnection('bodies', { totalCount: true, query: { orderBy: { name: 'asc' } }, description: 'The member councils and other bodies of the pilot.' }),
    themes: t.stringList({
      description: 'Service themes or customer groups the sources name for this pilot.',
      select: { with: { themes: { columns: { theme: true } } } },
      resolve: (p) => p.themes.map((x) => x.theme),
    }),
    ...evidenceFields(t),
  }),
})

const ProgrammeFilter = builder.inputType('ProgrammeFilter', {
  fields: (t) => ({
    name: t.string({ description: 'Matches the id or name, case-insensitively.' }),
    kind: t.field({ type: ProgrammeKind }),
    body: t.string({ description: 'Only programmes this body (id, name or alias) takes part in.' }),
  }),
})

type ProgrammeFilterShape = { name?: string | null; kind?: (typeof programmes.$inferSelect)['kind'] | null; body?: string | null }

function programmeFilter(filter: ProgrammeFilterShape | null | undefined): TableFilter<typeof programmes> {
  return allOf<typeof programmes>(
    filter?.name != null && ((t) => programmeMatches(t.id, 'filter.name', filter.name as string)),
    filter?.kind != null && ((t) => eq(t.kind, filter.kind as NonNullable<ProgrammeFilterShape['kind']>)),
    filter?.body != null &&
      ((t) => sql`${t.id} IN (SELECT programme_id FROM programme_bodies WHERE ${bodyMatches(sql.raw('body_id'), 'filter.body', filter.body as string)})`),
  )
}

builder.queryFields((t) => ({
  programme: t.drizzleField({
    type: 'programmes',
    nullable: true,
    description: 'A programme by its slug, e.g. "haringey-54000-programme". Null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _p, args, ctx) => ctx.db.query.programmes.findFirst(query({ where: { id: args.slug } })),
  }),
  programmes: t.drizzleConnection({
    type: 'programmes',
    args: { filter: t.arg({ type: ProgrammeFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, programmes, programmeFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.programmes.findMany(query({ where: { RAW: (t) => programmeFilter(args.filter)(t) }, orderBy: { name: 'asc' } })),
  }),
  totalPlacePilots: t.drizzleConnection({
    type: 'totalPlacePilots',
    description: 'The Total Place pilot areas, by name.',
    totalCount: (_p, _a, ctx) => ctx.db.$count(totalPlacePilots),
    resolve: (query, _p, _a, ctx) => ctx.db.query.totalPlacePilots.findMany(query({ orderBy: { name: 'asc' } })),
  }),
}))
