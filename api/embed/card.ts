// /embed/figure (an HTML card for an iframe) and /embed/chart.svg: the same parameters as
// /v1/spend.csv, so a card's figure and its CSV are the same question.
import type { Db } from '../../schema/db'
import type { MoneyShape } from '../../schema/graphql/types/money'
import { standaloneChart } from '../charts/svg'
import { dataAsOf, spend, spendOverTime, type Total } from '../pages/answers'
import { amountFields, claimRange, count, hedgeFields, hedgeNote, type HedgeShape, money, vatBasis } from '../pages/format'
import { html, type Html } from '../pages/html'
import { ask } from '../pages/query'
import { describe, overTimeChart, topChart } from '../pages/spend-charts'
import { acceptedParams, BadParams, csvUrl, type EmbedParams, filterOf, readParams } from './params'

/** A figure card may also show a programme's fees against its claims (show=fees). */
export const figureParams = [...acceptedParams.filter((p) => p !== 'groupBy' && p !== 'interval' && p !== 'first'), 'show'] as const

const OGL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/'

interface Names {
  body?: string
  supplier?: string
  programme?: string
}

/** Names for the slugs a URL gives, so the card says "London Borough of Haringey", not "haringey". */
async function namesOf(db: Db, p: EmbedParams): Promise<Names> {
  const data = await ask<{ body: { name: string } | null; supplier: { name: string } | null; programme: { name: string } | null }>(
    db,
    'query ($b: String!, $s: String!, $p: String!) { body(slug: $b) { name } supplier(slug: $s) { name } programme(slug: $p) { name } }',
    { b: p.body ?? '', s: p.supplier ?? '', p: p.programme ?? '' },
  )
  return { body: data.body?.name, supplier: data.supplier?.name, programme: data.programme?.name }
}

/** Where a reader checks the figure: the page of the body, supplier or programme it is about. */
function evidencePage(origin: string, p: EmbedParams): string {
  if (p.programme) return `${origin}/programmes/${encodeURIComponent(p.programme)}#ledger`
  if (p.supplier) return `${origin}/suppliers/${encodeURIComponent(p.supplier)}`
  if (p.body) return `${origin}/bodies/${encodeURIComponent(p.body)}`
  return `${origin}/`
}

function card(origin: string, title: string, body: Html, foot: Html): string {
  return html`<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="${origin}/assets/embed.css"></head>
<body><main class="card">${body}<p class="meta">${foot}</p></main></body>
</html>`.toString()
}

function attribution(origin: string, asOf: string | null, csv: string | null): Html {
  return html`${asOf ? html`As of ${asOf}. ` : ''}${csv ? html`<a href="${origin}${csv}" target="_blank" rel="noopener">Data (CSV)</a> · ` : ''}<a href="${origin}/" target="_blank" rel="noopener">consultwatch</a> · spend data © the publishing bodies, <a href="${OGL}" target="_blank" rel="noopener">Open Government Licence v3.0</a>`
}

function periodWords(p: EmbedParams, span: { first?: string; last?: string }): string {
  if (p.from || p.to) return `${p.from ?? 'the start of our data'} to ${p.to ?? 'the latest we hold'}`
  return span.first ? `all payments we hold, financial years ${span.first}${span.last && span.last !== span.first ? ` to ${span.last}` : ''}` : 'no payments yet'
}

async function spendCard(db: Db, p: EmbedParams, origin: string): Promise<{ html: string; status: 200 }> {
  const filter = filterOf(p)
  // The span of years is worth a query only when the URL gives no dates (a range then says the period itself,
  // and need not fall on financial-year boundaries).
  const [answer, years, names, asOf] = await Promise.all([
    spend(db, filter, [], 10),
    p.from || p.to ? null : spendOverTime(db, filter, 'FINANCIAL_YEAR'),
    namesOf(db, p),
    dataAsOf(db),
  ])
  const line = years?.series[0]
  const span = { first: line?.points[0]?.period, last: line?.points.at(-1)?.period }
  const what = describe(p, names)
  const label = p.label ?? what
  const figures: Array<Total & { payments: number }> = answer.grandTotal.length ? answer.grandTotal : [{ pence: 0, currency: p.currency ?? 'GBP', vatBasis: 'unknown', payments: 0 }]
  // Each figure with its own count: payments on one VAT basis are not counted into another's.
  const counted = (t: { payments: number; vatBasis: Total['vatBasis'] }) => `${count(t.payments)} payment${t.payments === 1 ? '' : 's'}, ${vatBasis(t.vatBasis)}`
  const body = html`<p class="label">${label}</p>
${figures.map((t) => html`<p class="figure" data-pence="${t.pence}" data-currency="${t.currency}">${money(t)}</p>`)}
<p>${what}. ${figures.map(counted).join('; ')}.</p>
<p>Period: ${periodWords(p, span)}.</p>
<p><a href="${evidencePage(origin, p)}" target="_blank" rel="noopener">Evidence: the spend files and every payment</a></p>`
  return { html: card(origin, label, body, attribution(origin, asOf, csvUrl(p))), status: 200 }
}

interface Ledger {
  programme: {
    slug: string
    name: string
    contracts: {
      edges: Array<{ node: { value: MoneyShape | null; contingentValue: MoneyShape | null; buyer: { name: string }; supplier: { name: string } | null; hedges: HedgeShape[] } }>
    }
    savingsClaims: {
      edges: Array<{ node: { title: string; low: MoneyShape | null; high: MoneyShape | null; qualifier: string; grossOrNet: string; horizonYears: number | null; hedges: HedgeShape[] } }>
    }
  } | null
}

/**
 * "Haringey agreed £2,000,000.00 of fees … against £8,100,000.00 to £8,900,000.00 of promised savings", with its
 * evidence; each figure carries the source's hedge words ("apparently") and bounds ("at least") beside it.
 */
async function feesCard(db: Db, p: EmbedParams, origin: string): Promise<{ html: string; status: 200 | 404 }> {
  const [data, asOf] = await Promise.all([
    ask<Ledger>(
      db,
      `query ($slug: String!) { programme(slug: $slug) { slug name
        contracts(first: 100) { edges { node { value { pence currency vatBasis } contingentValue { pence currency vatBasis } buyer { name } supplier { name } ${hedgeFields} } } }
        savingsClaims(first: 100) { edges { node { title low { pence currency vatBasis } high { pence currency vatBasis } qualifier grossOrNet horizonYears ${hedgeFields} } } } } }`,
      { slug: p.programme ?? '' },
    ),
    dataAsOf(db),
  ])
  const prog = data.programme
  if (!prog) return { html: card(origin, 'Not found', html`<p>We hold no programme “${p.programme ?? ''}”.</p>`, attribution(origin, asOf, null)), status: 404 }
  const contracts = prog.contracts.edges.map((e) => e.node)
  const claims = prog.savingsClaims.edges.map((e) => e.node)
  const body = html`<p class="label">${p.label ?? `Fees for the ${prog.name}`}</p>
${contracts.map(
    (c) => html`<p class="figure" ${c.value ? html`data-pence="${c.value.pence}" data-currency="${c.value.currency}"` : ''}>${c.value ? money(c.value) : 'not stated'}</p>
<p>of fees agreed by ${c.buyer.name}${c.supplier ? html` with ${c.supplier.name}` : ''}${hedgeNote(c.hedges, ['value'])}${
      c.contingentValue ? html`, plus ${money(c.contingentValue)} contingent on delivery${hedgeNote(c.hedges, ['contingent', 'contingentOn'])}` : ''
    } (${c.value ? vatBasis(c.value.vatBasis) : 'VAT basis not stated'}),</p>`,
  )}
${claims.length
    ? html`<p>against promised savings, each as stated and never added together:</p><ul class="claims">${claims.map(
        (s) => html`<li><strong>${claimRange(s.low, s.high, s.qualifier)}</strong>${hedgeNote(s.hedges, amountFields)}${s.horizonYears ? html` over ${s.horizonYears} years` : ''} (${s.title})</li>`,
      )}</ul>`
    : ''}
<p><a href="${origin}/programmes/${encodeURIComponent(prog.slug)}#ledger" target="_blank" rel="noopener">Evidence: the documents and their words</a></p>`
  return { html: card(origin, p.label ?? prog.name, body, attribution(origin, asOf, null)), status: 200 }
}

export async function figureCard(db: Db, search: URLSearchParams, origin: string): Promise<{ html: string; status: 200 | 404 }> {
  const show = search.get('show')
  const rest = new URLSearchParams(search)
  rest.delete('show')
  const p = readParams(rest, figureParams)
  if (show !== null && show !== 'fees' && show !== 'spend') throw new BadParams('show must be spend (the default: a sum of payments) or fees (a programme’s fees against its claims)')
  if (show === 'fees') {
    if (!p.programme) throw new BadParams('show=fees needs programme, e.g. programme=haringey-54000-programme')
    return feesCard(db, p, origin)
  }
  return spendCard(db, p, origin)
}

export async function chartSvg(db: Db, search: URLSearchParams): Promise<string> {
  const p = readParams(search)
  if (!p.interval && !p.groupBy) throw new BadParams('give groupBy (a bar chart of the top N, e.g. groupBy=supplier&first=10) or interval (a line over time: month, quarter or financialYear)')
  const [names, asOf] = await Promise.all([namesOf(db, p), dataAsOf(db)])
  const what = describe(p, names)
  const chart = p.interval
    ? await overTimeChart(db, { ...p, interval: p.interval }, 'chart', what)
    : await topChart(db, { ...p, groupBy: p.groupBy ?? 'supplier' }, 'chart', what)
  const footnote = `consultwatch${asOf ? `, as of ${asOf}` : ''} · spend data © the publishing bodies, Open Government Licence v3.0`
  return standaloneChart(chart.svg, p.label ?? chart.title, footnote)
}
