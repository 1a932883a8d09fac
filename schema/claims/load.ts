import { inArray } from 'drizzle-orm'
import type { Db } from '../db'
import { claimRelations, hedges } from '../tables'
import { type Combination, combineClaims } from './combine'

/** Which claims to combine: those of a programme, or those a body makes. */
export type ClaimScope = { programmeId: string } | { claimantId: string }

/**
 * Loads the claims in scope with their relations and hedges (three statements, whatever the
 * number of claims) and combines them. For callers outside GraphQL (the ledger, CSV) so every
 * sum over claims goes through combineClaims.
 */
export async function combinedClaims(db: Db, scope: ClaimScope): Promise<Combination> {
  const claims = await db.query.savingsClaims.findMany({
    columns: { id: true, lowPence: true, highPence: true, currency: true, basis: true, horizonYears: true, kind: true, grossOrNet: true, qualifier: true },
    where: 'programmeId' in scope ? { programmeId: scope.programmeId } : { claimantId: scope.claimantId },
    orderBy: { id: 'asc' },
  })
  const ids = claims.map((c) => c.id)
  if (ids.length === 0) return { totals: [], notCombined: [] }
  const [links, hedged] = await Promise.all([
    db.select().from(claimRelations).where(inArray(claimRelations.claimId, ids)),
    db.select({ claimId: hedges.claimId, kind: hedges.kind }).from(hedges).where(inArray(hedges.claimId, ids)),
  ])
  const kindsOf = new Map<string, string[]>()
  for (const h of hedged) if (h.claimId) kindsOf.set(h.claimId, [...(kindsOf.get(h.claimId) ?? []), h.kind])
  return combineClaims(
    claims.map((c) => ({ ...c, hedges: kindsOf.get(c.id) ?? [] })),
    links,
  )
}
