// Which FOI requests are about consultants, interims, outsourcing or a named firm. As for
// payments (ingest/spend/classify.ts), rules are tried in order and the first that fires is
// stored (foi_requests.consultancy_rule), so anyone can see why a request was flagged.
import { normaliseName } from '../resolve/normalise'
import { consultancyFirms } from '../spend/classify'

export interface FoiConsultancyRule {
  id: string
  test: (text: string) => boolean
  meaning: string
}

export const foiConsultancyRules: readonly FoiConsultancyRule[] = [
  {
    id: 'foi-consultants',
    // "consultation" (a public consultation) is not a consultant.
    test: (t) => /\bconsult(?:ants?|ancy|ancies|ing)\b/i.test(t),
    meaning: 'the request says consultant(s), consultancy or consulting ("consultation" does not count)',
  },
  {
    id: 'foi-interims',
    test: (t) => /\binterims?\b/i.test(t),
    meaning: 'the request says interim (interim managers and staff bought in through firms)',
  },
  {
    id: 'foi-outsourcing',
    test: (t) => /\boutsourc\w*|\bcontract(?:ed|ing) out\b|\bstrategic partner(?:s|ship)?\b|\bexternal (?:advisers|advisors|advisory)\b/i.test(t),
    meaning: 'the request says outsourcing, contracting out, a strategic partner or external advisers',
  },
  {
    id: 'foi-named-firm',
    test: (t) => {
      const words = ` ${normaliseName(t)} `
      return consultancyFirms.some((firm) => words.includes(` ${firm} `)) || /\bEY\b/.test(t)
    },
    meaning: `the request names a management consultancy or advisory firm: ${consultancyFirms.join(', ')}, EY`,
  },
]

/** The id of the first rule the request's text matches (title, summary, request words), or null. */
export function classifyFoiRequest(...texts: Array<string | null | undefined>): string | null {
  const text = texts.filter(Boolean).join('\n')
  if (!text) return null
  return foiConsultancyRules.find((rule) => rule.test(text))?.id ?? null
}
