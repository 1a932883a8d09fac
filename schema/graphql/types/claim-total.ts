import { type ClaimFigure, type ClaimPair, type ClaimTotal as Total, type Combination, type NotCombined, combineClaims } from '../../claims/combine'
import type { claimKinds, Currency as CurrencyCode, grossOrNet } from '../../tables/enums'

type ClaimKindCode = (typeof claimKinds)[number]
type GrossOrNetCode = (typeof grossOrNet)[number]
import { builder } from '../builder'
import { Body } from './body'
import { ClaimRelationKind } from './claim-relation'
import { ClaimBasis, ClaimKind, Currency, GrossOrNet } from './enums'
import { Money } from './money'
import { Programme } from './programme'

// What a programme's or a body's claims add up to, through the one combining function
// (schema/claims/combine.ts): alternatives and overlaps are counted once, unknown relations give
// a range, never a silent sum. Added to Programme and Body from here so their files stay theirs.

const ClaimPairNote = builder.objectRef<ClaimPair>('ClaimPair').implement({
  description: 'Two claims and how they relate.',
  fields: (t) => ({
    claimSlugs: t.stringList({ resolve: (p) => p.claimIds }),
    relation: t.field({ type: ClaimRelationKind, resolve: (p) => p.relation }),
    note: t.string({ nullable: true, resolve: (p) => p.note }),
  }),
})

const ClaimTotalRef = builder.objectRef<Total>('ClaimTotal').implement({
  description:
    'What comparable claims (same currency, basis, horizon, kind and gross/net) add up to, counting alternatives and overlaps once. Where the sources do not say how two claims relate, or give a figure as "around" or "at least", determinate is false: no single total can be stated.',
  fields: (t) => ({
    currency: t.field({ type: Currency, resolve: (x) => x.currency as CurrencyCode }),
    basis: t.field({ type: ClaimBasis, resolve: (x) => x.basis as 'over_horizon' | 'per_year' | 'to_date' }),
    horizonYears: t.int({ nullable: true, resolve: (x) => x.horizonYears }),
    kind: t.field({ type: ClaimKind, description: 'What the claims promise: only claims of one kind are added.', resolve: (x) => x.kind as ClaimKindCode }),
    grossOrNet: t.field({ type: GrossOrNet, description: 'Before or after costs: gross and net figures are never added.', resolve: (x) => x.grossOrNet as GrossOrNetCode }),
    claimSlugs: t.stringList({ description: 'The claims in this total.', resolve: (x) => x.claimIds }),
    low: t.field({ type: Money, description: 'The least the claims together promise, whichever way open relations are read.', resolve: (x) => ({ pence: x.lowPence, currency: x.currency as CurrencyCode, vatBasis: 'unknown' as const }) }),
    high: t.field({
      type: Money,
      nullable: true,
      description: 'The most they can be read to promise; null when a figure has no upper bound ("at least").',
      resolve: (x) => (x.highPence === null ? null : { pence: x.highPence, currency: x.currency as CurrencyCode, vatBasis: 'unknown' as const }),
    }),
    determinate: t.boolean({ description: 'True only when one total can be stated: low equals high, every relation is known and every figure is exact.', resolve: (x) => x.determinate }),
    inexactClaimSlugs: t.stringList({ description: 'Claims whose figure the source gives as about, at least, at most or a range.', resolve: (x) => x.inexactClaimIds }),
    countedOnce: t.field({ type: [ClaimPairNote], description: 'Alternatives and overlaps: counted once, never added.', resolve: (x) => x.countedOnce }),
    unresolved: t.field({ type: [ClaimPairNote], description: 'Pairs whose relation the sources do not give.', resolve: (x) => x.unresolved }),
    hedgedClaimSlugs: t.stringList({ description: 'Claims in this total whose source hedges the figure.', resolve: (x) => x.hedgedClaimIds }),
    conclusion: t.string({ description: 'What can and cannot be concluded, in words.', resolve: conclusion }),
  }),
})

const NotCombinedRef = builder.objectRef<NotCombined>('ClaimNotCombined').implement({
  fields: (t) => ({
    claimSlug: t.string({ resolve: (x) => x.claimId }),
    reason: t.string({ resolve: (x) => x.reason }),
  }),
})

const ClaimTotalsRef = builder.objectRef<Combination>('ClaimTotals').implement({
  description:
    'Claims combined without double counting: one total per currency, basis, horizon, kind and gross/net (claims per year are never added to claims over four years, nor a gross reinvestment potential to a net cashable saving).',
  fields: (t) => ({
    totals: t.field({ type: [ClaimTotalRef], resolve: (c) => c.totals }),
    notCombined: t.field({ type: [NotCombinedRef], description: 'Claims left out of every total, and why.', resolve: (c) => c.notCombined }),
  }),
})

function conclusion(x: Total): string {
  const parts: string[] = []
  if (x.countedOnce.length) parts.push(`${x.countedOnce.length} pair${x.countedOnce.length === 1 ? '' : 's'} of alternative or overlapping claims counted once.`)
  if (x.unresolved.length) {
    parts.push(`The sources do not say how ${x.unresolved.length} pair${x.unresolved.length === 1 ? '' : 's'} of claims relate, so only the range from low to high is safe: no single total can be stated.`)
  }
  if (x.highPence === null) parts.push('At least one figure has no upper bound, so neither has the total.')
  if (x.inexactClaimIds.length) parts.push(`The source gives ${x.inexactClaimIds.length} of these figures as approximate or bounded ("around", "at least"), so the total is no more exact than they are.`)
  if (x.determinate) parts.push('The claims add up to one figure.')
  if (x.hedgedClaimIds.length) parts.push(`The source hedges ${x.hedgedClaimIds.length} of these figures.`)
  return parts.join(' ')
}

/** The columns and relations combining needs, loaded with the parent in the same query. */
const claimSelection = {
  columns: { id: true, lowPence: true, highPence: true, currency: true, basis: true, horizonYears: true, kind: true, grossOrNet: true, qualifier: true },
  with: {
    hedges: { columns: { kind: true } },
    relations: { columns: { claimId: true, relatedClaimId: true, relation: true, note: true } },
  },
} as const

type LoadedClaim = Omit<ClaimFigure, 'hedges'> & {
  hedges: Array<{ kind: string }>
  relations: Array<{ claimId: string; relatedClaimId: string; relation: 'alternative' | 'overlapping' | 'additive' | 'unknown'; note: string | null }>
}

function combineLoaded(claims: LoadedClaim[]): Combination {
  const figures = claims.map((c) => ({ ...c, hedges: c.hedges.map((h) => h.kind) }))
  return combineClaims(figures, claims.flatMap((c) => c.relations))
}

const totalsDescription = 'What these claims add up to without counting alternatives or overlaps twice; sum claims only through this.'

builder.drizzleObjectField(Programme, 'claimTotals', (t) =>
  t.field({
    type: ClaimTotalsRef,
    description: totalsDescription,
    select: { with: { savingsClaims: claimSelection } },
    resolve: (p) => combineLoaded(p.savingsClaims as LoadedClaim[]),
  }),
)

builder.drizzleObjectField(Body, 'claimTotals', (t) =>
  t.field({
    type: ClaimTotalsRef,
    description: `${totalsDescription} Covers the claims this body makes, across its programmes.`,
    select: { with: { savingsClaims: claimSelection } },
    resolve: (b) => combineLoaded(b.savingsClaims as LoadedClaim[]),
  }),
)
