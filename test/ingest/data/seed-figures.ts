// Money figures in free text and the README's "left out" list, for the test that every figure in
// the seed documents is either in the data or deliberately left out.

export interface TextFigure {
  /** The figure as written, e.g. "£(8.1 to 8.9)m" or "£72 million". */
  text: string
  /** Every amount it states, in pence: two for a range written "£(8.1 to 8.9)m". */
  pence: bigint[]
}

const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?`
// £ then a number, or a parenthesised range "£(8.1 to 8.9)m"; then k, m, bn (also M) or, after a
// space, million/billion. "£25,000p.a." has no multiplier.
// The number never gives back digits to make the rest match ("£25,000p.a." is £25,000).
const FIGURE = new RegExp(String.raw`£(?:\(\s*(${NUMBER})\s*to\s*(${NUMBER})\s*\)|(${NUMBER})(?![\d,.]?\d))(?:(bn|k|m)(?![a-z])|\s+(million|billion)\b)?`, 'gi')

const scale: Record<string, number> = { k: 3, m: 6, million: 6, bn: 9, billion: 9 }

/** "8.43" with multiplier m -> 843000000 pence, in exact integer arithmetic. */
export function toPence(number: string, multiplier: string | undefined): bigint {
  const [whole = '0', fraction = ''] = number.replace(/,/g, '').split('.')
  const exponent = (multiplier ? (scale[multiplier.toLowerCase()] ?? 0) : 0) + 2
  if (fraction.length > exponent) throw new Error(`£${number}${multiplier ?? ''} is not a whole number of pence`)
  return BigInt(whole + fraction.padEnd(exponent, '0'))
}

/** Every £ figure in a text, in order. */
export function moneyFigures(text: string): TextFigure[] {
  return [...text.matchAll(FIGURE)].map((m) => {
    const multiplier = m[4] ?? m[5]
    const numbers = m[3] ? [m[3]] : [m[1]!, m[2]!]
    return { text: m[0], pence: numbers.map((n) => toPence(n, multiplier)) }
  })
}

export interface LeftOut {
  figure: string
  source: string
  reason: string
}

/** The rows of the "Left out" section's table in data/README.md: | `figure` | source id | reason |. */
export function leftOutList(readme: string): LeftOut[] {
  const start = readme.search(/^## Left out\b/m)
  if (start < 0) return []
  const rest = readme.slice(start + 1)
  const end = rest.search(/^## /m)
  const section = end < 0 ? rest : rest.slice(0, end)
  return section
    .split('\n')
    .filter((line) => /^\|\s*`£/.test(line))
    .map((line) => {
      const [figure = '', source = '', reason = ''] = line.split('|').slice(1, -1).map((cell) => cell.trim())
      return { figure: figure.replace(/^`|`$/g, ''), source: source.replace(/^`|`$/g, ''), reason }
    })
}
