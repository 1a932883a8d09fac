// /programmes/:slug — fees contracted, contingent and paid against each savings claim, with the
// outcomes reported, every figure with its evidence.
import type { Db } from '../../schema/db'
import type { MoneyShape } from '../../schema/graphql/types/money'
import { type Evidence, evidenceFields, withEvidence } from './evidence'
import { amountFields, basisWords, claimRange, count, hedgeFields, hedgeNote, type HedgeShape, money, partialDate, vatBasis } from './format'
import { html, type Html } from './html'
import { ask } from './query'

const programmeQuery = `query ($slug: String!) { programme(slug: $slug) {
  slug name kind description started { value precision inferred } ended { value precision inferred }
  budget { pence currency vatBasis }
  parent { slug name } children(first: 100) { edges { node { slug name } } }
  bodies(first: 100) { edges { node { body { slug name } role detail } } }
  contracts(first: 100) { totalCount edges { node { slug title value { pence currency vatBasis } valueKind contingentValue { pence currency vatBasis } contingentOn
    buyer { slug name } supplier { slug name } decided { value precision inferred } status ${hedgeFields} ${evidenceFields} } } }
  savingsClaims(first: 100) { totalCount edges { node { slug title description scenario low { pence currency vatBasis } high { pence currency vatBasis } qualifier grossOrNet kind basis horizonYears
    claimant { slug name } ${hedgeFields} ${evidenceFields} } } }
  outcomes(first: 100) { totalCount edges { node { slug title amount { pence currency vatBasis } qualifier basis reported { value precision inferred } claim { slug title } ${hedgeFields} ${evidenceFields} } } }
  totalPlacePilots(first: 100) { totalCount edges { node { slug name region } } }
  ledger { fees { contracted { pence currency vatBasis } contingent { pence currency vatBasis } contracts
      paid { total { pence currency vatBasis } payments rule ruleDescription } }
    claims { claim { slug title qualifier ${hedgeFields} } low { pence currency vatBasis } high { pence currency vatBasis } horizonYears
      annualLow { pence currency vatBasis } annualHigh { pence currency vatBasis } feesPerPoundClaimed { low high exact } } }
  ${evidenceFields}
} }`

interface LedgerData {
  fees: {
    contracted: MoneyShape[]
    contingent: MoneyShape[]
    contracts: number
    paid: { total: MoneyShape[]; payments: number; rule: string; ruleDescription: string }
  }
  claims: Array<{
    claim: { slug: string; title: string; qualifier: string; hedges: HedgeShape[] }
    low: MoneyShape | null
    high: MoneyShape | null
    horizonYears: number | null
    annualLow: MoneyShape | null
    annualHigh: MoneyShape | null
    feesPerPoundClaimed: { low: number | null; high: number | null; exact: boolean } | null
  }>
}

type PD = { value: string | null; precision: string; inferred: boolean }
interface ProgrammeData {
  slug: string
  name: string
  kind: string
  description: string | null
  started: PD
  ended: PD
  budget: MoneyShape | null
  parent: { slug: string; name: string } | null
  children: { edges: Array<{ node: { slug: string; name: string } }> }
  bodies: { edges: Array<{ node: { body: { slug: string; name: string }; role: string; detail: string | null } }> }
  contracts: {
    totalCount: number
    edges: Array<{
      node: {
        slug: string
        title: string
        value: MoneyShape | null
        valueKind: string | null
        contingentValue: MoneyShape | null
        contingentOn: string | null
        buyer: { slug: string; name: string }
        supplier: { slug: string; name: string } | null
        decided: PD
        status: string
        hedges: HedgeShape[]
        evidence: Evidence[]
      }
    }>
  }
  savingsClaims: {
    totalCount: number
    edges: Array<{
      node: {
        slug: string
        title: string
        description: string | null
        scenario: string | null
        low: MoneyShape | null
        high: MoneyShape | null
        qualifier: string
        grossOrNet: string
        kind: string
        basis: string
        horizonYears: number | null
        claimant: { slug: string; name: string }
        hedges: HedgeShape[]
        evidence: Evidence[]
      }
    }>
  }
  outcomes: {
    totalCount: number
    edges: Array<{ node: { slug: string; title: string; amount: MoneyShape | null; qualifier: string; basis: string; reported: PD; claim: { slug: string; title: string } | null; hedges: HedgeShape[]; evidence: Evidence[] } }>
  }
  totalPlacePilots: { totalCount: number; edges: Array<{ node: { slug: string; name: string; region: string } }> }
  ledger: LedgerData
  evidence: Evidence[]
}

const ratio = (n: number | null) => (n === null ? '—' : n.toFixed(3))

/** A ratio as firm as its figures: an open bound reads "or more" / "up to", an inexact one says so. */
function ratios(r: { low: number | null; high: number | null; exact: boolean }): Html {
  const range = r.low !== null && r.high === null ? `${ratio(r.low)} or more` : r.low === null && r.high !== null ? `up to ${ratio(r.high)}` : `${ratio(r.low)} to ${ratio(r.high)}`
  return html`${range}${r.exact ? '' : html`<br><span class="note">not exact: a fee or the claim is given as about, at least or up to</span>`}`
}
const moneys = (list: MoneyShape[]) => (list.length ? list.map((m) => money(m)).join(' + ') : '—')

/** The ledger in one table: fees once, then each claim on its own row, never added together. */
function ledgerTable(slug: string, l: LedgerData, contracts: ReadonlyArray<{ valueKind: string | null; hedges: HedgeShape[] }>): Html {
  // The sums carry their contracts' hedges: a total is no firmer than the figures in it.
  const hedges = (contingent: boolean) =>
    contracts.flatMap((c) => c.hedges.filter((h) => (h.field === 'value' && (c.valueKind === 'CONTINGENT') === contingent) || (contingent && h.field === 'contingent')))
  return html`<table><caption>Fees and claims, as their sources state them</caption>
<thead><tr><th scope="col">Fees</th><th scope="col" class="num">Amount</th><th scope="col">Evidence</th></tr></thead>
<tbody>
<tr><th scope="row">Contracted (${count(l.fees.contracts)} contract${l.fees.contracts === 1 ? '' : 's'})</th><td class="num">${moneys(l.fees.contracted)}${hedgeNote(hedges(false), ['value'])}</td><td><a href="#contracts">the contracts and their sources</a></td></tr>
<tr><th scope="row">Contingent on delivery</th><td class="num">${moneys(l.fees.contingent)}${hedgeNote(hedges(true), ['value', 'contingent'])}</td><td><a href="#contracts">the contracts and their sources</a></td></tr>
<tr><th scope="row">Paid, in the spend files we hold</th><td class="num">${moneys(l.fees.paid.total)}${l.fees.paid.payments ? html`<br><span class="note">${count(l.fees.paid.payments)} payments</span>` : ''}</td>
<td><a href="/v1/payments.csv?programme=${slug}">the payments (CSV)</a>, matched by rule <code>${l.fees.paid.rule}</code>: ${l.fees.paid.ruleDescription}</td></tr>
</tbody></table>
${l.claims.length
  ? html`<table><caption>Each savings claim against those fees</caption>
<thead><tr><th scope="col">Claim</th><th scope="col" class="num">Claimed</th><th scope="col" class="num">A year</th><th scope="col" class="num">Fees per £1 claimed</th></tr></thead>
<tbody>${l.claims.map(
      (c) => html`<tr><td><a href="#claim-${c.claim.slug}">${c.claim.title}</a></td><td class="num">${claimRange(c.low, c.high, c.claim.qualifier)}${hedgeNote(c.claim.hedges, amountFields)}${c.horizonYears ? html`<br><span class="note">over ${c.horizonYears} years</span>` : ''}</td>
<td class="num">${c.annualLow || c.annualHigh ? claimRange(c.annualLow, c.annualHigh, c.claim.qualifier) : '—'}</td>
<td class="num">${c.feesPerPoundClaimed ? ratios(c.feesPerPoundClaimed) : '—'}</td></tr>`,
    )}</tbody></table>
<p class="note">Fees per pound claimed run from contracted ÷ the claim's high to (contracted + contingent) ÷ the claim's low.</p>`
  : ''}`
}

const words = (s: string) => s.toLowerCase().replace(/_/g, ' ')

export async function programmePage(db: Db, slug: string): Promise<{ title: string; main: Html } | null> {
  const { programme: p } = await ask<{ programme: ProgrammeData | null }>(db, programmeQuery, { slug })
  if (!p) return null
  const contracts = p.contracts.edges.map((e) => e.node)
  const claims = p.savingsClaims.edges.map((e) => e.node)
  const embedCard = `/embed?what=fees&programme=${encodeURIComponent(p.slug)}`
  const main = html`<h1>${p.name}</h1>
<p class="lede">${words(p.kind)} programme${p.started.value ? html`, from ${partialDate(p.started)}` : ''}${p.ended.value ? html` to ${partialDate(p.ended)}` : ''}${
    p.parent ? html` · part of <a href="/programmes/${p.parent.slug}">${p.parent.name}</a>` : ''
  }</p>
${p.description ? html`<p>${p.description}</p>` : ''}
${p.budget ? html`<p>Its own money: <strong>${money(p.budget)}</strong> (${vatBasis(p.budget.vatBasis)})</p>` : ''}
${p.bodies.edges.length ? html`<p>Bodies: ${p.bodies.edges.map(({ node: b }, i) => html`${i ? '; ' : ''}<a href="/bodies/${b.body.slug}">${b.body.name}</a> (${words(b.role)}${b.detail ? html`: ${b.detail}` : ''})`)}</p>` : ''}
<h2 id="ledger">Fees against savings claimed</h2>
<p class="note">Fees and claims as their sources state them. Claims are never added together: each is set against the fees on its own. <a href="${embedCard}">Embed this as a card</a>.</p>
${ledgerTable(p.slug, p.ledger, contracts)}
<h3 id="contracts">Contracts</h3>
${contracts.length
    ? html`<table><thead><tr><th scope="col">Contract</th><th scope="col">Buyer → supplier</th><th scope="col" class="num">Contracted</th><th scope="col" class="num">Contingent</th></tr></thead><tbody>${contracts.map(
        (c) => html`<tr><td>${c.title}<details><summary>Evidence (${c.evidence.length})</summary>${withEvidence(html``, c.evidence)}</details></td>
<td><a href="/bodies/${c.buyer.slug}">${c.buyer.name}</a> → ${c.supplier ? html`<a href="/suppliers/${c.supplier.slug}">${c.supplier.name}</a>` : 'not named'}</td>
<td class="num">${c.value ? money(c.value) : 'not stated'}${hedgeNote(c.hedges, ['value'])}${c.value ? html`<br><span class="note">${vatBasis(c.value.vatBasis)}</span>` : ''}</td>
<td class="num">${c.contingentValue ? money(c.contingentValue) : '—'}${hedgeNote(c.hedges, ['contingent', 'contingentOn'])}${c.contingentOn ? html`<br><span class="note">on ${c.contingentOn}</span>` : ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No contract recorded.</p>`}
<h3>Savings claimed</h3>
${claims.length
    ? claims.map(
        (s) => html`<h4 id="claim-${s.slug}">${s.title}${s.scenario ? html` <span class="tag">option: ${s.scenario}</span>` : ''}</h4>
${withEvidence(html`<p><strong>${claimRange(s.low, s.high, s.qualifier)}</strong>${hedgeNote(s.hedges, amountFields)} ${words(s.grossOrNet)}, ${words(s.kind)}, ${basisWords(s.basis, s.horizonYears)} — claimed by <a href="/bodies/${s.claimant.slug}">${s.claimant.name}</a></p>${
          s.description ? html`<p class="note">${s.description}</p>` : ''
        }`, s.evidence)}`,
      )
    : html`<p>No savings claim recorded.</p>`}
<h3>Outcomes reported</h3>
${p.outcomes.edges.length
    ? p.outcomes.edges.map(
        ({ node: o }) => html`<h4>${o.title}</h4>${withEvidence(html`<p>${o.amount ? html`<strong>${money(o.amount)}</strong>${hedgeNote(o.hedges, amountFields)} ` : ''}${words(o.qualifier)}, ${words(o.basis)}, reported ${partialDate(o.reported)}${o.claim ? html` · against “${o.claim.title}”` : ''}</p>`, o.evidence)}`,
      )
    : html`<p>No outcome reported in the sources we hold.</p>`}
${p.totalPlacePilots.totalCount ? html`<h2>Pilot areas (${count(p.totalPlacePilots.totalCount)})</h2><ul>${p.totalPlacePilots.edges.map(({ node: t }) => html`<li>${t.name} (${t.region})</li>`)}</ul>` : ''}
${p.children.edges.length ? html`<h2>Within this programme</h2><ul>${p.children.edges.map(({ node: c }) => html`<li><a href="/programmes/${c.slug}">${c.name}</a></li>`)}</ul>` : ''}
${p.evidence.length ? html`<h2>Sources</h2>${withEvidence(html``, p.evidence)}` : ''}`
  return { title: p.name, main }
}
