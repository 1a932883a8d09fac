// Fees per pound claimed are no firmer than the fees: a contract value the source gives as "at least"
// has no upper bound, "up to" (or a ceiling) no lower bound, "about" is inexact. The hedges are
// read from the hedges table as `ingest data` and FOI records land them.
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Claim, programmeLedger, ratios } from '../../schema/answers/ledger'
import { contracts, hedges } from '../../schema/tables'
import { openTestDb, type TestDb } from '../helpers/db'

const claim = { currency: 'GBP', lowPence: 810_000_000, highPence: 890_000_000, qualifier: 'range' } as Claim
const fee = (pence: number, bound?: { atLeast?: boolean; atMost?: boolean; about?: boolean }) => [
  { pence, currency: 'GBP' as const, vatBasis: 'net' as const, ...(bound ? { bound: { atLeast: false, atMost: false, about: false, ...bound } } : {}) },
]

describe('fees per pound claimed under the sources’ bounds', () => {
  it('exact fees give both bounds and exact', () => {
    expect(ratios(claim, fee(200_000_000), fee(65_000_000))).toEqual({ low: 200_000_000 / 890_000_000, high: 265_000_000 / 810_000_000, exact: true })
  })

  it('"at least" on the contracted or the contingent sum leaves high open; low stands', () => {
    expect(ratios(claim, fee(200_000_000, { atLeast: true }), fee(65_000_000))).toEqual({ low: 200_000_000 / 890_000_000, high: null, exact: false })
    expect(ratios(claim, fee(200_000_000), fee(65_000_000, { atLeast: true }))).toEqual({ low: 200_000_000 / 890_000_000, high: null, exact: false })
  })

  it('"up to" on the contracted sum leaves low open; on the contingent sum only makes it inexact', () => {
    expect(ratios(claim, fee(200_000_000, { atMost: true }), fee(65_000_000))).toEqual({ low: null, high: 265_000_000 / 810_000_000, exact: false })
    expect(ratios(claim, fee(200_000_000), fee(65_000_000, { atMost: true }))).toEqual({ low: 200_000_000 / 890_000_000, high: 265_000_000 / 810_000_000, exact: false })
  })

  it('"about" keeps both bounds but marks them inexact, as does a claim given as about', () => {
    expect(ratios(claim, fee(200_000_000, { about: true }), [])).toMatchObject({ exact: false })
    expect(ratios({ ...claim, qualifier: 'about' }, fee(200_000_000), [])).toMatchObject({ exact: false })
  })
})

describe('programmeLedger reads contracts’ hedges', () => {
  let t: TestDb
  const programme = 'haringey-54000-programme'
  beforeAll(async () => {
    t = await openTestDb()
  })
  afterAll(() => t?.close())
  afterEach(async () => {
    await t.db.delete(hedges).where(eq(hedges.words, 'test bound'))
  })
  const contractOf = async () => (await t.db.select().from(contracts).where(eq(contracts.programmeId, programme)))[0]!

  it('an "at least" hedge on the contract value: high is null, low stands, not exact', async () => {
    const before = (await programmeLedger(t.db, programme)).claims[0]!.feesPerPoundClaimed!
    expect(before.high).not.toBeNull()
    await t.db.insert(hedges).values({ contractId: (await contractOf()).id, field: 'value', kind: 'at_least', words: 'test bound' })
    const after = (await programmeLedger(t.db, programme)).claims[0]!.feesPerPoundClaimed!
    expect(after).toEqual({ low: before.low, high: null, exact: false })
  })

  it('an "up to" hedge on the contract value: low is null, high stands', async () => {
    const before = (await programmeLedger(t.db, programme)).claims[0]!.feesPerPoundClaimed!
    await t.db.insert(hedges).values({ contractId: (await contractOf()).id, field: 'value', kind: 'at_most', words: 'test bound' })
    const after = (await programmeLedger(t.db, programme)).claims[0]!.feesPerPoundClaimed!
    expect(after).toEqual({ low: null, high: before.high, exact: false })
  })

  it('an "about" hedge on the contingent sum keeps the figures and marks them inexact', async () => {
    const before = (await programmeLedger(t.db, programme)).claims[0]!.feesPerPoundClaimed!
    await t.db.insert(hedges).values({ contractId: (await contractOf()).id, field: 'contingent', kind: 'about', words: 'test bound' })
    const after = (await programmeLedger(t.db, programme)).claims[0]!.feesPerPoundClaimed!
    expect(after).toEqual({ low: before.low, high: before.high, exact: false })
  })
})
