// /bodies/:slug — one body's money out and in, its contracts, claims and FOI requests, and the
// spend files the figures come from, each with its row accounting.
import type { Db } from '../../schema/db'
import type { MoneyShape } from '../../schema/graphql/types/money'
import { spend } from './answers'
import { type Evidence, evidenceFields, withEvidence } from './evidence'
import { amountFields, basisWords, claimRange, count, hedgeFields, hedgeNote, type HedgeShape, money, partialDate, vatBasis } from './format'
import { html, type Html } from './html'
import { ask } from './query'
import { chartFigure, overTimeChart, share, topChart } from './spend-charts'

const bodyQuery = `query ($slug: String!) { body(slug: $slug) {
  slug name kind region nation gssCode aliases
  contracts(first: 100) { totalCount edges { node { slug title value { pence currency vatBasis } contingentValue { pence currency vatBasis } contingentOn
    supplier { slug name } programme { slug name } decided { value precision inferred } status ${hedgeFields} ${evidenceFields} } } }
  savingsClaims(first: 100) { totalCount edges { node { slug title low { pence currency vatBasis } high { pence currency vatBasis } qualifier grossOrNet basis horizonYears
    programme { slug name } ${hedgeFields} ${evidenceFields} } } }
  foiRequests(first: 100) { totalCount edges { node { slug title url platform status requested { value precision inferred } answered { value precision inferred } } } }
  programmes(first: 100) { edges { node { slug name } } }
  spendFiles(first: 100) { totalCount edges { node { fileName periodStart periodEnd rowsRead accepted rejected skipped totals { pence currency vatBasis }
    statedTotal statedTotalMatches warnings { code message } source { title url licence }
    rejects(first: 10) { totalCount edges { node { line code message } } } } } }
  ${evidenceFields}
} }`

type Edges<T> = { totalCount?: number; edges: Array<{ node: T }> }
interface PD {
  value: string | null
  precision: string
  inferred: boolean
}
interface BodyData {
  slug: string
  name: string
  kind: string
  region: string | null
  nation: string | null
  gssCode: string | null
  aliases: string[]
  contracts: Edges<{
    slug: string
    title: string
    value: MoneyShape | null
    contingentValue: MoneyShape | null
    contingentOn: string | null
    supplier: { slug: string; name: string } | null
    programme: { slug: string; name: string } | null
    decided: PD
    status: string
    hedges: HedgeShape[]
    evidence: Evidence[]
  }>
  savingsClaims: Edges<{
    slug: string
    title: string
    low: MoneyShape | null
    high: MoneyShape | null
    qualifier: string
    grossOrNet: string
    basis: string
    horizonYears: number | null
    programme: { slug: string; name: string } | null
    hedges: HedgeShape[]
    evidence: Evidence[]
  }>
  foiRequests: Edges<{ slug: string; title: string; url: string | null; platform: string | null; status: string; requested: PD; answered: PD }>
  programmes: Edges<{ slug: string; name: string }>
  spendFiles: Edges<{
    fileName: string
    periodStart: string | null
    periodEnd: string | null
    rowsRead: number
    accepted: number
    rejected: number
    skipped: number
    totals: MoneyShape[]
    statedTotal: string | null
    statedTotalMatches: boolean | null
    warnings: Array<{ code: string; message: string }>
    source: { title: string; url: string | null; licence: string }
    rejects: Edges<{ line: number; code: string; message: string }>
  }>
  evidence: Evidence[]
}

const words = (s: string) => s.toLowerCase().replace(/_/g, ' ')

/** Payments other bodies made to this one: payees whose name is exactly one of its names. */
async function moneyIn(db: Db, filterText: string, name: string): Promise<Html> {
  const params = { payeeBody: filterText }
  const answer = await spend(db, params, ['BODY'], 100)
  if (answer.totalCount === 0) return html`<p>No payment to ${name} in the spend files we hold (a payee counts as this body when its name is exactly one of the body's names).</p>`
  const chart = await topChart(db, { payeeBody: filterText, groupBy: 'body', first: 10 }, 'chart-money-in', `Money to ${name} from other bodies`)
  return html`<ul class="figures">${answer.grandTotal.map((t) => html`<li><span>Paid to ${name} by other bodies, ${vatBasis(t.vatBasis)}</span><strong>${money(t)}</strong>${count(t.payments)} payments · <a href="/v1/payments.csv?payeeBody=${encodeURIComponent(filterText)}">the payments (CSV)</a></li>`)}</ul>
${chartFigure(chart)}`
}


export async function bodyPage(db: Db, slug: string): Promise<{ title: string; main: Html } | null> {
  const { body } = await ask<{ body: BodyData | null }>(db, bodyQuery, { slug })
  if (!body) return null
  const hasSpend = (body.spendFiles.totalCount ?? 0) > 0
  const spendParts: Html[] = []
  // The slug is the body's id, which the spend filter resolves to this body alone.
  const filterText = body.slug
  if (hasSpend) {
    const params = { body: filterText }
    const [monthly, yearly, top, rules] = await Promise.all([
      overTimeChart(db, { ...params, interval: 'month' }, 'chart-monthly', `Money out, ${body.name}`),
      overTimeChart(db, { ...params, interval: 'financialYear' }, 'chart-yearly', `Money out, ${body.name}`),
      topChart(db, { ...params, groupBy: 'supplier', first: 10 }, 'chart-suppliers', `Payees of ${body.name}`),
      spend(db, params, ['CONSULTANCY_RULE'], 100),
    ])
    const payments = `/v1/payments.csv?body=${encodeURIComponent(filterText)}`
    const marked = rules.groups.filter((g) => g.consultancyRule !== null)
    spendParts.push(html`<h2 id="money-out">Money out</h2>
<ul class="figures">${rules.grandTotal.map(
      (t) => html`<li><span>Total paid, ${vatBasis(t.vatBasis)}</span><strong>${money(t)}</strong>${count(t.payments)} payments · <a href="${payments}">every payment (CSV)</a></li>`,
    )}</ul>
<h3 id="consultancy">Consultancy and professional services</h3>
${marked.length
  ? html`<table><caption>Payments marked consultancy, by the rule that marked them</caption>
<thead><tr><th scope="col">Rule</th><th scope="col" class="num">Total</th><th scope="col" class="num">Payments</th><th scope="col" class="num">Share of all spend</th></tr></thead>
<tbody>${marked.map((g) => html`<tr><td><code>${g.consultancyRule}</code></td><td class="num">${money(g.total)}</td><td class="num">${count(g.payments)}</td><td class="num">${share(g.share)}</td></tr>`)}
<tr><th scope="row">All marked</th>${(() => {
      const sum = marked.reduce((n, g) => n + g.total.pence, 0)
      const first = marked[0] as (typeof marked)[number]
      const same = marked.every((g) => g.total.currency === first.total.currency && g.total.vatBasis === first.total.vatBasis)
      return same
        ? html`<td class="num"><strong>${money({ pence: sum, currency: first.total.currency })}</strong></td><td class="num">${count(marked.reduce((n, g) => n + g.payments, 0))}</td><td class="num">${share(marked.reduce((n, g) => n + (g.share ?? 0), 0))}</td>`
        : html`<td colspan="3">in more than one currency or VAT basis: see each rule</td>`
    })()}</tr></tbody></table>
<p class="note">Each payment is marked by the first of our published rules that matches its expense type, payee name or description (README, “Consultancy rules”). <a href="${payments}&amp;consultancyOnly=true">The marked payments (CSV)</a>, each naming its rule.</p>`
  : html`<p>No payment was marked consultancy by our rules.</p>`}
<h3>By month</h3>${chartFigure(monthly)}
<h3>By financial year</h3>${chartFigure(yearly)}
<h2 id="suppliers">Top payees</h2>${chartFigure(top)}`)
  }
  const main = html`<h1>${body.name}</h1>
<p class="lede">${words(body.kind)}${body.region ? html`, ${body.region}` : ''}${body.nation ? html`, ${body.nation}` : ''}${body.gssCode ? html` · GSS ${body.gssCode}` : ''}</p>
${body.aliases.length ? html`<p class="note">Also written: ${body.aliases.join('; ')}</p>` : ''}
${hasSpend ? spendParts : html`<p>We hold no spend files for this body yet.</p>`}
<h2 id="money-in">Money in from other bodies</h2>
${filterText === null ? html`<p>We can't add up payments to this body on their own: the filter also selects other bodies.</p>` : await moneyIn(db, filterText, body.name)}
<h2 id="contracts">Contracts (${body.contracts.totalCount ?? 0})</h2>
${body.contracts.edges.length
    ? body.contracts.edges.map(
        ({ node: c }) => html`<h3>${c.title}</h3>
<p>${c.supplier ? html`Supplier: <a href="/suppliers/${c.supplier.slug}">${c.supplier.name}</a>. ` : 'Supplier not named. '}${
          c.programme ? html`Programme: <a href="/programmes/${c.programme.slug}">${c.programme.name}</a>. ` : ''
        }Decided ${partialDate(c.decided)}; ${words(c.status)}.</p>
${withEvidence(
  html`<p>Value: <strong>${c.value ? money(c.value) : 'not stated'}</strong>${hedgeNote(c.hedges, ['value'])}${c.value ? html` (${vatBasis(c.value.vatBasis)})` : ''}${
    c.contingentValue ? html`, plus ${money(c.contingentValue)} contingent${c.contingentOn ? html` on ${c.contingentOn}` : ''}${hedgeNote(c.hedges, ['contingent', 'contingentOn'])}` : ''
  }</p>`,
  c.evidence,
)}`,
      )
    : html`<p>None recorded.</p>`}
<h2 id="claims">Savings claimed (${body.savingsClaims.totalCount ?? 0})</h2>
${body.savingsClaims.edges.length
    ? html`<p class="note">Each claim as its source states it; claims are never added together. The fees set against them are on each programme's page.</p>${body.savingsClaims.edges.map(
        ({ node: s }) => html`<h3>${s.title}</h3>${withEvidence(
          html`<p><strong>${claimRange(s.low, s.high, s.qualifier)}</strong>${hedgeNote(s.hedges, amountFields)}, ${words(s.grossOrNet)}, ${basisWords(s.basis, s.horizonYears)}${
            s.programme ? html` · <a href="/programmes/${s.programme.slug}#ledger">${s.programme.name}: fees against claims</a>` : ''
          }</p>`,
          s.evidence,
        )}`,
      )}`
    : html`<p>None recorded.</p>`}
<h2 id="foi">FOI requests (${body.foiRequests.totalCount ?? 0})</h2>
${body.foiRequests.edges.length
    ? html`<ul>${body.foiRequests.edges.map(
        ({ node: f }) => html`<li>${f.url ? html`<a href="${f.url}" rel="nofollow">${f.title}</a>` : f.title} — ${words(f.status)}${f.platform ? html`, on ${f.platform}` : ''}; asked ${partialDate(f.requested)}, answered ${partialDate(f.answered)}</li>`,
      )}</ul>`
    : html`<p>None recorded.</p>`}
${body.programmes.edges.length ? html`<h2 id="programmes">Programmes</h2><ul>${body.programmes.edges.map(({ node: p }) => html`<li><a href="/programmes/${p.slug}">${p.name}</a></li>`)}</ul>` : ''}
<h2 id="spend-files">Spend files (${body.spendFiles.totalCount ?? 0})</h2>
${body.spendFiles.edges.length
    ? html`<p class="note">Every figure above is summed from these files. Rows read = accepted + rejected + skipped (blank, junk and total rows); rejected rows are in no total and are kept with their line and reason.</p>
<table><thead><tr><th scope="col">File</th><th scope="col">Period</th><th scope="col" class="num">Rows read</th><th scope="col" class="num">Accepted</th><th scope="col" class="num">Rejected</th><th scope="col" class="num">Skipped</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>${body.spendFiles.edges.map(
        ({ node: f }) => html`<tr><td>${f.source.url ? html`<a href="${f.source.url}" rel="nofollow">${f.fileName}</a>` : f.fileName}${
          f.warnings.length ? html`<br><span class="note">${f.warnings.map((w) => w.code).join(', ')}</span>` : ''
        }</td><td>${f.periodStart ?? '?'} to ${f.periodEnd ?? '?'}</td><td class="num">${count(f.rowsRead)}</td><td class="num">${count(f.accepted)}</td><td class="num">${count(f.rejected)}</td><td class="num">${count(f.skipped)}</td><td class="num">${f.totals.map((t) => money(t)).join(' + ')}${
          f.statedTotal ? html`<br><span class="note">file says ${f.statedTotal}${f.statedTotalMatches ? ' (matches)' : ' (does not match)'}</span>` : ''
        }</td></tr>${
          f.rejects.edges.length
            ? html`<tr><td colspan="7"><details><summary>${count(f.rejects.totalCount ?? 0)} rejected rows</summary><ul>${f.rejects.edges.map(
                ({ node: r }) => html`<li>line ${r.line}: ${r.code} — ${r.message}</li>`,
              )}</ul></details></td></tr>`
            : ''
        }`,
      )}</tbody></table>`
    : html`<p>None yet.</p>`}
${body.evidence.length ? html`<h2>About this body: sources</h2>${withEvidence(html``, body.evidence)}` : ''}`
  return { title: body.name, main }
}
