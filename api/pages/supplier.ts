// /suppliers/:slug — money in by body and year, every spelling the supplier was seen under and
// how each was matched, and its contracts.
import type { Db } from '../../schema/db'
import type { MoneyShape } from '../../schema/graphql/types/money'
import { spend } from './answers'
import { type Evidence, evidenceFields, withEvidence } from './evidence'
import { count, hedgeFields, hedgeNote, type HedgeShape, money, partialDate, vatBasis } from './format'
import { html, type Html } from './html'
import { ask } from './query'
import { chartFigure, overTimeChart, share, topChart } from './spend-charts'

const supplierQuery = `query ($slug: String!) { supplier(slug: $slug) {
  slug name orgId website body { slug name }
  aliases(first: 100) { totalCount edges { node { rawName method source { title url } } } }
  contracts(first: 100) { totalCount edges { node { slug title value { pence currency vatBasis } contingentValue { pence currency vatBasis }
    buyer { slug name } programme { slug name } decided { value precision inferred } ${hedgeFields} ${evidenceFields} } } }
  payments(first: 1) { totalCount }
  ${evidenceFields}
} }`

interface SupplierData {
  slug: string
  name: string
  orgId: string | null
  website: string | null
  body: { slug: string; name: string } | null
  aliases: { totalCount: number; edges: Array<{ node: { rawName: string; method: string; source: { title: string; url: string | null } | null } }> }
  contracts: {
    totalCount: number
    edges: Array<{
      node: {
        slug: string
        title: string
        value: MoneyShape | null
        contingentValue: MoneyShape | null
        buyer: { slug: string; name: string }
        programme: { slug: string; name: string } | null
        decided: { value: string | null; precision: string; inferred: boolean }
        hedges: HedgeShape[]
        evidence: Evidence[]
      }
    }>
  }
  payments: { totalCount: number }
  evidence: Evidence[]
}

const methodWords: Record<string, string> = {
  EXACT: 'exactly our name for it',
  NORMALISED: 'the same once case, punctuation and "Ltd"/"Limited" are normalised',
  IDENTIFIER: 'by its Companies House number',
  MANUAL: 'matched by hand, with a source',
}

export async function supplierPage(db: Db, slug: string): Promise<{ title: string; main: Html } | null> {
  const { supplier: s } = await ask<{ supplier: SupplierData | null }>(db, supplierQuery, { slug })
  if (!s) return null
  const parts: Html[] = []
  if (s.payments.totalCount > 0) {
    // The slug is the supplier's id, which the spend filter resolves to this supplier alone.
    const filterText = s.slug
    {
      const params = { supplier: filterText }
      const [byBody, overTime, byBodyYear] = await Promise.all([
        topChart(db, { ...params, groupBy: 'body', first: 10 }, 'chart-bodies', `Money to ${s.name}, by paying body`),
        overTimeChart(db, { ...params, interval: 'financialYear' }, 'chart-years', `Money to ${s.name}`),
        spend(db, params, ['BODY', 'FINANCIAL_YEAR'], 100),
      ])
      parts.push(html`<ul class="figures">${byBodyYear.grandTotal.map(
        (t) => html`<li><span>Paid by the bodies we hold, ${vatBasis(t.vatBasis)}</span><strong>${money(t)}</strong>${count(t.payments)} payments · <a href="/v1/payments.csv?supplier=${encodeURIComponent(filterText)}">every payment (CSV)</a></li>`,
      )}</ul>
<h3>By paying body</h3>${chartFigure(byBody)}
<h3>By financial year</h3>${chartFigure(overTime)}
<table><caption>By body and financial year (<a href="/v1/spend.csv?groupBy=body,financialYear&amp;supplier=${encodeURIComponent(filterText)}">CSV</a>)</caption>
<thead><tr><th scope="col">Body</th><th scope="col">Financial year</th><th scope="col" class="num">Total</th><th scope="col" class="num">Payments</th><th scope="col" class="num">Share</th></tr></thead>
<tbody>${byBodyYear.groups.map(
        (g) => html`<tr><td>${g.body ? html`<a href="/bodies/${g.body.slug}">${g.body.name}</a>` : '?'}</td><td>${g.undated ? 'date unknown' : g.period}</td><td class="num">${money(g.total)}</td><td class="num">${count(g.payments)}</td><td class="num">${share(g.share)}</td></tr>`,
      )}</tbody></table>`)
    }
  } else {
    parts.push(html`<p>No payment to this supplier in the spend files we hold.</p>`)
  }
  const main = html`<h1>${s.name}</h1>
${s.orgId || s.website ? html`<p class="lede">${s.orgId ? html`Identifier ${s.orgId}` : ''}${s.orgId && s.website ? ' · ' : ''}${s.website ? html`<a href="${s.website}" rel="nofollow">${s.website}</a>` : ''}</p>` : ''}
${s.body ? html`<p>This payee is a public body: <a href="/bodies/${s.body.slug}">${s.body.name}</a>. Its page shows its money in from every body.</p>` : ''}
<h2 id="money-in">Money in</h2>
${parts}
<h2 id="names">Names it was seen under (${count(s.aliases.totalCount)})</h2>
<p class="note">Spend rolls up by supplier, never by spelling: each name below was matched to this supplier as shown.</p>
<table><thead><tr><th scope="col">Name as written</th><th scope="col">How it was matched</th><th scope="col">Where</th></tr></thead>
<tbody>${s.aliases.edges.map(
    ({ node: a }) => html`<tr><td>${a.rawName}</td><td>${methodWords[a.method] ?? a.method.toLowerCase()}</td><td>${a.source ? (a.source.url ? html`<a href="${a.source.url}" rel="nofollow">${a.source.title}</a>` : a.source.title) : '—'}</td></tr>`,
  )}</tbody></table>
<h2 id="contracts">Contracts (${count(s.contracts.totalCount)})</h2>
${s.contracts.edges.length
    ? s.contracts.edges.map(
        ({ node: c }) => html`<h3>${c.title}</h3><p>Buyer: <a href="/bodies/${c.buyer.slug}">${c.buyer.name}</a>${c.programme ? html` · <a href="/programmes/${c.programme.slug}">${c.programme.name}</a>` : ''} · decided ${partialDate(c.decided)}</p>
${withEvidence(html`<p>Value: <strong>${c.value ? money(c.value) : 'not stated'}</strong>${hedgeNote(c.hedges, ['value'])}${c.value ? html` (${vatBasis(c.value.vatBasis)})` : ''}${
  c.contingentValue ? html`, plus ${money(c.contingentValue)} contingent${hedgeNote(c.hedges, ['contingent', 'contingentOn'])}` : ''
}</p>`, c.evidence)}`,
      )
    : html`<p>None recorded.</p>`}
${s.evidence.length ? html`<h2>Sources about this supplier</h2>${withEvidence(html``, s.evidence)}` : ''}`
  return { title: s.name, main }
}
