import type { Currency as CurrencyCode, VatBasis as VatBasisCode } from '../../tables/enums'
import { builder } from '../builder'
import { Currency, VatBasis } from './enums'

export interface MoneyShape {
  pence: number
  currency: CurrencyCode
  vatBasis: VatBasisCode
}

const symbols: Record<CurrencyCode, string> = { GBP: '£', EUR: '€', USD: '$' }

/** Exact decimal string of minor units: -68883 -> "-688.83". */
export function decimalOf(pence: number): string {
  const abs = Math.abs(pence)
  const major = Math.trunc(abs / 100)
  const minor = String(abs % 100).padStart(2, '0')
  return `${pence < 0 ? '-' : ''}${major}.${minor}`
}

function formatted({ pence, currency }: MoneyShape): string {
  const [major = '0', minor = '00'] = decimalOf(Math.abs(pence)).split('.')
  return `${pence < 0 ? '-' : ''}${symbols[currency]}${major.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${minor}`
}

/** Builds a Money value from nullable columns; null when the source gives no figure. */
export function moneyOf(pence: number | null | undefined, currency: CurrencyCode, vatBasis: VatBasisCode): MoneyShape | null {
  return pence === null || pence === undefined ? null : { pence, currency, vatBasis }
}

export const Money = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An exact amount of money in minor units, with its currency and whether it includes VAT.',
  fields: (t) => ({
    pence: t.field({ type: 'SafeInt', description: 'The amount in minor units (pence for GBP). Negative for refunds and credits.', resolve: (m) => m.pence }),
    currency: t.field({ type: Currency, resolve: (m) => m.currency }),
    vatBasis: t.field({ type: VatBasis, resolve: (m) => m.vatBasis }),
    amount: t.string({ description: 'The amount as an exact decimal string in major units, e.g. "2000000.00".', resolve: (m) => decimalOf(m.pence) }),
    formatted: t.string({ description: 'For display, e.g. "£2,000,000.00".', resolve: formatted }),
  }),
})
