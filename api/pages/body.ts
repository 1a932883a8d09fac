// /bodies/:slug — one body's money out and in, its contracts, claims and FOI requests, and the
// spend files the figures come from, each with its row accounting.
import type { Db } from '../../schema/db'
import type { MoneyShape } from '../../schema/graphql/types/money'
import { spend } from './answers'
import { type Evidence, evidenceFields, withEvidence } from './evidence'
import { count, money, partialDate, vatBasis } from './format'
import { html, type Html } from './html'
import { ask } from './query'
import { chartFigure, overTimeChart, topChart } from './spend-charts'

const bodyQuery = `query ($slug: String!) { body(slug: $slug) {
  slug name kind region nation gssCode aliases
  contracts(first: 100) { totalCount edges { node { slug title value { pence currency vatBasis } contingentValue { pence currency vatBasis } contingentOn
    supplier { slug name } programme { slug name } decided { value precision inferred } status ${evidenceFields} } } }
  savingsClaims(first: 100) { totalCount edges { node { slug title low { pence currency vatBasis } high { pence currency vatBasis } grossOrNet basis horizonYears
    programme { slug name } ${evidenceFields} } } }
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
    evidence: Evidence[]
  }>
  savingsClaims: Edges<{
    slug: string
    title: string
    low: MoneyShape | null
    high: MoneyShape | null
    grossOrNet: string
    basis: string
    horizonYears: number | null
    programme: { slug: string; name: string } | null
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

/** A claim as the source bounds it: "£8,100,000.00 to £8,900,000.00", or one figure. */
export function claimRange(low: MoneyShape | null, high: MoneyShape | null): string {
  if (low && high && low.pence !== high.pence) return `${money(low)} to ${money(high)}`
  const one = low ?? high
  return one ? money(one) : 'not stated'
}

export async function bodyPage(db: Db, slug: string): Promise<{ title: string; main: Html } | null> {
  const { body } = await ask<{ body: BodyData | null }>(db, bodyQuery, { slug })
  if (!body) return null
  const params = { body: body.slug }
  const hasSpend = (body.spendFiles.totalCount ?? 0) > 0
  const spendParts: Html[] = []
  if (hasSpend) {
    const [monthly, yearly, top, consultancy] = await Promise.all([
      overTimeChart(db, { ...params, interval: 'month' }, 'chart-monthly', `Money out, ${body.name}`),
      overTimeChart(db, { ...params, interval: 'financialYear' }, 'chart-yearly', `Money out, ${body.name}`),
      topChart(db, { ...params, groupBy: 'supplier', first: 10 }, 'chart-suppliers', `Payees of ${body.name}`),
      spend(db, params, 'consultancy'),
    ])
    const total = consultancy.grandTotal
    const marked = consultancy.groups.filter((g) => g.consultancy)
    spendParts.push(html`<h2 id="money-out">Money out</h2>
<ul class="figures">${total.map(
      (t) => html`<li><span>Total paid, ${vatBasis(t.vatBasis)}</span><strong>${money(t)}</strong><a href="/v1/payments.csv?body=${body.slug}">every payment (CSV)</a></li>`,
    )}${marked.map(
      (g) =>
        html`<li><span>Marked consultancy or professional services</span><strong>${money(g.total)}</strong>${(g.share * 100).toFixed(1)}% of ${g.total.currency} ${vatBasis(g.total.vatBasis)}, ${count(g.payments)} payments · <a href="/v1/payments.csv?body=${body.slug}&amp;consultancyOnly=true">the payments (CSV)</a></li>`,
    )}</ul>
<p class="note">Consultancy is marked payment by payment by the first of our published rules that matches its expense type, payee name or description (see the README's “Consultancy rules”); each payment in the CSV names the rule that marked it.</p>
<h3>By month</h3>${chartFigure(monthly)}
<h3>By financial year</h3>${chartFigure(yearly)}
<h2 id="suppliers">Top payees</h2>${chartFigure(top)}`)
  }
  const main = html`<h1>${body.name}</h1>
<p class="lede">${words(body.kind)}${body.region ? html`, ${body.region}` : ''}${body.nation ? html`, ${body.nation}` : ''}${body.gssCode ? html` · GSS ${body.gssCode}` : ''}</p>
${body.aliases.length ? html`<p class="note">Also written: ${body.aliases.join('; ')}</p>` : ''}
${hasSpend ? spendParts : html`<p>We hold no spend files for this body yet.</p>`}
<h2 id="contracts">Contracts (${body.contracts.totalCount ?? 0})</h2>
${body.contracts.edges.length
    ? body.contracts.edges.map(
        ({ node: c }) => html`<h3>${c.title}</h3>
<p>${c.supplier ? html`Supplier: <a href="/suppliers/${c.supplier.slug}">${c.supplier.name}</a>. ` : 'Supplier not named. '}${
          c.programme ? html`Programme: <a href="/programmes/${c.programme.slug}">${c.programme.name}</a>. ` : ''
        }Decided ${partialDate(c.decided)}; ${words(c.status)}.</p>
${withEvidence(
  html`<p>Value: <strong>${c.value ? money(c.value) : 'not stated'}</strong>${c.value ? html` (${vatBasis(c.value.vatBasis)})` : ''}${
    c.contingentValue ? html`, plus ${money(c.contingentValue)} contingent${c.contingentOn ? html` on ${c.contingentOn}` : ''}` : ''
  }</p>`,
  c.evidence,
)}`,
      )
    : html`<p>None recorded.</p>`}
<h2 id="claims">Savings claimed (${body.savingsClaims.totalCount ?? 0})</h2>
${body.savingsClaims.edges.length
    ? html`<p class="note">Each claim as its source states it; claims are never added together. The fees set against them are on each programme's page.</p>${body.savingsClaims.edges.map(
        ({ node: s }) => html`<h3>${s.title}</h3>${withEvidence(
          html`<p><strong>${claimRange(s.low, s.high)}</strong>, ${words(s.grossOrNet)}, ${words(s.basis)}${s.horizonYears ? html` over ${s.horizonYears} years` : ''}${
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
