import { describe, expect, it } from 'vitest'
import { type ClaimFigure, type ClaimLink, combineClaims, MAX_CLAIMS_PER_TOTAL } from '../../../schema/claims/combine'

const claim = (id: string, low: number | null, high: number | null = low, over: Partial<ClaimFigure> = {}): ClaimFigure => ({
  id,
  lowPence: low,
  highPence: high,
  currency: 'GBP',
  basis: 'over_horizon',
  horizonYears: 4,
  kind: 'cashable_saving',
  grossOrNet: 'net',
  qualifier: low === high ? 'exact' : 'range',
  ...over,
})
const link = (claimId: string, relatedClaimId: string, relation: ClaimLink['relation'], note: string | null = null): ClaimLink => ({ claimId, relatedClaimId, relation, note })

describe('combineClaims', () => {
  it('adds additive claims', () => {
    const [a, b] = [claim('a', 100), claim('b', 250)]
    const { totals } = combineClaims([a, b], [link('a', 'b', 'additive')])
    expect(totals).toHaveLength(1)
    expect(totals[0]).toMatchObject({ lowPence: 100 + 250, highPence: 100 + 250, determinate: true, unresolved: [] })
  })

  it('never adds alternatives: one of them counts, so the total spans the smaller to the larger', () => {
    const [a, b] = [claim('a', 843), claim('b', 917)]
    const { totals } = combineClaims([a, b], [link('b', 'a', 'alternative')])
    expect(totals[0]).toMatchObject({ lowPence: Math.min(843, 917), highPence: Math.max(843, 917), determinate: false })
    expect(totals[0]!.countedOnce.map((p) => p.relation)).toEqual(['alternative'])
  })

  it('never adds an overlap: a figure derived from another is counted once', () => {
    const { totals } = combineClaims([claim('whole', 500), claim('part', 200)], [link('part', 'whole', 'overlapping')])
    expect(totals[0]).toMatchObject({ lowPence: 200, highPence: 500 })
    expect(totals[0]!.highPence).toBeLessThan(500 + 200)
  })

  it('with an unknown relation gives the safe range (one of them … both) and says it is not one total', () => {
    const [l, f] = [claim('local', 810, 890), claim('family', 916, 1317)]
    const { totals } = combineClaims([l, f], [link('local', 'family', 'unknown', 'the source does not say')])
    expect(totals[0]).toMatchObject({ lowPence: Math.min(810, 916), highPence: 890 + 1317, determinate: false })
    expect(totals[0]!.unresolved).toEqual([{ claimIds: ['family', 'local'], relation: 'unknown', note: 'the source does not say' }])
  })

  it('treats a pair with no recorded relation as unknown, never as additive', () => {
    const { totals } = combineClaims([claim('a', 10), claim('b', 20)], [])
    expect(totals[0]).toMatchObject({ lowPence: 10, highPence: 30, determinate: false })
    expect(totals[0]!.unresolved).toHaveLength(1)
  })

  it('never adds claims of different bases or horizons: each gets its own total', () => {
    const yearly = claim('yearly', 151, 151, { basis: 'per_year', horizonYears: null })
    const four = claim('four', 843)
    const five = claim('five', 810, 890, { horizonYears: 5 })
    const { totals } = combineClaims([yearly, four, five], [link('yearly', 'four', 'additive'), link('four', 'five', 'additive')])
    // Groups come in claim-id order: the answer never depends on the order claims were read in.
    expect(totals.map((t) => t.claimIds)).toEqual([['five'], ['four'], ['yearly']])
    expect(totals.map((t) => t.lowPence)).toEqual([810, 843, 151])
    expect(combineClaims([five, yearly, four], []).totals).toEqual(totals)
  })

  it('never adds claims of different kinds or of gross to net, even when marked additive', () => {
    const cashable = claim('cashable', 100)
    const reinvest = claim('reinvest', 400, 400, { kind: 'reinvestment_potential', grossOrNet: 'gross' })
    const cut = claim('cut', 900, 900, { kind: 'spending_cut' })
    const grossCash = claim('gross-cash', 300, 300, { grossOrNet: 'gross' })
    const links = [link('cashable', 'reinvest', 'additive'), link('cashable', 'cut', 'additive'), link('cashable', 'gross-cash', 'additive')]
    const { totals } = combineClaims([cashable, reinvest, cut, grossCash], links)
    expect(totals.map((t) => [t.claimIds, t.kind, t.grossOrNet, t.lowPence])).toEqual([
      [['cashable'], 'cashable_saving', 'net', 100],
      [['cut'], 'spending_cut', 'net', 900],
      [['gross-cash'], 'cashable_saving', 'gross', 300],
      [['reinvest'], 'reinvestment_potential', 'gross', 400],
    ])
  })

  it('a figure the source gives as "around" keeps the total from being stated as one figure', () => {
    const around = claim('around', 8100, 8100, { qualifier: 'about' })
    const exact = claim('exact', 100)
    const { totals } = combineClaims([around, exact], [link('around', 'exact', 'additive')])
    expect(totals[0]).toMatchObject({ lowPence: 8200, highPence: 8200, determinate: false, inexactClaimIds: ['around'] })
    expect(combineClaims([exact], []).totals[0]).toMatchObject({ determinate: true, inexactClaimIds: [] })
  })

  it('an alternative chain with a shared additive claim: the max is the best compatible set', () => {
    // a|b alternatives, c adds to both.
    const claims = [claim('a', 5), claim('b', 7), claim('c', 3)]
    const { totals } = combineClaims(claims, [link('a', 'b', 'alternative'), link('a', 'c', 'additive'), link('b', 'c', 'additive')])
    expect(totals[0]).toMatchObject({ lowPence: 5 + 3, highPence: 7 + 3 })
  })

  it('an at-least figure leaves the total without an upper bound; claims without a figure are listed, not guessed', () => {
    const { totals, notCombined } = combineClaims([claim('a', 72, null), claim('b', null, null)], [])
    expect(totals[0]).toMatchObject({ claimIds: ['a'], lowPence: 72, highPence: null, determinate: false })
    expect(notCombined.map((n) => n.claimId)).toEqual(['b'])
  })

  it('refuses rather than approximates more comparable claims than it can read exhaustively', () => {
    const many = Array.from({ length: MAX_CLAIMS_PER_TOTAL + 1 }, (_, i) => claim(`c${i}`, 1))
    const { totals, notCombined } = combineClaims(many, [])
    expect(totals).toEqual([])
    expect(notCombined).toHaveLength(many.length)
  })

  it('lists the hedged claims of a total', () => {
    const { totals } = combineClaims([claim('a', 1, 1, { hedges: ['as_understood'] }), claim('b', 2)], [link('a', 'b', 'additive')])
    expect(totals[0]!.hedgedClaimIds).toEqual(['a'])
  })
})
