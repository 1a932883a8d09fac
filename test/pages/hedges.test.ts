// A hedge in a source stays a qualifier wherever we show the figure: for every programme in the
// curated data, each hedge the API gives on its contracts, claims and outcomes has its words on
// the programme page and (contracts and claims) on the fees card, and a claim the source bounds
// ("at least", "about", "up to") reads bounded on the pages that show it. Expectations come from the
// API, not from us.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contracts, hedges } from '../../schema/tables'
import { gql } from '../helpers/graphql'
import { openTestApi, type TestApi } from '../helpers/db'

const ORIGIN = 'http://consultwatch.test'
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
const bounds: Record<string, string> = { ABOUT: 'about ', AT_LEAST: 'at least ', AT_MOST: 'up to ' }

interface Hedge {
  field: string
  words: string
}
interface Fact {
  slug: string
  hedges: Hedge[]
}

describe('hedges and bounds beside every figure on programme pages and fees cards', () => {
  let t: TestApi
  let programmes: Array<{ slug: string; contracts: Fact[]; claims: Fact[]; outcomes: Fact[] }>
  const get = async (path: string) => (await t.app.request(`${ORIGIN}${path}`)).text()

  beforeAll(async () => {
    t = await openTestApi()
    const res = await gql(
      t.rt,
      `{ programmes(first: 30) { edges { node { slug
        contracts(first: 20) { edges { node { slug hedges { field words } } } }
        savingsClaims(first: 20) { edges { node { slug hedges { field words } } } }
        outcomes(first: 20) { edges { node { slug hedges { field words } } } } } } } }`,
    )
    expect(res.errors).toBeUndefined()
    programmes = res.data.programmes.edges.map(({ node: p }: any) => ({
      slug: p.slug,
      contracts: p.contracts.edges.map((e: any) => e.node),
      claims: p.savingsClaims.edges.map((e: any) => e.node),
      outcomes: p.outcomes.edges.map((e: any) => e.node),
    }))
  })
  afterAll(() => t.close())

  it('the fees card and the programme page carry every hedge’s words', async () => {
    let checked = 0
    for (const p of programmes) {
      const facts = [...p.contracts, ...p.claims]
      if (!facts.some((f) => f.hedges.length) && !p.outcomes.some((o) => o.hedges.length)) continue
      const card = await get(`/embed/figure?programme=${p.slug}&show=fees`)
      const page = await get(`/programmes/${p.slug}`)
      for (const f of facts) {
        for (const h of f.hedges) {
          // A hedge on a field we don't show as a figure (a claim's percent) is not required on the card.
          if (!['value', 'contingent', 'contingentOn', 'amount', 'low', 'high'].includes(h.field)) continue
          expect(card, `${p.slug} card: ${f.slug}.${h.field}`).toContain(`“${escape(h.words)}”`)
          expect(page, `${p.slug} page: ${f.slug}.${h.field}`).toContain(`“${escape(h.words)}”`)
          checked++
        }
      }
      for (const o of p.outcomes) for (const h of o.hedges) if (h.field === 'amount') expect(page, `${p.slug} page: ${o.slug}`).toContain(`“${escape(h.words)}”`)
    }
    // The curated data hedges the Haringey contingent sum and claims at least: this must check something.
    expect(checked).toBeGreaterThan(0)
  })

  it('a claim the source bounds reads bounded on its claimant’s page and its programme’s, never as an exact figure', async () => {
    const res = await gql(
      t.rt,
      `{ savingsClaims(first: 100) { edges { node { slug qualifier low { formatted } high { formatted } claimant { slug } programme { slug } } } } }`,
    )
    expect(res.errors).toBeUndefined()
    const bounded = res.data.savingsClaims.edges
      .map((e: any) => e.node)
      .filter((c: any) => bounds[c.qualifier] && (c.low ?? c.high) && (c.claimant || c.programme))
    for (const c of bounded) {
      const shown = `${bounds[c.qualifier]}${(c.low ?? c.high).formatted}`
      if (c.claimant) expect(await get(`/bodies/${c.claimant.slug}`), `${c.slug} on its claimant's page`).toContain(shown)
      if (c.programme) {
        expect(await get(`/programmes/${c.programme.slug}`), `${c.slug} on its programme's page`).toContain(shown)
        expect(await get(`/embed/figure?programme=${c.programme.slug}&show=fees`), `${c.slug} on the fees card`).toContain(shown)
      }
    }
    // The curated data gives the 2010 spending review's cut as "about" £81bn: this must check something.
    expect(bounded.length).toBeGreaterThan(0)
  })

  it('fees "at least" £x leave fees per £1 claimed open above on the programme page, and say it is not exact', async () => {
    const [c] = await t.db.select().from(contracts).where(eq(contracts.programmeId, 'haringey-54000-programme'))
    await t.db.insert(hedges).values({ contractId: c!.id, field: 'value', kind: 'at_least', words: 'test bound' })
    try {
      const page = await get('/programmes/haringey-54000-programme')
      expect(page).toMatch(/<td class="num">\d\.\d{3} or more<br><span class="note">not exact/)
      expect(page).not.toMatch(/\d\.\d{3} to \d\.\d{3}/)
    } finally {
      await t.db.delete(hedges).where(eq(hedges.words, 'test bound'))
    }
  })
})
