import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { barChart } from '../../api/charts/bar'
import { lineChart } from '../../api/charts/line'
import { compactMoney, standaloneChart } from '../../api/charts/svg'

const HOSTILE = '<script>alert(1)</script> Ltd'
const elements = /<\/?(svg|title|desc|rect|g|text|line|path|circle)\b/

/** Every tag in the output is one a chart draws: data text never became markup. */
function onlyChartTags(svg: string): boolean {
  return [...svg.matchAll(/<[^>]*>/g)].every(([tag]) => elements.test(tag))
}

const point = (period: string, pence: number) => ({ period, pence, detail: `${pence} pence` })

describe('compact £ tick labels', () => {
  it.each([
    [0, '£0'],
    [250_000, '£250k'],
    [1_500_000, '£1.5m'],
    [-20_000_000, '−£20m'],
    [2_000_000_000, '£2bn'],
    [120, '£120'],
  ])('%d pounds is %s', (pounds, label) => expect(compactMoney(pounds, 'GBP')).toBe(label))
})

describe('bar chart', () => {
  const bars = [
    { label: 'Dept for Communities and Local Govt', pence: 9_556_317_900, detail: '£95,563,179.00 in 16 payments' },
    { label: HOSTILE, pence: 123_456, detail: '£1,234.56 in 1 payment' },
    { label: 'A credit', pence: -1_500_000_000, detail: '-£15,000,000.00' },
  ]
  const svg = barChart({ id: 'c1', title: 'Top payees', description: 'Three payees', currency: 'GBP', bars })

  it('is titled and described for assistive technology', () => {
    expect(svg).toMatch(/aria-labelledby="c1-title c1-desc"/)
    expect(svg).toContain('<title id="c1-title">Top payees</title>')
    expect(svg).toContain('<desc id="c1-desc">Three payees</desc>')
  })

  it('escapes a hostile supplier name: shown as text, never markup', () => {
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ltd')
    expect(svg).not.toContain('<script')
    expect(onlyChartTags(svg)).toBe(true)
  })

  it('has a £ axis of round ticks that covers every bar, credits left of zero', () => {
    const ticks = [...svg.matchAll(/text-anchor="middle" fill="#333">([^<]+)</g)].map((m) => m[1])
    expect(ticks[0]).toBe('−£20m')
    expect(ticks).toContain('£0')
    expect(ticks.at(-1)).toBe('£100m')
    const zero = Number(/<line x1="([\d.]+)"[^>]*stroke="#333"/.exec(svg)?.[1])
    const credit = /A credit[^]*?<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="#b1443c"/.exec(svg)
    expect(Number(credit?.[1]) + Number(credit?.[2])).toBeCloseTo(zero, 0)
  })

  it('keeps the apart bar below a rule, in its own colour', () => {
    const withApart = barChart({ id: 'c2', title: 't', description: 'd', currency: 'GBP', bars: [bars[0]!], apart: { label: 'date unknown', pence: 100, detail: '£1.00' } })
    expect(withApart).toContain('stroke-dasharray')
    expect(withApart).toMatch(/date unknown[^]*fill="#8a6d1d"/)
  })

  it('never lets any label become markup', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.string(), pence: fc.integer({ min: -1e9, max: 1e12 }), detail: fc.string() }), { maxLength: 12 }), fc.string(), (rows, title) => {
        expect(onlyChartTags(barChart({ id: 'p', title, description: title, currency: 'GBP', bars: rows }))).toBe(true)
      }),
    )
  })
})

describe('line chart', () => {
  const points = [point('2014-04', 100_00), point('2014-05', 0), point('2014-06', 250_000_00)]

  it('draws one line vertex per period, and the undated bucket apart, never spread over the periods', () => {
    const svg = lineChart({ id: 'l', title: 'By month', description: 'd', currency: 'GBP', points, undated: { pence: 1_416_588_728, detail: '£14,165,887.28' } })
    const path = /<path d="([^"]+)"/.exec(svg)?.[1] ?? ''
    expect(path.match(/[ML]/g)).toHaveLength(points.length)
    expect(svg.match(/<circle/g)).toHaveLength(points.length)
    expect(svg).toContain('date unknown')
    expect(svg).toMatch(/<title>Date unknown: £14,165,887.28<\/title><rect/)
    // The axis grew to hold the undated figure, in round £ ticks.
    expect(svg).toContain('>£15m<')
  })

  it('has no undated panel when every payment was placed', () => {
    const svg = lineChart({ id: 'l', title: 't', description: 'd', currency: 'GBP', points, undated: { pence: 0, detail: '' } })
    expect(svg).not.toContain('date unknown')
  })

  it('never lets any period or title become markup', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.integer({ min: -1e9, max: 1e12 })), { maxLength: 30 }), fc.string(), (rows, title) => {
        const unique = [...new Map(rows).entries()].map(([p, v]) => point(p, v))
        expect(onlyChartTags(lineChart({ id: 'p', title, description: title, currency: 'GBP', points: unique, undated: { pence: 1, detail: title } }))).toBe(true)
      }),
    )
  })
})

describe('a chart standing alone', () => {
  it('shows its heading and attribution as text, keeps the title and desc, and escapes the heading', () => {
    const chart = barChart({ id: 'chart', title: 'Top', description: 'Desc', currency: 'GBP', bars: [{ label: 'x', pence: 1, detail: 'y' }] })
    const svg = standaloneChart(chart, HOSTILE, 'consultwatch · OGL v3.0')
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('<title id="page-title">&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(svg).toContain('<desc id="page-desc">Top. Desc</desc>')
    expect(svg).toContain('&lt;script&gt;')
    expect(svg).toContain('consultwatch · OGL v3.0')
    expect(onlyChartTags(svg)).toBe(true)
  })

  it('cuts a long heading to what fits across the chart, ending in "…", with the whole of it in <title>', () => {
    const label = `${'Consultancy payments by the London Borough of Haringey '.repeat(4)}`.slice(0, 200)
    expect(label).toHaveLength(200)
    for (const width of [320, 640, 900]) {
      const chart = barChart({ id: 'chart', title: 'Top', description: 'Desc', currency: 'GBP', bars: [{ label: 'x', pence: 1, detail: 'y' }], width })
      const svg = standaloneChart(chart, label, 'consultwatch · OGL v3.0')
      const shown = /<text x="8" y="20"[^>]*>([^<]*)<\/text>/.exec(svg)?.[1] ?? ''
      expect(shown.endsWith('…'), `width ${width}`).toBe(true)
      expect(label.startsWith(shown.slice(0, -1)), `width ${width}`).toBe(true)
      // 15px bold sans averages under 8.8px a glyph: the heading fits inside the 8px margins.
      expect(shown.length * 8.8, `width ${width}: ${shown.length} chars`).toBeLessThanOrEqual(width - 16)
      expect(/<title id="page-title">([^<]*)<\/title>/.exec(svg)?.[1], `width ${width}`).toBe(label)
    }
  })
})
