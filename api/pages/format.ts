// How pages write figures. Exact pence always come from decimalOf (the API's money module);
// this file only groups digits and names periods for people.
import { decimalOf, type MoneyShape } from '../../schema/graphql/types/money'
import { currencySymbols } from '../charts/svg'
import { html, type Html } from './html'

/** "£2,000,000.00", "-£688.83": exact, to the penny. */
export function money({ pence, currency }: Pick<MoneyShape, 'pence' | 'currency'>): string {
  const [major = '0', minor = '00'] = decimalOf(Math.abs(pence)).split('.')
  return `${pence < 0 ? '-' : ''}${currencySymbols[currency]}${major.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${minor}`
}

/** "£8.1m", for a claim's range where the source itself rounds; never for a sum we computed. */
export function roughMoney({ pence, currency }: Pick<MoneyShape, 'pence' | 'currency'>): string {
  const pounds = pence / 100
  const abs = Math.abs(pounds)
  const [v, unit] = abs >= 1e9 ? [abs / 1e9, 'bn'] : abs >= 1e6 ? [abs / 1e6, 'm'] : abs >= 1e3 ? [abs / 1e3, 'k'] : [abs, '']
  return `${pounds < 0 ? '-' : ''}${currencySymbols[currency]}${Number(v.toFixed(2))}${unit}`
}

export function count(n: number): string {
  return n.toLocaleString('en-GB')
}

const vatWords = { net: 'excluding VAT', gross: 'including VAT', unknown: 'VAT basis not stated' } as const

/** Accepts the stored ('net') or the GraphQL ('NET') spelling. */
export function vatBasis(basis: MoneyShape['vatBasis'] | string): string {
  return vatWords[basis.toLowerCase() as MoneyShape['vatBasis']] ?? vatWords.unknown
}

/** A PartialDate as the API gives it, in words: "2009-10 (financial year)", "May 2011", "date unknown". */
export function partialDate(d: { value?: string | null; precision: string; inferred?: boolean } | null | undefined): string {
  if (!d || !d.value || d.precision === 'UNKNOWN') return 'date unknown'
  const mark = d.inferred ? ' (inferred)' : ''
  if (d.precision === 'FINANCIAL_YEAR') return `financial year ${d.value}${mark}`
  if (d.precision === 'MONTH') {
    const [y, m] = d.value.split('-')
    return `${new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${y}${mark}`
  }
  return `${d.value}${mark}`
}

/** How a qualifier bounds a single figure, in the source's sense: "about", "at least", "up to". */
const boundWords: Record<string, string> = { ABOUT: 'about ', AT_LEAST: 'at least ', AT_MOST: 'up to ' }

/**
 * A claim as the source bounds it: "£8,100,000.00 to £8,900,000.00", "at least £1,000.00", or one
 * figure. The qualifier (either spelling) is shown, so a bounded figure never reads as exact.
 */
export function claimRange(low: MoneyShape | null, high: MoneyShape | null, qualifier?: string): string {
  if (low && high && low.pence !== high.pence) return `${money(low)} to ${money(high)}`
  const one = low ?? high
  return one ? `${boundWords[qualifier?.toUpperCase() ?? ''] ?? ''}${money(one)}` : 'not stated'
}

/** A source's hedge on one field of a fact, as the API gives it (`hedges { field kind words }`). */
export interface HedgeShape {
  field: string
  kind: string
  words: string
}

export const hedgeFields = 'hedges { field kind words }'

/** The fields a claim's or outcome's money figure is held in (a single figure, or a range). */
export const amountFields = ['amount', 'low', 'high'] as const

/**
 * The source's own hedging words on these fields, to show beside the figure: a hedged figure is
 * never shown firmer than its source states it ("there seems to be a vague threat", "apparently").
 */
export function hedgeNote(hedges: readonly HedgeShape[] | undefined, fields: readonly string[]): Html {
  const said = [...new Set((hedges ?? []).filter((h) => fields.includes(h.field)).map((h) => h.words))]
  return said.length ? html` <span class="hedge">(the source: ${said.map((w, i) => html`${i ? ', ' : ''}“${w}”`)})</span>` : html``
}

/** OVER_HORIZON with 5 years is "over 5 years"; PER_YEAR "a year"; TO_DATE "to date". */
export function basisWords(basis: string, years: number | null): string {
  if (basis === 'OVER_HORIZON') return years ? `over ${years} years` : 'over an unstated period'
  return basis === 'PER_YEAR' ? 'a year' : 'to date'
}
