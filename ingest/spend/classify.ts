// Which payments are consultancy or professional services. Rules are tried in order; the first
// that matches is stored on the payment (payments.consultancy_rule) so anyone can see why a
// payment was counted and challenge the rule. README "Consultancy rules" prints this table.
// There is deliberately no rule over the service area: a service called "Consultancy" is a
// body's own consultancy unit (Hyndburn's "Consultancy-Engineering Div" buys photocopying), so
// the name of the spending unit says nothing about what was bought.
import { detach } from '../resolve/detach'
import { normaliseSupplierName } from '../resolve/normalise'

export interface ConsultancyInput {
  expenseType: string | null
  expenseCategory: string | null
  description: string | null
  payeeName: string
  payeeClass: string
  /**
   * The supplier rule for this payee when the caller already knows it (ingest works it out
   * once per payee name); left out, it is worked out here.
   */
  supplierRule?: string | null
}

export interface ConsultancyRule {
  id: string
  /** Which of the payment's fields the rule reads: expense type or category, payee name, description. */
  over: 'expense' | 'supplier' | 'description'
  test: (text: string) => boolean
  meaning: string
}

/** Management consultancies and advisory firms matched by name (normalised; a name that starts with one of these). */
export const consultancyFirms = [
  'accenture',
  'bain and company',
  'baringa',
  'bdo',
  'boston consulting group',
  'capgemini',
  'deloitte',
  'ernst and young',
  'grant thornton',
  'impower',
  'kpmg',
  'mazars',
  'mckinsey',
  'newton europe',
  'pa consulting',
  'pricewaterhousecoopers',
  'pwc',
]

const startsWithFirm = (name: string) =>
  consultancyFirms.some((firm) => name === firm || name.startsWith(`${firm} `)) || name === 'ey'

const re = (pattern: RegExp) => (text: string) => pattern.test(text)

export const consultancyRules: readonly ConsultancyRule[] = [
  {
    id: 'expense-consultancy',
    over: 'expense',
    test: re(/consultan/i),
    meaning: 'expense type or category says consultancy, consultant(s) or consultants\' fees ("consultation" does not count)',
  },
  {
    id: 'expense-professional-fees',
    over: 'expense',
    test: re(/\bprof(?:essional|\.|l)?\s*(?:fees?|services?|serv\b|advice)/i),
    meaning: 'expense type or category says professional fees / professional services / professional advice',
  },
  {
    id: 'expense-interim',
    over: 'expense',
    test: re(/\binterim\b/i),
    meaning: 'expense type or category says interim (interim managers and staff bought in through firms)',
  },
  {
    id: 'expense-advisory',
    over: 'expense',
    test: re(/\badvisory\b|\bmanagement (?:advice|support services)\b/i),
    meaning: 'expense type or category says advisory services or management advice',
  },
  {
    id: 'supplier-consulting',
    over: 'supplier',
    test: re(/\bconsult(?:ing|ancy|ancies|ants?)\b/i),
    meaning: 'the payee\'s name says consulting, consultancy or consultants',
  },
  {
    id: 'supplier-firm',
    over: 'supplier',
    test: (name) => startsWithFirm(normaliseSupplierName(name)),
    meaning: `the payee is a management consultancy or advisory firm by name: ${consultancyFirms.join(', ')}, EY`,
  },
  {
    id: 'description-consultancy',
    over: 'description',
    test: re(/consultan/i),
    meaning: 'the payment\'s description says consultancy or consultant(s)',
  },
]

// Expense types, services and payee names repeat thousands of times in a file: remember answers.
const CACHE_LIMIT = 50_000
const caches = { expense: new Map<string, string | null>(), supplier: new Map<string, string | null>() }

function firstRule(over: 'expense' | 'supplier', text: string | null): string | null {
  if (!text) return null
  const cache = caches[over]
  const hit = cache.get(text)
  if (hit !== undefined) return hit
  let found: string | null = null
  for (const rule of consultancyRules) {
    if (rule.over === over && rule.test(text)) {
      found = rule.id
      break
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(detach(text), found)
  return found
}

/** The id of the first consultancy rule the payment matches, or null. Redacted and personal payees are not judged by name. */
export function classifyConsultancy(p: ConsultancyInput): string | null {
  const byType = firstRule('expense', p.expenseType)
  const byCategory = firstRule('expense', p.expenseCategory)
  if (byType || byCategory) {
    // When both match, the rule earlier in the table wins.
    if (!byCategory) return byType
    if (!byType) return byCategory
    return ruleOrder(byType) <= ruleOrder(byCategory) ? byType : byCategory
  }
  if (p.payeeClass === 'supplier') {
    const bySupplier = p.supplierRule !== undefined ? p.supplierRule : supplierRule(p.payeeName)
    if (bySupplier) return bySupplier
  }
  if (p.description && /consultan/i.test(p.description)) return 'description-consultancy'
  return null
}

/** The first supplier rule a payee name matches, or null. */
export function supplierRule(payeeName: string): string | null {
  return firstRule('supplier', payeeName)
}

const order = new Map(consultancyRules.map((r, i) => [r.id, i]))
function ruleOrder(id: string): number {
  return order.get(id) ?? Number.MAX_SAFE_INTEGER
}
