import type { ClaimRelationKind } from '../tables/enums'

// The one place claims are added up. Sources often give the same benefit twice (a yearly saving
// and the four-year total it comes from), give options of which only one will happen (a CRM or a
// web system), or give figures without saying how they relate. A plain sum over such claims
// double counts; this function never adds alternatives or overlaps, and where a relation is
// unknown it widens the range to what is safe instead of guessing. Pure: no database, no I/O.

/** A claim's money figure as stored: single figures have low = high; null is an open bound. */
export interface ClaimFigure {
  id: string
  lowPence: number | null
  highPence: number | null
  currency: string
  basis: string
  horizonYears: number | null
  /** What the claim promises (cashable_saving, reinvestment_potential, spending_cut …). */
  kind: string
  /** Before (gross) or after (net) its costs, or unknown. */
  grossOrNet: string
  /** How the source bounds the figure: exact, about ("around £81bn"), at_least … */
  qualifier: string
  /** Kinds of the source's hedges on this claim's figure ("from what I can gather" …), if any. */
  hedges?: readonly string[]
}

/** How two claims relate (either way round). A pair with no link is treated as unknown. */
export interface ClaimLink {
  claimId: string
  relatedClaimId: string
  relation: ClaimRelationKind
  note: string | null
}

export interface ClaimPair {
  claimIds: [string, string]
  relation: ClaimRelationKind
  note: string | null
}

/** What a group of comparable claims (same currency, basis, horizon, kind and gross/net) adds up to. */
export interface ClaimTotal {
  currency: string
  basis: string
  horizonYears: number | null
  kind: string
  grossOrNet: string
  claimIds: string[]
  /** The least the claims together promise, whichever way the open relations are read. */
  lowPence: number
  /** The most they can be read to promise; null when a figure has no upper bound ("at least"). */
  highPence: number | null
  /** True only when low = high, no relation is unknown and every figure is exact: one total can be stated. */
  determinate: boolean
  /** Claims in the total whose figure the source gives as about, at least, at most or a range: not exact. */
  inexactClaimIds: string[]
  /** Pairs counted once (alternatives and overlaps): never added. */
  countedOnce: ClaimPair[]
  /** Pairs whose relation the sources do not give: the range covers both readings. */
  unresolved: ClaimPair[]
  /** Claims in the total whose source hedges the figure. */
  hedgedClaimIds: string[]
}

export interface NotCombined {
  claimId: string
  reason: string
}

export interface Combination {
  totals: ClaimTotal[]
  notCombined: NotCombined[]
}

/** Beyond this many claims in one group the exhaustive reading is refused, not approximated. */
export const MAX_CLAIMS_PER_TOTAL = 16

const NO_LINK = 'No relation between these claims is recorded; they are not assumed to add up.'

/**
 * Combines claims given their relations. Claims of different currency, basis (per year, over a
 * horizon, to date), horizon, kind (a gross reinvestment potential is not a net cashable saving,
 * nor a spending cut an economic cost) or gross/net are never added: each comparable group gets
 * its own total. A total of figures the source gives as "around" is not determinate. Within a
 * group the total is the range over every reading the relations allow: alternatives and overlaps
 * count once, additive claims add, unknown pairs may do either.
 */
export function combineClaims(claims: readonly ClaimFigure[], links: readonly ClaimLink[]): Combination {
  const notCombined: NotCombined[] = []
  const groups = new Map<string, ClaimFigure[]>()
  // By id, so the same claims give the same answer whatever order a query returned them in.
  const ordered = [...claims].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (const claim of ordered) {
    if (claim.lowPence === null && claim.highPence === null) {
      notCombined.push({ claimId: claim.id, reason: 'The source gives no money figure for this claim.' })
      continue
    }
    const key = JSON.stringify([claim.currency, claim.basis, claim.horizonYears, claim.kind, claim.grossOrNet])
    const group = groups.get(key) ?? []
    group.push(claim)
    groups.set(key, group)
  }
  const relationOf = indexLinks(links)
  const totals: ClaimTotal[] = []
  for (const group of groups.values()) {
    if (group.length > MAX_CLAIMS_PER_TOTAL) {
      for (const claim of group) {
        notCombined.push({ claimId: claim.id, reason: `Too many comparable claims (${group.length}) to combine safely; the limit is ${MAX_CLAIMS_PER_TOTAL}.` })
      }
      continue
    }
    const total = combineGroup(group, relationOf)
    if (total) totals.push(total)
    else for (const claim of group) notCombined.push({ claimId: claim.id, reason: 'The total would exceed the largest exact integer; refused rather than rounded.' })
  }
  return { totals, notCombined }
}

function indexLinks(links: readonly ClaimLink[]): (a: string, b: string) => { relation: ClaimRelationKind; note: string | null } {
  const byPair = new Map<string, { relation: ClaimRelationKind; note: string | null }>()
  for (const link of links) byPair.set(pairKey(link.claimId, link.relatedClaimId), { relation: link.relation, note: link.note })
  return (a, b) => byPair.get(pairKey(a, b)) ?? { relation: 'unknown', note: NO_LINK }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\0${b}` : `${b}\0${a}`
}

/**
 * Exhaustive over subsets (n ≤ 16). The high bound is the largest sum over claims that may all
 * count together (no alternative or overlap between any two); the low bound is the smallest sum
 * over readings where every claim either counts or is displaced by one that does, reading each
 * unknown pair as counting once.
 */
function combineGroup(group: ClaimFigure[], relationOf: ReturnType<typeof indexLinks>): ClaimTotal | undefined {
  const n = group.length
  const countedOnce: ClaimPair[] = []
  const unresolved: ClaimPair[] = []
  // exclusive[i]: claims that can never count together with i; maybeExclusive adds the unknowns.
  const exclusive = new Array<number>(n).fill(0)
  const maybeExclusive = new Array<number>(n).fill(0)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = group[i]!
      const b = group[j]!
      const { relation, note } = relationOf(a.id, b.id)
      const pair: ClaimPair = { claimIds: [a.id, b.id], relation, note }
      if (relation === 'alternative' || relation === 'overlapping') {
        exclusive[i]! |= 1 << j
        exclusive[j]! |= 1 << i
        maybeExclusive[i]! |= 1 << j
        maybeExclusive[j]! |= 1 << i
        countedOnce.push(pair)
      } else if (relation === 'unknown') {
        maybeExclusive[i]! |= 1 << j
        maybeExclusive[j]! |= 1 << i
        unresolved.push(pair)
      }
    }
  }

  const independent = (set: number, adjacency: number[]) => {
    for (let i = 0; i < n; i++) if (set & (1 << i) && adjacency[i]! & set) return false
    return true
  }
  const maximal = (set: number, adjacency: number[]) => {
    for (let i = 0; i < n; i++) if (!(set & (1 << i)) && !(adjacency[i]! & set)) return false
    return true
  }
  const sum = (set: number, pick: (c: ClaimFigure) => number) => {
    let total = 0
    for (let i = 0; i < n; i++) if (set & (1 << i)) total += pick(group[i]!)
    return total
  }

  const unbounded = group.some((c) => c.highPence === null)
  let low = Number.POSITIVE_INFINITY
  let high = 0
  for (let set = 1; set < 1 << n; set++) {
    if (!unbounded && independent(set, exclusive)) high = Math.max(high, sum(set, (c) => c.highPence ?? 0))
    if (independent(set, maybeExclusive) && maximal(set, maybeExclusive)) low = Math.min(low, sum(set, (c) => c.lowPence ?? 0))
  }
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) return undefined
  const first = group[0]!
  const inexactClaimIds = group.filter((c) => c.qualifier !== 'exact').map((c) => c.id)
  return {
    currency: first.currency,
    basis: first.basis,
    horizonYears: first.horizonYears,
    kind: first.kind,
    grossOrNet: first.grossOrNet,
    claimIds: group.map((c) => c.id),
    lowPence: low,
    highPence: unbounded ? null : high,
    determinate: !unbounded && low === high && unresolved.length === 0 && inexactClaimIds.length === 0,
    inexactClaimIds,
    countedOnce,
    unresolved,
    hedgedClaimIds: group.filter((c) => (c.hedges?.length ?? 0) > 0).map((c) => c.id),
  }
}
