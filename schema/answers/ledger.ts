// A programme's ledger: fees contracted and contingent (from its contracts), fees paid (payments
// the programme rule matches), and each savings claim beside them with its own range and horizon.
// Claims are never summed: two claims may be alternatives or overlap, and only the data can say
// they add up.
import { eq } from 'drizzle-orm'
import type { Db } from '../db'
import { parseSpendFilter, resolveSpendFilter } from '../graphql/inputs/spend-filter'
import { contracts, outcomes, savingsClaims } from '../tables'
import type { Currency, VatBasis } from '../tables/enums'
import { spendGrandTotal, type SpendTotal } from './spend'

export interface Sum {
  pence: number
  currency: Currency
  vatBasis: VatBasis
}

export type Claim = typeof savingsClaims.$inferSelect

export interface LedgerClaim {
  claim: Claim
  low: number | null
  high: number | null
  annualLow: number | null
  annualHigh: number | null
  /** Fees per pound claimed: low = contracted ÷ high; high = (contracted + contingent) ÷ low. */
  feesPerPoundClaimed: { low: number | null; high: number | null } | null
}

export interface Ledger {
  contracted: Sum[]
  contingent: Sum[]
  paid: SpendTotal[]
  contractCount: number
  claims: LedgerClaim[]
  outcomes: Array<typeof outcomes.$inferSelect>
}

function sums(rows: Array<{ pence: number | null; currency: Currency; vatBasis: VatBasis }>): Sum[] {
  const out = new Map<string, Sum>()
  for (const r of rows) {
    if (r.pence === null) continue
    const key = `${r.currency}/${r.vatBasis}`
    const s = out.get(key) ?? { pence: 0, currency: r.currency, vatBasis: r.vatBasis }
    s.pence += r.pence
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
  return {
    low: claim.highPence ? fees / claim.highPence : null,
    high: claim.lowPence ? (fees + (extra ?? 0)) / claim.lowPence : null,
  }
}

function perYear(pence: number | null, claim: Claim): number | null {
  if (pence === null) return null
  if (claim.basis === 'per_year') return pence
  if (claim.basis === 'over_horizon' && claim.horizonYears) return Math.round(pence / claim.horizonYears)
  return null
}

export async function programmeLedger(db: Db, programmeId: string): Promise<Ledger> {
  const [rows, claims, outs, paid] = await Promise.all([
    db.select().from(contracts).where(eq(contracts.programmeId, programmeId)),
    db.select().from(savingsClaims).where(eq(savingsClaims.programmeId, programmeId)).orderBy(savingsClaims.id),
    db.select().from(outcomes).where(eq(outcomes.programmeId, programmeId)).orderBy(outcomes.id),
    resolveSpendFilter(db, parseSpendFilter({ programme: programmeId })).then((f) => spendGrandTotal(db, f)),
  ])
  // A contract whose value is itself contingent counts as contingent, not contracted.
  const contracted = sums(rows.map((c) => ({ pence: c.valueKind === 'contingent' ? null : c.valuePence, currency: c.currency, vatBasis: c.vatBasis })))
  const contingent = sums(
    rows.flatMap((c) => [
      { pence: c.contingentPence, currency: c.currency, vatBasis: c.vatBasis },
      { pence: c.valueKind === 'contingent' ? c.valuePence : null, currency: c.currency, vatBasis: c.vatBasis },
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

