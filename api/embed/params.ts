// The spend parameters a chart, a figure card and its CSV share, read from and written to URLs.
// The names are those of /v1/spend.csv, so an embed's "Download CSV" is the same question.
import { currencies, payeeClasses } from '../../schema/tables/enums'
import type { Dimension, Interval, SpendParams } from '../pages/answers'

/** Dimensions and intervals as URLs write them (camelCase, as /v1/spend.csv does). */
export type UrlDimension = 'supplier' | 'body' | 'payeeClass' | 'consultancy' | 'consultancyRule'
export type UrlInterval = 'month' | 'quarter' | 'financialYear'

export interface EmbedParams extends SpendParams {
  groupBy?: UrlDimension
  interval?: UrlInterval
  first?: number
  label?: string
}

/** financialYear -> FINANCIAL_YEAR: the GraphQL enum of a URL value. */
export function enumOf<T extends Dimension | Interval>(value: string): T {
  return value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() as T
}

const filterKeys = ['body', 'supplier', 'payeeBody', 'programme', 'from', 'to', 'consultancyOnly', 'expenseType', 'serviceArea', 'payeeClass', 'currency'] as const
export const acceptedParams = [...filterKeys, 'groupBy', 'interval', 'first', 'label'] as const
const dimensions: readonly UrlDimension[] = ['supplier', 'body', 'payeeClass', 'consultancy', 'consultancyRule']
const intervals: readonly UrlInterval[] = ['month', 'quarter', 'financialYear']

export class BadParams extends Error {
  override name = 'BadParams'
}

function day(name: string, value: string): string {
  const d = new Date(`${value}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new BadParams(`${name} must be a day written YYYY-MM-DD, e.g. 2011-04-01; got "${value}"`)
  }
  return value
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new BadParams(`${name} must be one of ${allowed.join(', ')}; got "${value}"`)
  return value as T
}

/** Reads the parameters, refusing (never ignoring) any we don't know, with the list we do. */
export function readParams(search: URLSearchParams, allowed: readonly string[] = acceptedParams): EmbedParams {
  const out: EmbedParams = {}
  for (const [key, raw] of search) {
    const value = raw.trim()
    if (!allowed.includes(key)) throw new BadParams(`Unknown parameter "${key}". Accepted: ${allowed.join(', ')}.`)
    if (value.length === 0 || value.length > 200) throw new BadParams(`${key} must be 1 to 200 characters`)
    switch (key) {
      case 'body':
      case 'supplier':
      case 'payeeBody':
      case 'programme':
      case 'expenseType':
      case 'serviceArea':
      case 'label':
        out[key] = value
        break
      case 'from':
      case 'to':
        out[key] = day(key, value)
        break
      case 'consultancyOnly':
        out.consultancyOnly = oneOf(key, value, ['true', 'false']) === 'true'
        break
      case 'payeeClass':
        out.payeeClass = oneOf(key, value, payeeClasses)
        break
      case 'currency':
        out.currency = oneOf(key, value, currencies)
        break
      case 'groupBy':
        out.groupBy = oneOf(key, value, dimensions)
        break
      case 'interval':
        out.interval = oneOf(key, value, intervals)
        break
      case 'first': {
        const n = Number(value)
        if (!Number.isInteger(n) || n < 1 || n > 25) throw new BadParams('first must be a whole number from 1 to 25')
        out.first = n
        break
      }
    }
  }
  if (out.from && out.to && out.from > out.to) throw new BadParams(`from (${out.from}) is after to (${out.to})`)
  if (out.groupBy && out.interval) throw new BadParams('give groupBy (a bar chart) or interval (a line over time), not both')
  return out
}

/** The query string of these parameters, in a fixed order so the same question is the same URL. */
export function writeParams(params: EmbedParams, keys: readonly string[] = acceptedParams): string {
  const search = new URLSearchParams()
  for (const key of keys) {
    const value = (params as Record<string, unknown>)[key]
    if (value === undefined || value === null || value === false) continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** The filter parameters only: what /v1/spend.csv and /v1/spend-over-time.csv share. */
export function filterOf(params: EmbedParams): SpendParams {
  const out: SpendParams = {}
  for (const key of filterKeys) if (params[key] !== undefined) (out as Record<string, unknown>)[key] = params[key]
  return out
}

/** The /v1 CSV of exactly the data a chart or figure shows. */
export function csvUrl(params: EmbedParams): string {
  const filter = writeParams(filterOf(params), filterKeys).slice(1)
  if (params.interval) return `/v1/spend-over-time.csv?interval=${params.interval}${filter ? `&${filter}` : ''}`
  // A single figure: its rows by paying body, which add up to it exactly.
  return `/v1/spend.csv?groupBy=${params.groupBy ?? 'body'}${filter ? `&${filter}` : ''}`
}
