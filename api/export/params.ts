// GET parameters of the /v1 exports → the same arguments the GraphQL fields take. An unknown
// parameter is refused, listing the accepted ones: a misspelt filter silently ignored would hand
// back a bigger answer than was asked for.
import { type SpendDimension, spendDimensions, type TimeInterval, timeIntervals } from '../../schema/answers/dimensions'
import { type SpendOrder, spendOrders } from '../../schema/answers/spend'
import { ApiError } from '../../schema/graphql/errors'
import { type SpendFilterInput, spendFilterFields } from '../../schema/graphql/inputs/spend-filter'

/** "financialYear", "financial_year" and "FINANCIAL_YEAR" all name FINANCIAL_YEAR. */
function enumValue<T extends string>(param: string, value: string, accepted: readonly T[]): T {
  const squash = (s: string) => s.replace(/[_\s-]/g, '').toLowerCase()
  const hit = accepted.find((a) => squash(a) === squash(value))
  if (!hit) throw new ApiError({ code: 'BAD_REQUEST', message: `${param}: unknown value "${value}". Accepted: ${accepted.map(camel).join(', ')}` })
  return hit
}

/** FINANCIAL_YEAR → financialYear, as the URLs write it. */
export function camel(value: string): string {
  return value.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** Refuses any parameter not in `accepted`, and any given twice. */
export function checkParams(url: URL, accepted: readonly string[]): void {
  const seen = new Set<string>()
  for (const key of url.searchParams.keys()) {
    if (!accepted.includes(key)) {
      throw new ApiError({ code: 'BAD_REQUEST', message: `unknown parameter "${key}". Accepted: ${accepted.join(', ') || 'none'}` })
    }
    if (seen.has(key)) throw new ApiError({ code: 'BAD_REQUEST', message: `parameter "${key}" is given more than once; give it once` })
    seen.add(key)
  }
}

export function filterOf(url: URL): SpendFilterInput {
  const p = url.searchParams
  const out: SpendFilterInput = {}
  for (const field of spendFilterFields) {
    const v = p.get(field)
    if (v === null) continue
    if (field === 'consultancyOnly') {
      if (v !== 'true' && v !== 'false') throw new ApiError({ code: 'BAD_FILTER', message: `consultancyOnly must be true or false; got "${v}"` })
      out.consultancyOnly = v === 'true'
    } else if (field === 'minPence' || field === 'maxPence') {
      if (!/^-?\d{1,15}$/.test(v)) throw new ApiError({ code: 'BAD_FILTER', message: `${field} must be a whole number of pence, e.g. 100000 for £1,000; got "${v}"` })
      out[field] = Number(v)
    } else if (field === 'payeeClass') {
      out.payeeClass = enumValue(field, v, ['supplier', 'redacted', 'individual'] as const)
    } else if (field === 'currency') {
      out.currency = enumValue(field, v, ['GBP', 'EUR', 'USD'] as const)
    } else if (field === 'vatBasis') {
      out.vatBasis = enumValue(field, v, ['net', 'gross', 'unknown'] as const)
    } else {
      out[field] = v
    }
  }
  return out
}

export function groupByOf(url: URL, required: boolean): SpendDimension[] {
  const v = url.searchParams.get('groupBy')
  if (v === null || v === '') {
    if (required) throw new ApiError({ code: 'BAD_REQUEST', message: `groupBy is required: a comma-separated list of up to 4 of ${spendDimensions.map(camel).join(', ')}` })
    return []
  }
  return v.split(',').map((d) => enumValue('groupBy', d.trim(), spendDimensions))
}

export function orderOf(url: URL): SpendOrder {
  const v = url.searchParams.get('orderBy')
  return v === null ? 'TOTAL_DESC' : enumValue('orderBy', v, spendOrders)
}

export function intervalOf(url: URL): TimeInterval {
  const v = url.searchParams.get('interval')
  if (v === null) throw new ApiError({ code: 'BAD_REQUEST', message: `interval is required: one of ${timeIntervals.map(camel).join(', ')}` })
  return enumValue('interval', v, timeIntervals)
}

export const filterParams: readonly string[] = spendFilterFields
