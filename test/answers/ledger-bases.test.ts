// Fees per pound claimed add contracted and contingent fees: only when both are on one VAT basis.
import { describe, expect, it } from 'vitest'
import { type Claim, ratios } from '../../schema/answers/ledger'

const claim = { currency: 'GBP', lowPence: 810_000_000, highPence: 890_000_000 } as Claim

describe('ledger ratios', () => {
  it('refuses to add contingent fees on another VAT basis to contracted ones', () => {
    expect(ratios(claim, [{ pence: 200_000_000, currency: 'GBP', vatBasis: 'net' }], [{ pence: 65_000_000, currency: 'GBP', vatBasis: 'gross' }])).toBeNull()
  })

  it('adds them on one basis: low = contracted / high claim, high = (contracted + contingent) / low claim', () => {
    const r = ratios(claim, [{ pence: 200_000_000, currency: 'GBP', vatBasis: 'net' }], [{ pence: 65_000_000, currency: 'GBP', vatBasis: 'net' }])
    expect(r?.low).toBe(200_000_000 / 890_000_000)
    expect(r?.high).toBe(265_000_000 / 810_000_000)
  })
})
