import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDataset } from '../../../ingest/data/read'
import { combineClaims } from '../../../schema/claims/combine'
import { combinedClaims } from '../../../schema/claims/load'
import { dataDir, openTestApi, type TestApi } from '../../helpers/db'
import { gql, nodes } from '../../helpers/graphql'
import { shippedRecords } from '../../ingest/data/helpers'

// The curated data's honesty, through the real handler: claim relations, hedges, re-scoped pilot
// themes, customer segments and unit costs, and sums over claims that never double count.

type Rec = Record<string, any>

let t: TestApi
let claims: Rec[]
beforeAll(async () => {
  t = await openTestApi()
  claims = await shippedRecords('claims.yaml')
})
afterAll(() => t.close())

const totalsQuery = `claimTotals {
  totals { basis horizonYears claimSlugs low { pence } high { pence } determinate conclusion
    countedOnce { claimSlugs relation } unresolved { claimSlugs relation note } hedgedClaimSlugs }
  notCombined { claimSlug reason } }`

describe("summing Haringey's claims", () => {
  it('does not count the £1.51m a year twice, nor add the CRM and web alternatives, nor the two models', async () => {
    const res = await gql(t.rt, `{ body(slug: "haringey") { ${totalsQuery} } }`)
    expect(res.errors).toBeUndefined()
    const { totals } = res.data.body.claimTotals
    const haringey = claims.filter((c) => c.claimant === 'haringey')
    const pence = (c: Rec) => Math.round(Number(c.amount ?? c.low) * 100)
    const yearly = haringey.filter((c) => c.basis === 'per_year')
    expect(yearly).toHaveLength(1)
    // The yearly figure is in exactly one total, and that total is the figure itself, once.
    const withYearly = totals.filter((x: Rec) => x.claimSlugs.includes(yearly[0]!.id))
    expect(withYearly).toHaveLength(1)
    expect(withYearly[0]).toMatchObject({ basis: 'PER_YEAR', low: { pence: pence(yearly[0]!) }, high: { pence: pence(yearly[0]!) }, determinate: true })
    // Every claim is in one total only: nothing is counted in two.
    const all = totals.flatMap((x: Rec) => x.claimSlugs)
    expect(new Set(all).size).toBe(all.length)
    expect(all.sort()).toEqual(haringey.map((c) => c.id).sort())

    // Per-year and four-year claims are never in one total, so the basis alone keeps them apart
    // here. The relations are what keep the £1.51m out wherever the figures are put side by side:
    // read on one footing with the relations the API serves, it is never added to the CRM or web
    // figure (without them, all three would add up).
    const customer = haringey.filter((c) => c.programme === yearly[0]!.programme)
    expect(customer.map((c) => c.id)).toContain(yearly[0]!.id)
    const rel = await gql(t.rt, `{ savingsClaims(first: 100) { edges { node { slug relations { claim { slug } relatedClaim { slug } relation } } } } }`)
    const links = nodes<Rec>(rel.data.savingsClaims)
      .flatMap((c) => c.relations as Rec[])
      .map((r) => ({ claimId: r.claim.slug, relatedClaimId: r.relatedClaim.slug, relation: String(r.relation).toLowerCase() as 'overlapping', note: null }))
    const sideBySide = (withLinks: typeof links) =>
      combineClaims(
        customer.map((c) => ({ id: c.id, lowPence: pence(c), highPence: pence(c), currency: 'GBP', basis: 'per_year', horizonYears: null, kind: 'any', grossOrNet: 'any', qualifier: 'exact' })),
        withLinks,
      ).totals[0]!
    const others = customer.filter((c) => c.id !== yearly[0]!.id).map(pence)
    expect(sideBySide(links).highPence).toBe(Math.max(...others))
    expect(sideBySide([]).highPence).toBe(customer.map(pence).reduce((a, b) => a + b, 0))

    // The CRM and web figures are alternatives: the four-year total is one of them, not their sum.
    const options = haringey.filter((c) => c.horizonYears === 4)
    const fourYear = totals.find((x: Rec) => x.horizonYears === 4)
    const amounts = options.map(pence)
    expect(fourYear).toMatchObject({ low: { pence: Math.min(...amounts) }, high: { pence: Math.max(...amounts) }, determinate: false })
    expect(fourYear.countedOnce.map((p: Rec) => p.relation)).toEqual(['ALTERNATIVE'])

    // The Local and Family Models: the source does not say, so the range covers both readings.
    const models = haringey.filter((c) => c.horizonYears === 5)
    const fiveYear = totals.find((x: Rec) => x.horizonYears === 5)
    const low = (c: Rec) => Math.round(Number(c.low) * 100)
    const high = (c: Rec) => Math.round(Number(c.high) * 100)
    expect(fiveYear).toMatchObject({
      low: { pence: Math.min(...models.map(low)) },
      high: { pence: models.map(high).reduce((a, b) => a + b, 0) },
      determinate: false,
    })
    expect(fiveYear.unresolved).toHaveLength(1)
    expect(fiveYear.unresolved[0].relation).toBe('UNKNOWN')
    expect(fiveYear.conclusion).toMatch(/no single total/)
    expect(fiveYear.hedgedClaimSlugs).toEqual(models.filter((c) => c.hedges).map((c) => c.id))
  })

  it('the programme totals use the same function as the data: one answer either way', async () => {
    const dataset = await readDataset(dataDir)
    const programme = 'haringey-customer-services-transformation'
    const mine = dataset.savingsClaims.filter((c) => c.programmeId === programme)
    const expected = combineClaims(
      mine.map((c) => ({ id: c.id, lowPence: c.lowPence ?? null, highPence: c.highPence ?? null, currency: c.currency ?? 'GBP', basis: c.basis, horizonYears: c.horizonYears ?? null, kind: c.kind, grossOrNet: c.grossOrNet ?? 'unknown', qualifier: c.qualifier })),
      dataset.claimRelations.map((r) => ({ claimId: r.claimId, relatedClaimId: r.relatedClaimId, relation: r.relation, note: r.note ?? null })),
    )
    const res = await gql(t.rt, `{ programme(slug: "${programme}") { ${totalsQuery} } }`)
    expect(res.errors).toBeUndefined()
    expect(res.data.programme.claimTotals.totals.map((x: Rec) => [x.claimSlugs, x.low.pence, x.high?.pence ?? null])).toEqual(
      expected.totals.map((x) => [x.claimIds, x.lowPence, x.highPence]),
    )
    // A naive sum of the programme's claims would count the same benefit two or three times.
    const naive = mine.reduce((sum, c) => sum + (c.highPence ?? 0), 0)
    const honest = expected.totals.reduce((sum, x) => sum + (x.highPence ?? 0), 0)
    expect(honest).toBeLessThan(naive)
  })

  it('callers outside GraphQL (ledger, CSV) get the same totals from the database', async () => {
    const res = await gql(t.rt, `{ body(slug: "haringey") { ${totalsQuery} } }`)
    const direct = await combinedClaims(t.db, { claimantId: 'haringey' })
    expect(direct.totals.map((x) => [x.claimIds, x.lowPence, x.highPence, x.determinate])).toEqual(
      res.data.body.claimTotals.totals.map((x: Rec) => [x.claimSlugs, x.low.pence, x.high?.pence ?? null, x.determinate]),
    )
    expect(direct.totals.flatMap((x) => x.hedgedClaimIds).sort()).toEqual(res.data.body.claimTotals.totals.flatMap((x: Rec) => x.hedgedClaimSlugs).sort())
  })

  it('claim totals for every programme load with their claims, not a query per programme', async () => {
    t.sql.length = 0
    const res = await gql(t.rt, `{ programmes(first: 50) { edges { node { slug claimTotals { totals { low { pence } } } } } } }`)
    expect(res.errors).toBeUndefined()
    expect(nodes(res.data.programmes).length).toBeGreaterThan(5)
    expect(t.sql.length).toBeLessThanOrEqual(2)
  })
})

describe('relations and hedges in the API', () => {
  it('every claim relation of the data is readable from both claims', async () => {
    const res = await gql(t.rt, `{ savingsClaims(first: 100) { edges { node { slug relations { claim { slug } relatedClaim { slug } relation note } } } } }`)
    expect(res.errors).toBeUndefined()
    const bySlug = new Map(nodes<Rec>(res.data.savingsClaims).map((c) => [c.slug, c.relations]))
    const written = claims.flatMap((c) => ((c.relations as Rec[] | undefined) ?? []).map((r) => ({ from: c.id, to: r.claim, relation: String(r.relation).toUpperCase(), note: r.note ?? null })))
    expect(written.length).toBeGreaterThan(0)
    for (const w of written) {
      const expected = { claim: { slug: w.from }, relatedClaim: { slug: w.to }, relation: w.relation, note: w.note }
      expect(bySlug.get(w.from)).toContainEqual(expected)
      expect(bySlug.get(w.to)).toContainEqual(expected)
    }
  })

  it('hedges on claims and contracts are exposed with the source’s words', async () => {
    const res = await gql(t.rt, `{
      savingsClaims(first: 100) { edges { node { slug qualifier hedges { field kind words } } } }
      contracts(first: 100) { edges { node { slug hedges { field kind words } } } } }`)
    expect(res.errors).toBeUndefined()
    // The API's contracts are the curated ones and those the FOI records in data/foi/ state.
    const foiContracts = (await readDataset(dataDir)).foiRecords.flatMap((r) => r.record.facts.contracts as Rec[])
    const contracts = [...(await shippedRecords('contracts.yaml')), ...foiContracts]
    const asApi = (r: Rec) => ((r.hedges as Rec[] | undefined) ?? []).map((h) => ({ field: h.field, kind: String(h.kind).toUpperCase(), words: h.words }))
    expect(nodes<Rec>(res.data.savingsClaims).map((c) => [c.slug, c.hedges])).toEqual(
      [...claims].sort((a, b) => String(a.id).localeCompare(String(b.id))).map((c) => [c.id, asApi(c)]),
    )
    expect(nodes<Rec>(res.data.contracts).map((c) => [c.slug, c.hedges])).toEqual(
      [...contracts].sort((a, b) => String(a.id).localeCompare(String(b.id))).map((c) => [c.id, asApi(c)]),
    )
    // The hedges the issue names are there: "vague threat" and "from what I can gather"; "around" is ABOUT.
    const words = [...claims, ...contracts].flatMap((r) => asApi(r).map((h) => h.words))
    expect(words.some((w) => /vague threat/.test(w))).toBe(true)
    expect(words.some((w) => /From what I can gather/.test(w))).toBe(true)
    const around = claims.filter((c) => c.sources.some((s: Rec) => / around /.test(String(s.quote))))
    expect(around.length).toBeGreaterThan(0)
    const qualifiers = new Map(nodes<Rec>(res.data.savingsClaims).map((c) => [c.slug, c.qualifier]))
    for (const c of around) expect(qualifiers.get(c.id)).toBe('ABOUT')
  })
})

describe('pilot themes and customer segments', () => {
  it('a pilot’s themes are only the Total Place themes the data names; segments are facts about places', async () => {
    const res = await gql(t.rt, `{
      totalPlacePilots(first: 20) { edges { node { slug themes } } }
      customerSegments(first: 50) { edges { node { slug place segment body { slug } evidence { quote } } } } }`)
    expect(res.errors).toBeUndefined()
    const pilots = await shippedRecords('total-place.yaml')
    const themes = new Map(nodes<Rec>(res.data.totalPlacePilots).map((p) => [p.slug, p.themes]))
    for (const p of pilots) expect(themes.get(p.id)).toEqual(((p.themes as Rec[] | undefined) ?? []).map((x) => x.theme))
    const segments = await shippedRecords('segments.yaml')
    expect(nodes<Rec>(res.data.customerSegments)).toEqual(
      [...segments]
        .sort((a, b) => String(a.id).localeCompare(String(b.id)))
        .map((s) => ({ slug: s.id, place: s.place, segment: s.segment, body: s.body ? { slug: s.body } : null, evidence: (s.sources as Rec[]).map((c) => ({ quote: c.quote })) })),
    )
    // No segment text is a pilot theme any more.
    const allThemes = [...themes.values()].flat()
    for (const s of segments) expect(allThemes).not.toContain(s.segment)
  })

  it('a body lists the segments named for its area', async () => {
    const segments = (await shippedRecords('segments.yaml')).filter((s) => s.body)
    const slug = String(segments[0]!.body)
    const res = await gql(t.rt, `{ body(slug: "${slug}") { customerSegments { segment } } }`)
    expect(res.errors).toBeUndefined()
    expect(res.data.body.customerSegments).toEqual(segments.filter((s) => s.body === slug).map((s) => ({ segment: s.segment })))
  })

  it('unit costs are exact pence with their sources', async () => {
    const res = await gql(t.rt, `{ unitCosts(first: 20) { totalCount edges { node { slug kind unit amount { pence } sources { slug } } } } }`)
    expect(res.errors).toBeUndefined()
    const shipped = await shippedRecords('unit-costs.yaml')
    expect(res.data.unitCosts.totalCount).toBe(shipped.length)
    const penceOf = (pounds: string) => {
      const [whole = '0', frac = ''] = pounds.split('.')
      return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
    }
    expect(nodes<Rec>(res.data.unitCosts).map((u) => [u.slug, u.amount.pence])).toEqual(
      [...shipped].sort((a, b) => String(a.id).localeCompare(String(b.id))).map((u) => [u.id, penceOf(String(u.amount))]),
    )
  })
})
