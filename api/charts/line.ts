// Money over time: a line over gap-free periods, and the undated bucket drawn apart, never spread.
import { scaleLinear, scalePoint } from 'd3-scale'
import { line } from 'd3-shape'
import type { Currency } from '../../schema/tables/enums'
import { compactMoney, escapeXml, svgFrame } from './svg'

export interface SeriesPoint {
  /** As the API writes it: 2011-11, 2011-Q4 or 2011-12. */
  period: string
  pence: number
  /** Shown on hover, e.g. "£60,953,174.21 in 4,306 payments". */
  detail: string
}

export interface LineChartInput {
  id: string
  title: string
  description: string
  currency: Currency
  points: SeriesPoint[]
  /** Payments no period could hold; shown in a panel of their own, with their own figure. */
  undated?: { pence: number; detail: string } | null
  width?: number
  height?: number
}

const MARGIN = { top: 16, right: 16, bottom: 34, left: 64 }
const UNDATED_PANEL = 120

export function lineChart(input: LineChartInput): string {
  const width = input.width ?? 640
  const height = input.height ?? 260
  const undated = input.undated && (input.undated.pence !== 0 || input.points.length === 0) ? input.undated : null
  const plotRight = width - MARGIN.right - (undated ? UNDATED_PANEL : 0)
  const pounds = [...input.points.map((p) => p.pence / 100), ...(undated ? [undated.pence / 100] : [])]
  const y = scaleLinear()
    .domain([Math.min(0, ...pounds), Math.max(0, ...pounds)])
    .nice(5)
    .range([height - MARGIN.bottom, MARGIN.top])
  if (y.domain()[0] === y.domain()[1]) y.domain([0, 1])
  const x = scalePoint<string>()
    .domain(input.points.map((p) => p.period))
    .range([MARGIN.left + 8, plotRight - 8])
    .padding(input.points.length === 1 ? 0.5 : 0)
  const parts: string[] = []
  for (const t of y.ticks(5)) {
    const ty = y(t).toFixed(1)
    parts.push(`<line x1="${MARGIN.left}" x2="${plotRight}" y1="${ty}" y2="${ty}" stroke="${t === 0 ? '#333' : '#d0d4d9'}" stroke-width="1"/>`)
    parts.push(`<text x="${MARGIN.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#333">${escapeXml(compactMoney(t, input.currency))}</text>`)
  }
  // At most about eight period labels fit; label every k-th, always the first.
  const step = Math.max(1, Math.ceil(input.points.length / 8))
  input.points.forEach((p, i) => {
    if (i % step !== 0) return
    parts.push(`<text x="${(x(p.period) ?? 0).toFixed(1)}" y="${height - MARGIN.bottom + 18}" text-anchor="middle" fill="#333">${escapeXml(p.period)}</text>`)
  })
  const path = line<SeriesPoint>()
    .x((p) => x(p.period) ?? 0)
    .y((p) => y(p.pence / 100))(input.points)
  if (path) parts.push(`<path d="${path}" fill="none" stroke="#1d5f8a" stroke-width="2"/>`)
  for (const p of input.points) {
    parts.push(
      `<circle cx="${(x(p.period) ?? 0).toFixed(1)}" cy="${y(p.pence / 100).toFixed(1)}" r="3" fill="#1d5f8a"><title>${escapeXml(`${p.period}: ${p.detail}`)}</title></circle>`,
    )
  }
  if (undated) {
    const left = plotRight + 24
    const top = y(Math.max(0, undated.pence / 100))
    const h = Math.max(1, Math.abs(y(undated.pence / 100) - y(0)))
    parts.push(`<line x1="${plotRight + 8}" x2="${plotRight + 8}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#888" stroke-dasharray="4 3"/>`)
    parts.push(
      `<g><title>${escapeXml(`Date unknown: ${undated.detail}`)}</title><rect x="${left}" y="${top.toFixed(1)}" width="${UNDATED_PANEL - 48}" height="${h.toFixed(1)}" fill="#8a6d1d"/></g>`,
    )
    parts.push(`<text x="${left + (UNDATED_PANEL - 48) / 2}" y="${height - MARGIN.bottom + 18}" text-anchor="middle" fill="#333">date unknown</text>`)
  }
  return svgFrame({ id: input.id, title: input.title, description: input.description, width, height }, parts.join(''))
}
