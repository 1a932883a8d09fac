// The two spend charts every page and embed draws — money over time, and the top N of a
// grouping — each with its words, its data table, its CSV, its query and its embed link.
import type { Db } from '../../schema/db'
import { barChart } from '../charts/bar'
import { lineChart } from '../charts/line'
import { csvUrl, type EmbedParams, enumOf, filterOf, type UrlDimension, type UrlInterval, writeParams } from '../embed/params'
import { type Group, spend, spendOverTime, type Total } from './answers'
import { count, money, vatBasis } from './format'
import { html, type Html, trusted } from './html'
import { chartLinks } from './layout'

export interface DrawnChart {
  svg: string
  title: string
  description: string
  table: Html
  csv: string
  query: string
  embed: string
  /** True when there was nothing to draw. */
  empty: boolean
}

/** "Payments by London Borough of Haringey, marked consultancy, 2011-04-01 to 2012-03-31": what a figure counts. */
export function describe(params: EmbedParams, names: { body?: string; supplier?: string; programme?: string }): string {
  const parts = ['Payments']
  if (params.body) parts.push(`by ${names.body ?? params.body}`)
  if (params.supplier) parts.push(`to ${names.supplier ?? params.supplier}`)
  if (params.payeeBody) parts.push(`to ${params.payeeBody}, a public body`)
  else if (params.payeeClass) parts.push(`to ${params.payeeClass} payees`)
  if (params.programme) parts.push(`matched to ${names.programme ?? params.programme}`)
  let text = parts.join(' ')
  if (params.consultancyOnly) text += ', marked consultancy or professional services by our rules'
  if (params.from || params.to) text += `, ${params.from ? `from ${params.from}` : ''}${params.from && params.to ? ' ' : ''}${params.to ? `to ${params.to}` : ''}`
  return text
}

export function groupLabel(g: Pick<Group, 'supplier' | 'body' | 'payeeClass' | 'period' | 'consultancy' | 'consultancyRule'>): string {
  if (g.supplier) return g.supplier.name
  if (g.body) return g.body.name
  if (g.payeeClass === 'redacted') return 'Redacted payees (not named)'
  if (g.payeeClass === 'individual') return 'Individuals (not named)'
  if (g.consultancyRule) return `rule ${g.consultancyRule}`
  if (g.consultancy !== null) return g.consultancy ? 'Consultancy' : 'Everything else'
  return g.period ?? 'Date unknown'
}

export function share(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`
}

function detail(total: Total, payments: number): string {
  return `${money(total)} in ${count(payments)} payment${payments === 1 ? '' : 's'}`
}

export async function overTimeChart(db: Db, params: EmbedParams & { interval: UrlInterval }, id: string, what: string): Promise<DrawnChart> {
  const answer = await spendOverTime(db, filterOf(params), enumOf(params.interval))
  const series = answer.series[0]
  const intervalWords = { month: 'month', quarter: 'calendar quarter', financialYear: 'financial year (April to March)' }[params.interval]
  const title = `${what}, by ${intervalWords}`
  const first = series?.points[0]?.period
  const last = series?.points.at(-1)?.period
  const drawn = series
    ? `${what} in ${series.currency} ${vatBasis(series.vatBasis)}, by ${intervalWords}${first ? `, ${first} to ${last}` : ''}. ` +
      `Highest: ${(() => {
        const top = [...series.points].sort((a, b) => b.total.pence - a.total.pence)[0]
        return top ? `${top.period}, ${money(top.total)}` : 'none'
      })()}. ` +
      (series.undated.payments ? `A further ${detail(series.undated.total, series.undated.payments)} could not be placed in any period and is shown apart.` : '')
    : `${what}: no payments.`
  // One line is drawn (the largest); the others are on another currency or VAT basis, which never
  // share an axis: say they exist, with their totals, rather than let them vanish.
  const others = answer.series.slice(1).map((l) => {
    const pence = l.points.reduce((n, p) => n + p.total.pence, l.undated.total.pence)
    const payments = l.points.reduce((n, p) => n + p.payments, l.undated.payments)
    return `${detail({ pence, currency: l.currency, vatBasis: l.vatBasis }, payments)} (${l.currency}, ${vatBasis(l.vatBasis)})`
  })
  const description = others.length ? `${drawn} Not drawn, on another currency or VAT basis: ${others.join('; ')}.` : drawn
  const currency = series?.currency ?? 'GBP'
  const undated = series && series.undated.payments ? { pence: series.undated.total.pence, detail: detail(series.undated.total, series.undated.payments) } : null
  const points = (series?.points ?? []).map((p) => ({ period: p.period, pence: p.total.pence, detail: detail(p.total, p.payments) }))
  // Financial years are few: bars read better than a line through two or three points.
  const svg =
    params.interval === 'financialYear'
      ? barChart({ id, title, description, currency, bars: points.map((p) => ({ label: p.period, pence: p.pence, detail: p.detail })), apart: undated && { label: 'date unknown', ...undated } })
      : lineChart({ id, title, description, currency, points, undated })
  const table = html`<table>
<caption>${title}</caption>
<thead><tr><th scope="col">Period</th><th scope="col" class="num">Total</th><th scope="col" class="num">Payments</th></tr></thead>
<tbody>${answer.series.map((s) => [
    ...s.points.map((p) => html`<tr><th scope="row">${p.period}</th><td class="num">${money(p.total)}</td><td class="num">${count(p.payments)}</td></tr>`),
    s.undated.payments
      ? html`<tr><th scope="row">Date unknown (not placed in any period)</th><td class="num">${money(s.undated.total)}</td><td class="num">${count(s.undated.payments)}</td></tr>`
      : '',
    answer.series.length > 1 ? html`<tr><td colspan="3" class="note">${s.currency}, ${vatBasis(s.vatBasis)}</td></tr>` : '',
  ])}</tbody>
</table>`
  return {
    svg,
    title,
    description,
    table,
    csv: csvUrl(params),
    query: answer.query,
    embed: `/embed${writeParams({ ...filterOf(params), interval: params.interval })}`,
    empty: !series,
  }
}

export async function topChart(db: Db, params: EmbedParams & { groupBy: UrlDimension }, id: string, what: string): Promise<DrawnChart> {
  const first = params.first ?? 10
  const answer = await spend(db, filterOf(params), [enumOf(params.groupBy)], first)
  // One currency and VAT basis per chart: the largest; the table lists the rest.
  const main = answer.grandTotal.sort((a, b) => b.pence - a.pence)[0]
  const groups = answer.groups.filter((g) => main && g.total.currency === main.currency && g.total.vatBasis === main.vatBasis)
  const title = `${what}: top ${Math.min(first, groups.length)} by total`
  const description = main
    ? `${what}, the ${Math.min(first, groups.length)} largest of ${count(answer.totalCount)} groups, in ${main.currency} ${vatBasis(main.vatBasis)}. ` +
      groups.slice(0, 3).map((g, i) => `${i + 1}. ${groupLabel(g)}: ${detail(g.total, g.payments)}`).join('; ') + '.'
    : `${what}: no payments.`
  const svg = barChart({
    id,
    title,
    description,
    currency: main?.currency ?? 'GBP',
    bars: groups.map((g) => ({ label: groupLabel(g), pence: g.total.pence, detail: detail(g.total, g.payments) })),
  })
  const table = html`<table>
<caption>${title}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${params.groupBy === 'body' ? 'Body' : 'Payee'}</th><th scope="col" class="num">Total</th><th scope="col" class="num">Payments</th><th scope="col" class="num">Share</th></tr></thead>
<tbody>${answer.groups.map(
    (g, i) => html`<tr><td>${i + 1}</td><td>${g.supplier ? html`<a href="/suppliers/${g.supplier.slug}">${g.supplier.name}</a>` : g.body ? html`<a href="/bodies/${g.body.slug}">${g.body.name}</a>` : groupLabel(g)}</td>
<td class="num">${money(g.total)}</td><td class="num">${count(g.payments)}</td><td class="num">${share(g.share)}</td></tr>`,
  )}</tbody>
</table>`
  return {
    svg,
    title,
    description,
    table,
    csv: csvUrl(params),
    query: answer.query,
    embed: `/embed${writeParams({ ...filterOf(params), groupBy: params.groupBy, first })}`,
    empty: !main,
  }
}

/** A chart as a page shows it: figure, caption, the data table, and the three links. */
export function chartFigure(chart: DrawnChart): Html {
  if (chart.empty) return html`<p class="note">No payments to chart.</p>`
  return html`<figure class="chart">
<figcaption>${chart.title}</figcaption>
${trusted(chart.svg)}
<details><summary>Data table</summary>${chart.table}</details>
${chartLinks(chart)}
</figure>`
}
