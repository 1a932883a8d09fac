// What every chart shares: escaping data text for XML, the £ tick labels, and the accessible frame.
import type { Currency } from '../../schema/tables/enums'

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text from data, safe in SVG/HTML text and in quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] as string)
}

export const currencySymbols: Record<Currency, string> = { GBP: '£', EUR: '€', USD: '$' }

/** A tick label: whole pounds in compact form, £0, £250k, £1.5m, £2bn (the table beside the chart has the exact figures). */
export function compactMoney(pounds: number, currency: Currency): string {
  const sign = pounds < 0 ? '−' : ''
  const abs = Math.abs(pounds)
  const [value, unit] = abs >= 1e9 ? [abs / 1e9, 'bn'] : abs >= 1e6 ? [abs / 1e6, 'm'] : abs >= 1e3 ? [abs / 1e3, 'k'] : [abs, '']
  // Ticks are round numbers, so two decimals at most; trailing zeros say nothing.
  const digits = Number(value.toFixed(2)).toString()
  return `${sign}${currencySymbols[currency]}${digits}${unit}`
}

export interface ChartFrame {
  /** Unique on the page: <title> and <desc> are referenced by id. */
  id: string
  title: string
  description: string
  width: number
  height: number
}

/** The <svg> element with its <title> and <desc>, standalone-valid (xmlns) so /embed/chart.svg can serve it as is. */
export function svgFrame(frame: ChartFrame, body: string): string {
  const id = escapeXml(frame.id)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(frame.title)}</title><desc id="${id}-desc">${escapeXml(frame.description)}</desc>` +
    `<rect width="100%" height="100%" fill="#fff"/>${body}</svg>`
  )
}

/** Shortens a long label for the chart; the full text stays in the bar's <title> and in the data table. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`
}

/**
 * How many characters of the 15px bold heading fit across the chart: SVG text does not wrap, and
 * a fixed 80 ran off a 640-wide chart. 8.8px is a generous average glyph width for bold sans at
 * 15px, so the heading ends in "…" inside the frame; the whole of it is the chart's <title>.
 */
const headingChars = (width: number) => Math.max(20, Math.floor((width - 16) / 8.8))

/**
 * A chart standing alone (/embed/chart.svg): the same chart under a visible heading, with the
 * attribution beneath, since a reader of an embedded SVG sees neither <title> nor a page around it.
 */
export function standaloneChart(chart: string, heading: string, footnote: string): string {
  const size = /viewBox="0 0 (\d+) (\d+)"/.exec(chart)
  const width = Number(size?.[1] ?? 640)
  const height = Number(size?.[2] ?? 260)
  const inner = chart.replace('<svg xmlns="http://www.w3.org/2000/svg" ', `<svg y="30" `)
  const total = height + 56
  const title = /<title id="[^"]*">([^<]*)<\/title><desc id="[^"]*">([^<]*)<\/desc>/.exec(chart)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${total}" width="${width}" height="${total}" role="img" aria-labelledby="page-title page-desc" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">` +
    // The whole heading is the title (the visible one may be cut); the chart's own title, when it
    // says something else, leads the desc. Both are already escaped in the chart: copied as they are.
    `<title id="page-title">${escapeXml(heading)}</title><desc id="page-desc">${title && title[1] !== escapeXml(heading) ? `${title[1]}. ` : ''}${title?.[2] ?? ''}</desc>` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="8" y="20" font-size="15" font-weight="600" fill="#111">${escapeXml(truncate(heading, headingChars(width)))}</text>` +
    `${inner}<text x="8" y="${total - 10}" font-size="11" fill="#57606a">${escapeXml(footnote)}</text></svg>`
  )
}
