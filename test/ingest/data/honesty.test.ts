import { describe, expect, it } from 'vitest'
import { shippedRecords } from './helpers'

// Records that once said more than their source: each check reads the record and the words its
// own quotes give, so a record drifting back to the stronger wording fails here.
type Rec = Record<string, any>
const quotesOf = (r: Rec) => (r.sources as Rec[]).map((s) => String(s.quote ?? '')).join(' ')

describe('the curated data says no more than its sources', () => {
  it('a claim is a cashable saving only when its source says cash: the "25 and 40%" the blog calls savings and cuts is not', async () => {
    const claims = await shippedRecords('claims.yaml')
    const expected = claims.find((c) => c.id === 'savings-25-to-40-percent-expected')!
    expect(quotesOf(expected)).not.toMatch(/cash/i)
    expect(expected.kind).not.toBe('cashable_saving')
    // The kind it has is one its quotes name.
    expect(quotesOf(expected)).toMatch(/\bcuts\b/)
    expect(expected.kind).toBe('spending_cut')
  })

  it('the 2010 Spending Review’s council budget cuts belong to no programme: the blog ties them to none', async () => {
    const claims = await shippedRecords('claims.yaml')
    const programmes = await shippedRecords('programmes.yaml')
    const cuts = claims.filter((c) => /Local authority budgets to be cut/.test(quotesOf(c)))
    expect(cuts.length).toBe(2)
    for (const c of cuts) {
      const named = programmes.find((p) => p.id === c.programme)
      // A programme is attached only when the claim's quotes name it.
      if (named) expect(quotesOf(c)).toContain(String(named.name))
      else expect(c.programme).toBeUndefined()
    }
  })

  it('the Haringey award keeps the commenter’s hedge on the £2M: "doesn’t look like we get our £2M back", not "is not returned"', async () => {
    const contracts = await shippedRecords('contracts.yaml')
    const award = contracts.find((c) => c.id === 'haringey-impower-54000-phases-3-5')!
    expect(award.description).toContain("doesn't look like we get our £2M back")
    expect(award.description).not.toMatch(/is not returned/)
  })
})
