// Horizontal bar chart (top N suppliers, bodies…): data in, SVG string out, nothing else.
import { scaleLinear } from 'd3-scale'
import type { Currency } from '../../schema/tables/enums'
import { compactMoney, escapeXml, svgFrame, truncate } from './svg'

export interface Bar {
  label: string
  pence: number
  /** Shown on hover and read by screen readers beside the label, e.g. "£95,563,179.00 in 16 payments". */
  detail: string
}

export interface BarChartInput {
  id: string
  title: string
  description: string
  currency: Currency
  bars: Bar[]
  /** A bar kept apart from the rest, below a dashed rule (the undated bucket of a series): never merged or spread. */
  apart?: Bar | null
  width?: number
}

const ROW = 24
const GAP = 6
const LABEL_WIDTH = 250
const AXIS = 28

/** Bars from a zero line, credits to its left; a £ axis with round ticks along the top. */
export function barChart(input: BarChartInput): string {
  const width = input.width ?? 640
  const apart = input.apart ?? null
  const rows = Math.max(1, input.bars.length)
  const height = AXIS + rows * (ROW + GAP) + (apart ? ROW + GAP + 12 : 0) + 8
  const pounds = [...input.bars, ...(apart ? [apart] : [])].map((b) => b.pence / 100)
  const x = scaleLinear()
    .domain([Math.min(0, ...pounds), Math.max(0, ...pounds)])
    .nice(5)
    .range([LABEL_WIDTH, width - 32])
  // A chart of nothing still gets an axis: [0, 0] has no ticks, so give it one pound of room.
  if (x.domain()[0] === x.domain()[1]) x.domain([0, 1])
  const ticks = x.ticks(5)
  const parts: string[] = []
  for (const t of ticks) {
    const tx = x(t).toFixed(1)
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${AXIS - 6}" y2="${height - 8}" stroke="#d0d4d9" stroke-width="1"/>`)
    parts.push(`<text x="${tx}" y="${AXIS - 10}" text-anchor="middle" fill="#333">${escapeXml(compactMoney(t, input.currency))}</text>`)
  }
  const zero = x(0)
  const drawBar = (bar: Bar, y: number, colour: string) => {
    const v = x(bar.pence / 100)
    const left = Math.min(zero, v)
    const w = Math.max(1, Math.abs(v - zero))
    parts.push(
      `<g><title>${escapeXml(`${bar.label}: ${bar.detail}`)}</title>` +
        `<text x="${LABEL_WIDTH - 8}" y="${y + ROW / 2 + 4}" text-anchor="end" fill="#111">${escapeXml(truncate(bar.label, 32))}</text>` +
        `<rect x="${left.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${ROW}" fill="${bar.pence < 0 ? '#b1443c' : colour}"/></g>`,
    )
  }
  input.bars.forEach((bar, i) => drawBar(bar, AXIS + i * (ROW + GAP), '#1d5f8a'))
  if (apart) {
    const y = AXIS + rows * (ROW + GAP) + 12
    parts.push(`<line x1="8" x2="${width - 8}" y1="${y - 8}" y2="${y - 8}" stroke="#888" stroke-dasharray="4 3"/>`)
    drawBar(apart, y, '#8a6d1d')
  }
  parts.push(`<line x1="${zero.toFixed(1)}" x2="${zero.toFixed(1)}" y1="${AXIS - 6}" y2="${height - 8}" stroke="#333" stroke-width="1"/>`)
  return svgFrame({ id: input.id, title: input.title, description: input.description, width, height }, parts.join(''))
}
