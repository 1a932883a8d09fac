// A programme's ledger: fees contracted and contingent (from its contracts), fees paid (payments
// the programme rule matches), and each savings claim beside them with its own range and horizon.
// Claims are never summed: two claims may be alternatives or overlap, and only the data can say
// they add up.
import { eq } from 'drizzle-orm'
import type { Db } from '../db'
import { parseSpendFilter, resolveSpendFilter } from '../graphql/inputs/spend-filter'
import { contracts, hedges, outcomes, savingsClaims } from '../tables'
import type { Currency, HedgeKind, VatBasis } from '../tables/enums'
import { spendGrandTotal, type SpendTotal } from './spend'

export interface Sum {
  pence: number
  currency: Currency
  vatBasis: VatBasis
  /** Set when a source bounds a figure in this sum: "at least", "up to", "about" (or a ceiling, an estimate). */
  bound?: Bound
}

/** How the figures in a sum are bounded: the sum is no firmer than the loosest of them. */
export interface Bound {
  atLeast: boolean
  atMost: boolean
  about: boolean
}

export type Claim = typeof savingsClaims.$inferSelect

export interface LedgerClaim {
  claim: Claim
  low: number | null
  high: number | null
  annualLow: number | null
  annualHigh: number | null
  /**
   * Fees per pound claimed: low = contracted ÷ high; high = (contracted + contingent) ÷ low. A bound
   * that is not one is null: fees "at least" £x leave high open, fees "up to" £x leave low open;
   * exact is false when a fee or the claim is given as about, at least or up to.
   */
  feesPerPoundClaimed: { low: number | null; high: number | null; exact: boolean } | null
}

export interface Ledger {
  contracted: Sum[]
  contingent: Sum[]
  paid: SpendTotal[]
  contractCount: number
  claims: LedgerClaim[]
  outcomes: Array<typeof outcomes.$inferSelect>
}

function sums(rows: Array<{ pence: number | null; currency: Currency; vatBasis: VatBasis; bounds?: ReadonlySet<string> }>): Sum[] {
  const out = new Map<string, Sum>()
  for (const r of rows) {
    if (r.pence === null) continue
    const key = `${r.currency}/${r.vatBasis}`
    const s: Sum = out.get(key) ?? { pence: 0, currency: r.currency, vatBasis: r.vatBasis }
    s.pence += r.pence
    if (r.bounds?.size) {
      const b = s.bound ?? { atLeast: false, atMost: false, about: false }
      s.bound = { atLeast: b.atLeast || r.bounds.has('at_least'), atMost: b.atMost || r.bounds.has('at_most'), about: b.about || r.bounds.has('about') }
    }
    out.set(key, s)
  }
  return [...out.values()].sort((a, b) => `${a.currency}/${a.vatBasis}`.localeCompare(`${b.currency}/${b.vatBasis}`))
}

/** The one figure in `currency`, or null when there is none or it is split over VAT bases (never added together). */
function only(list: Sum[], currency: Currency): Sum | null | 'mixed' {
  const of = list.filter((s) => s.currency === currency)
  if (of.length === 0) return null
  return of.length === 1 ? (of[0] as Sum) : 'mixed'
}

/** Exported for its test: the ratios refuse (null) rather than add contracted and contingent fees on different VAT bases. */
export function ratios(claim: Claim, contracted: Sum[], contingent: Sum[]): LedgerClaim['feesPerPoundClaimed'] {
  const contractedSum = only(contracted, claim.currency)
  const extraSum = only(contingent, claim.currency)
  if (contractedSum === null || contractedSum === 'mixed' || extraSum === 'mixed') return null
  if (extraSum !== null && extraSum.vatBasis !== contractedSum.vatBasis) return null
  const fees = contractedSum.pence
  const extra = extraSum?.pence ?? null
  const bounds = [contractedSum.bound, extraSum?.bound]
  return {
    // Fees "up to" £x may be less: contracted ÷ the claim's high is then no lower bound.
    low: !contractedSum.bound?.atMost && claim.highPence ? fees / claim.highPence : null,
    // Fees "at least" £x may be more, without limit: no upper bound.
    high: !bounds.some((b) => b?.atLeast) && claim.lowPence ? (fees + (extra ?? 0)) / claim.lowPence : null,
    exact: !bounds.some((b) => b && (b.atLeast || b.atMost || b.about)) && !['about', 'at_least', 'at_most'].includes(claim.qualifier),
  }
}

function perYear(pence: number | null, claim: Claim): number | null {
  if (pence === null) return null
  if (claim.basis === 'per_year') return pence
  if (claim.basis === 'over_horizon' && claim.horizonYears) return Math.round(pence / claim.horizonYears)
  return null
}

/** A contract's value kind bounds its value as a hedge would: a ceiling is "up to", an estimate "about". */
const kindBounds: Partial<Record<string, HedgeKind>> = { ceiling: 'at_most', estimate: 'about' }

export async function programmeLedger(db: Db, programmeId: string): Promise<Ledger> {
  const [rows, hedged, claims, outs, paid] = await Promise.all([
    db.select().from(contracts).where(eq(contracts.programmeId, programmeId)),
    db
      .select({ contractId: hedges.contractId, field: hedges.field, kind: hedges.kind })
      .from(hedges)
      .innerJoin(contracts, eq(hedges.contractId, contracts.id))
      .where(eq(contracts.programmeId, programmeId)),
    db.select().from(savingsClaims).where(eq(savingsClaims.programmeId, programmeId)).orderBy(savingsClaims.id),
    db.select().from(outcomes).where(eq(outcomes.programmeId, programmeId)).orderBy(outcomes.id),
    resolveSpendFilter(db, parseSpendFilter({ programme: programmeId })).then((f) => spendGrandTotal(db, f)),
  ])
  // The bounding hedges ("at least", "up to", "about") on each contract's value and contingent sum.
  const boundsOf = (c: (typeof rows)[number], field: 'value' | 'contingent') => {
    const kinds = new Set<string>(hedged.filter((h) => h.contractId === c.id && h.field === field).map((h) => h.kind))
    const byKind = field === 'value' && c.valueKind ? kindBounds[c.valueKind] : undefined
    if (byKind) kinds.add(byKind)
    return kinds
  }
  // A contract whose value is itself contingent counts as contingent, not contracted.
  const contracted = sums(rows.map((c) => ({ pence: c.valueKind === 'contingent' ? null : c.valuePence, currency: c.currency, vatBasis: c.vatBasis, bounds: boundsOf(c, 'value') })))
  const contingent = sums(
    rows.flatMap((c) => [
      { pence: c.contingentPence, currency: c.currency, vatBasis: c.vatBasis, bounds: boundsOf(c, 'contingent') },
      { pence: c.valueKind === 'contingent' ? c.valuePence : null, currency: c.currency, vatBasis: c.vatBasis, bounds: boundsOf(c, 'value') },
    ]),
  )
  return {
    contracted,
    contingent,
    paid,
    contractCount: rows.length,
    claims: claims.map((claim) => ({
      claim,
      low: claim.lowPence,
      high: claim.highPence,
      annualLow: perYear(claim.lowPence, claim),
      annualHigh: perYear(claim.highPence, claim),
      feesPerPoundClaimed: ratios(claim, contracted, contingent),
    })),
    outcomes: outs,
  }
}

