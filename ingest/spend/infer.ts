// Which column is which field, inferred from a header row AND the values below it. Pure: no
// I/O. The synonym table (columns.ts) is one input; the words of a header (camelCase split,
// abbreviations expanded, plurals folded, parenthesised notes read) and the share of values
// that read as dates, money, currency codes, identifiers or company names are the others.
// Every column is scored for every field; the best consistent assignment (each column at most
// one field) wins, and a choice that another column could just as well have made is refused.
import type { VatBasis } from '../../schema/tables/enums'
import { type ColumnMap, type Field, fields, normaliseHeader, requiredFields, synonymMatch, synonymsOf, vatBasisOfHeader } from './columns'
import { accountingPeriodNumber, currencyInHeader, type DateOrder, dateOrderOf, debitOrCredit, isCurrencyCode, parseAmount, parseCurrency, parseDate, statedDateOrder, withoutDateOrderNote } from './parse'

/** How a field's column was chosen, for the report. */
export type Evidence = 'header words' | 'values' | 'header words and values' | '--map' | 'profile'

export interface FieldChoice {
  field: Field
  /** 0-based index of the column. */
  column: number
  header: string
  /** 0..1: how sure the choice is. */
  confidence: number
  why: Evidence
}

/**
 * A debit/credit column that marks most of the rows credit: a cash book or payables export may
 * mark every payment "C", so reading each as money back is a guess. `field` is the text field the
 * refusal's --map reads the column as, leaving the amounts as published.
 */
export interface SignDoubt {
  credits: number
  marked: number
  field: Field
}

export interface Candidate {
  column: number
  header: string
  score: number
  why: Evidence
  /** A payee candidate whose every value is one public body's name: the payer, never suggested as the payee. */
  payer?: string
}

export interface Inference {
  columns: ColumnMap
  headers: Partial<Record<Field, string>>
  choices: FieldChoice[]
  missing: Field[]
  /** Required fields two columns could be, about as well: the file is refused, naming them. */
  ambiguous: Array<{ field: Field; candidates: Candidate[]; note?: string; sign?: SignDoubt }>
  /** Non-blank headers we do not read. */
  unmapped: string[]
  vatBasis: VatBasis
  /** A column we do not otherwise read whose values say debit or credit ("DR"/"CR", "Invoice"/"Credit Note"): it signs the amount. */
  signColumn: number | null
  /** True when that column's header says it marks debits and credits, so "D" and "C" alone are read as such. */
  signLetters: boolean
  /** Beside a "Debit" amount column, the "Credit" column whose figures are negative payments. */
  creditColumn: number | null
  /** How the date column's numbers read, from its values; `evidence` is a cell only month-first can read. */
  dateOrder: { order: DateOrder; evidence: string | null; stated: boolean }
  /**
   * True when the amount's header says pence and nothing says pounds: its whole numbers are
   * divided by 100. "Amount (Pounds and Pence)" or a sampled "12.50" keeps the figures pounds.
   */
  amountInPence: boolean
  /** True when the amount's header says its figures are thousands of pounds ("Amount (£000s)", "£'000"): each is multiplied by 1,000. */
  amountInThousands: boolean
  /** A date cell of the sample that is an accounting period ("P03 2023/24"), read on an April-March year: the report says so. */
  accountingPeriods: string | null
  /** Optional columns a profile names that this file lacks: inferred instead, with a warning. */
  profileMissing?: Array<{ field: Field; header: string }>
  /** Each column's two best guesses (for a refusal that shows them). */
  guesses: Array<{ column: number; header: string; best: Array<{ field: Field; score: number; why: Evidence }>; payer?: string }>
}

/** A mapping given by the user (`--map`) or a profile: field -> header text as published. */
export interface Overrides {
  map: Partial<Record<Field, string>>
  from: '--map' | 'profile'
  /** The fields of `map` that came from a profile, and where it is: named in its errors. */
  profileFields?: ReadonlySet<Field>
  profilePath?: string
}

export class OverrideError extends Error {
  constructor(
    readonly code: 'BAD_MAP' | 'BAD_PROFILE',
    message: string,
  ) {
    super(message)
  }
}

// ---------------------------------------------------------------------------------------------
// Header words

const ABBREVIATIONS: Record<string, string> = {
  amt: 'amount', amnt: 'amount', val: 'value', dept: 'department', dpt: 'department', ref: 'reference',
  no: 'number', num: 'number', nr: 'number', nbr: 'number', txn: 'transaction', trx: 'transaction', trans: 'transaction',
  tran: 'transaction', inv: 'invoice', exp: 'expense', expend: 'expenditure', desc: 'description', descr: 'description',
  pmt: 'payment', pymt: 'payment', paymt: 'payment', dt: 'date', supp: 'supplier', suppl: 'supplier', vend: 'vendor',
  cat: 'category', org: 'organisation', organization: 'organisation', svc: 'service', serv: 'service', acc: 'account',
  acct: 'account', ccy: 'currency', cur: 'currency', curr: 'currency', co: 'company', reg: 'registration',
  div: 'division', dir: 'directorate', excl: 'excluding', exc: 'excluding', ex: 'excluding', exclusive: 'excluding',
  incl: 'including', inc: 'including', inclusive: 'including', tot: 'total', benef: 'beneficiary', cred: 'creditor',
  doc: 'document', mth: 'month', yr: 'year', id: 'id',
}
// Currency words say which currency (parse.ts currencyInHeader reads them), not which field.
const STOP = new Set(['of', 'the', 'a', 'an', 'for', 'by', 'in', 'at', 'per', 'eur', 'usd', 'euro', 'dollar', 'sterling', 'pound'])

/** "InvoiceAmt (net of VAT)" -> ["invoice", "amount", "net", "vat"]. */
export function headerWords(cell: string): string[] {
  const split = cell.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
  // "Post Code", "Zip Code" are one word, a part of an address: not a code of ours.
  const normal = normaliseHeader(split).replace(/\b(post|zip) code\b/g, '$1code')
  if (normal === '') return []
  return normal
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .map(singular)
    .filter((w) => !STOP.has(w))
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1)
  return word
}

/** Head words that say a field when no synonym matches, and words that say a column is something else. */
const HEAD_WORDS: Partial<Record<Field, readonly string[]>> = {
  date: ['date', 'day', 'posted', 'posting', 'cleared', 'clearing', 'processed', 'issued', 'settled', 'settlement', 'paid', 'effective', 'when'],
  amount: ['amount', 'value', 'cost', 'charge', 'price', 'spend', 'spent', 'expenditure', 'payment', 'paid', 'sum', 'total', 'net', 'gross'],
  supplier: ['supplier', 'payee', 'vendor', 'beneficiary', 'creditor', 'merchant', 'recipient', 'contractor', 'provider', 'trader', 'company'],
  currency: ['currency'],
  vat: ['vat', 'tax'],
  transactionRef: ['transaction', 'reference', 'voucher', 'document'],
  description: ['description', 'narrative', 'purpose', 'detail'],
  serviceArea: ['service', 'department', 'directorate', 'division', 'unit'],
  expenseType: ['expense', 'expenditure', 'account', 'category', 'subjective'],
}
const IDENTIFIER_WORDS = ['number', 'id', 'code', 'reference', 'registration', 'uri', 'urn']
/** Parts of an address or contact: a payee's postcode or phone is none of our fields. */
const ADDRESS_WORDS = ['postcode', 'zipcode', 'address', 'street', 'town', 'telephone', 'phone', 'email', 'fax']
const FORBIDDEN: Partial<Record<Field, readonly string[]>> = {
  supplierRef: ADDRESS_WORDS,
  transactionRef: ADDRESS_WORDS,
  companyNumber: ADDRESS_WORDS,
  bodyCode: ADDRESS_WORDS,
  expenseCode: ADDRESS_WORDS,
  date: [...IDENTIFIER_WORDS, 'amount', 'value'],
  amount: [...IDENTIFIER_WORDS, 'date', 'rate', 'count', 'quantity', 'name', 'type', 'currency', 'vat'],
  vat: [...IDENTIFIER_WORDS, 'rate', 'type', 'flag', 'indicator', 'excluding', 'including', 'net', 'gross', 'status'],
  supplier: [...IDENTIFIER_WORDS, 'type', 'date', 'amount', 'vat', ...ADDRESS_WORDS],
  currency: ['amount', 'value'],
}

/**
 * Words that make a money header something other than the payment: a contract's value, a
 * budget, a running balance. "Contract Value" holds the synonym "value" but is not what was paid.
 */
const NOT_THE_PAYMENT = [
  'running', 'cumulative', 'balance', 'budget', 'budgeted', 'contract', 'order', 'annual', 'forecast', 'outstanding',
  'original', 'committed', 'commitment', 'remaining', 'estimated', 'estimate', 'allocated', 'allocation', 'ytd',
  'todate', 'lifetime', 'accrued', 'projected', 'planned', 'limit', 'ceiling',
  // A price per unit or each is not what was paid for the line.
  'unit', 'each',
]
/** "(£)", "GBP", "Sterling" in a raw header: the column is money in pounds. */
const POUNDS_IN_HEADER = /£|\bgbp\b|\bsterling\b|\bpounds?\b/i

/** True when a header's words qualify its money as something other than the payment made. */
export function qualifiesMoney(cell: string, words = headerWords(cell)): boolean {
  if (words.some((w) => NOT_THE_PAYMENT.includes(w))) return true
  // "Total to date", "Spend to date", "Year to date".
  return /\bto date\b/i.test(cell.replace(/[-_]/g, ' '))
}

const PAYMENT_EVENT = ['paid', 'payment', 'cleared', 'clearing', 'settled', 'settlement', 'posted', 'posting', 'transaction', 'cheque', 'bacs', 'remittance']
const OTHER_EVENT = ['invoice', 'document', 'order', 'received', 'created', 'due', 'entry', 'entered', 'goods', 'approved', 'raised']

const RATE_WORDS = ['rate', 'percent', 'percentage', 'pct']

/**
 * Of several dates, the one the money moved on: "Clearing Date" over "Invoice Date", whether or
 * not either is a listed synonym. A payment event lifts a date header above any listed synonym
 * of another event; an invoice, order or document date sinks below a plain "Date".
 */
function paymentEvent(words: readonly string[], score: number): number {
  if (words.some((w) => PAYMENT_EVENT.includes(w))) return Math.max(score, 0.85) + 0.1
  if (words.some((w) => OTHER_EVENT.includes(w))) return Math.min(score, 0.8)
  return score
}

export interface HeaderScore {
  score: number
  /** True when a synonym (exactly, or by its ending) matched: strong enough to need no confirmation. */
  synonym: boolean
}

/** How well one header cell says `field`, 0..1. */
export function headerScore(cell: string, field: Field, words = headerWords(cell)): HeaderScore {
  const forbidden = FORBIDDEN[field]
  if (field === 'amount' && qualifiesMoney(cell, words)) return { score: 0, synonym: false }
  // "VAT %", "VAT Rate": a rate, read before normalising drops the '%', is not money.
  if ((field === 'amount' || field === 'vat') && (/%/.test(cell) || words.some((w) => RATE_WORDS.includes(w)))) return { score: 0, synonym: false }
  // "Payee Organisation", "Supplier Organisation Name": the organisation paid, not the body paying.
  if (field === 'body' && words.some((w) => HEAD_WORDS.supplier!.includes(w) || w === 'paid')) return { score: 0, synonym: false }
  // "Amount (excl VAT)" is an amount, whatever the VAT word says; "Amount (VAT)" is not.
  const vatBasisNote = field === 'amount' && words.includes('vat') && words.some((w) => ['excluding', 'including', 'net', 'gross'].includes(w)) && !words.some((w) => IDENTIFIER_WORDS.includes(w))
  const isForbidden = !!forbidden && words.some((w) => forbidden.includes(w)) && !vatBasisNote
  // A synonym left once the brackets are stripped counts only when the note names nothing the
  // field forbids: "Amount (VAT)" stripped to "amount" would read the VAT as the payment.
  const hit = synonymMatch(cell, field, true, !isForbidden)
  if (hit !== null) return { score: field === 'date' ? paymentEvent(words, hit) : hit, synonym: true }
  if (words.length === 0) return { score: 0, synonym: false }
  if (isForbidden) return { score: 0, synonym: false }
  // Every word of some synonym among the header's words: "Sum of Inv Amount" holds "invoice amount".
  // A one-word synonym inside a longer header is no more than a head word: "Contract Value"
  // holds "value" and must not outscore "Payment".
  let best = 0
  for (const synonym of synonymWords(field)) {
    if (!synonym.every((w) => words.includes(w))) continue
    best = Math.max(best, synonym.length === 1 ? 0.5 : 0.5 + 0.25 * (synonym.length / words.length))
  }
  const heads = HEAD_WORDS[field]
  if (heads && words.some((w) => heads.includes(w))) best = Math.max(best, 0.5)
  // "Paid (£)", "Payment (GBP)": the header says this column is money in pounds.
  if (field === 'amount' && best > 0 && POUNDS_IN_HEADER.test(cell)) best += 0.1
  if (field === 'date' && best > 0) return { score: paymentEvent(words, Math.min(best, 0.75)), synonym: false }
  return { score: Math.min(best, 0.75), synonym: false }
}

const synonymWordCache = new Map<Field, string[][]>()
function synonymWords(field: Field): string[][] {
  let cached = synonymWordCache.get(field)
  if (!cached) {
    cached = synonymsOf(field).map((s) => s.split(' ').map((w) => ABBREVIATIONS[w] ?? w).map(singular).filter((w) => !STOP.has(w)))
    synonymWordCache.set(field, cached)
  }
  return cached
}

// ---------------------------------------------------------------------------------------------
// Values

export interface ValueProfile {
  filled: number
  date: number
  money: number
  /** Of the money-like values, the share with decimals: amounts have pence, identifiers do not. */
  decimals: number
  currency: number
  /** Long digit runs or codes (letters and digits, no spaces). */
  identifier: number
  company: number
  /** Neither a date nor money nor a currency code. */
  text: number
  /** Distinct values over non-empty cells: payees vary row to row, departments repeat. */
  distinct: number
  /** VAT markers: "Inc", "Exc", "Exempt", "Zero"... */
  vatMarker: number
  /** UK postcodes ("LS1 9AB", "SW1A 2AA"): part of an address, none of our fields. */
  postcode: number
}

const COMPANY = /\b(ltd|limited|plc|llp|inc|council|cic|llc|company|trust|partnership|associates|consult\w*|university|college|nhs)\b|&\s*co\b/i

/** The share of a column's non-empty cells that read as each kind of value. */
export function profileValues(values: readonly string[]): ValueProfile {
  const seen = new Set<string>()
  let filled = 0, date = 0, money = 0, decimals = 0, currency = 0, identifier = 0, company = 0, text = 0, vatMarker = 0, postcode = 0
  for (const raw of values) {
    const v = raw.trim()
    if (v === '') continue
    filled++
    seen.add(v.toLowerCase())
    // A long cell is free text; the patterns below are for short values.
    if (v.length > 200) {
      text++
      continue
    }
    if (VAT_MARKER.test(v)) vatMarker++
    if (UK_POSTCODE.test(v)) postcode++
    // A US export's "04/13/2023" is a date too (which order the file uses is settled later).
    let d = parseDate(v)
    if (!d.ok) d = parseDate(v, 'month-first')
    const isDate = d.ok && (d.on !== null || /\d/.test(v)) && !/^\d+(\.\d+)?$/.test(v.replace(/,/g, '')) ? 1 : 0
    // A bare 5-digit number is an Excel serial date or an identifier; count it as a date only when nothing else fits.
    const serialOnly = d.ok && /^\d{5}(\.\d+)?$/.test(v)
    const m = parseAmount(v)
    const isCurrency = isCurrencyCode(v) || parseCurrency(v).ok ? 1 : 0
    date += isDate || (serialOnly ? 0.5 : 0)
    if (m.ok && !isDate) {
      money++
      if (/[.,]\d{1,2}\s*(-|cr|dr)?\)?\s*$/i.test(v)) decimals++
    }
    currency += isCurrency
    if (/^\d{6,}(\s*-\s*\d+)?$/.test(v) || (/^[A-Z0-9\-/_.:]{4,}$/i.test(v) && /\d/.test(v) && !m.ok && !isDate)) identifier++
    if (COMPANY.test(v)) company++
    if (!m.ok && !isDate && !isCurrency) text++
  }
  const share = (n: number) => (filled === 0 ? 0 : n / filled)
  return {
    filled,
    date: share(date),
    money: share(money),
    decimals: money === 0 ? 0 : decimals / money,
    currency: share(currency),
    identifier: share(identifier),
    company: share(company),
    text: share(text),
    distinct: share(seen.size),
    vatMarker: share(vatMarker),
    postcode: share(postcode),
  }
}

// The shape of a UK postcode as an address writes it: outward code (area letters, district
// digit(s), maybe a letter), a space, inward code (digit, two letters). Unspaced, "C12AB" is as
// likely a cost centre or a reference.
const UK_POSTCODE = /^(?:GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})$/i
/** Header words that say a column is an identifier of ours, whatever its values look like. */
const REFERENCE_WORDS = ['reference', 'number', 'code', 'id']
/** At least this share of a column's values shaped as postcodes makes it an address column: read as no field. */
const POSTCODE_COLUMN = 0.8

const VAT_MARKER = /^(inc|incl|including|exc|excl|excluding|ex|gross|net|exempt|zero|zero rated|outside scope|n\/?a|none|std|standard|[ezso])\.?$/i

const MONEY_FIELDS: readonly Field[] = ['amount', 'vat']
const CODE_FIELDS: readonly Field[] = ['transactionRef', 'supplierRef', 'expenseCode', 'companyNumber', 'bodyCode']

/** How well a column's values fit `field`, 0..1 (0.9 for an empty column: values neither confirm nor contradict). */
export function valueScore(p: ValueProfile, field: Field): number {
  if (p.filled === 0) return 0.9
  if (field === 'date') return p.date
  if (field === 'vat' && p.vatMarker > p.money) return p.vatMarker
  if (MONEY_FIELDS.includes(field)) {
    // Whole numbers of six digits and more, none with pence, are references, not amounts.
    const idLike = p.identifier > 0.8 && p.decimals < 0.05
    return idLike ? p.money * 0.3 : p.money
  }
  if (field === 'currency') return p.currency
  if (CODE_FIELDS.includes(field)) return Math.max(0, 1 - p.date - (p.money > 0.5 ? p.decimals : 0))
  // Text fields: names, categories, descriptions.
  if (p.currency > 0.9) return 0
  if (field === 'supplier') return p.text * (0.5 + 0.25 * Math.min(1, p.company * 2) + 0.25 * p.distinct)
  return p.text
}

// ---------------------------------------------------------------------------------------------
// The assignment

/** Above this many columns a row is hardly a header: only the synonym table is consulted. */
const SCORE_UP_TO = 300
/** Fields a column can be found for by its values alone, whatever its header. */
const VALUE_FIELDS: readonly Field[] = ['date', 'amount', 'supplier', 'currency']
/** Two candidates closer than this, with no synonym to separate them, are a refusal. */
export const CLOSE = 0.05
/**
 * Two money columns the header words alone set apart (no synonym, no values) are a refusal when
 * closer than this: "Payment (GBP)" beside "Invoice Total" is a guess, and a wrong guess is a
 * wrong total.
 */
export const MONEY_CLOSE = 0.2
/** Below this a candidate is not taken. */
const FLOOR = 0.3
/** When a field is already taken by a better column, a less specific match lands here. */
const OVERFLOW: Partial<Record<Field, Field>> = { body: 'bodyCode', expenseType: 'expenseCategory', serviceArea: 'serviceDivision' }

interface Scored {
  field: Field
  column: number
  score: number
  synonym: boolean
  why: Evidence
}

/** One column for one field: header words, checked (or, for a few fields, found) by the values. */
function scoreCell(header: string, words: string[], p: ValueProfile, field: Field): Scored | null {
  const h = headerScore(header, field, words)
  const v = valueScore(p, field)
  // A column of postcodes is part of the payee's address ("Supplier Post Code" holds the words of
  // "supplier code"): never a reference, a number or a name of ours. Unless its header says it is
  // a reference, number, code or id: an invoice ref "AB12 3DE" or a cost centre is shaped so too.
  if (p.postcode >= POSTCODE_COLUMN && !words.some((w) => REFERENCE_WORDS.includes(w))) return null
  const strict = field === 'date' || MONEY_FIELDS.includes(field) || field === 'currency'
  if (h.score > 0) {
    // Values that contradict the header ("Amount" holding names) veto it for dates and money.
    // A listed synonym keeps its column (its rows are then rejected one by one, with reasons);
    // other header words whose values contradict them are vetoed.
    let gate = v >= 0.8 ? 1 : v >= 0.5 ? 0.85 : strict && !h.synonym ? 0 : 0.5
    // A currency found by words other than "currency" needs its values to agree; a header that
    // names the currency keeps its column, and cells we cannot read are rejected row by row.
    if (field === 'currency' && p.filled > 0 && v < 0.9 && !h.synonym) gate = words.includes('currency') ? 1 : 0
    let score = h.score * gate
    // A body column repeats one body; many distinct company names are payees.
    if (field === 'body' && p.filled >= 5 && p.distinct > 0.5 && p.company > 0.3) score *= 0.5
    if (score <= 0) return null
    const why: Evidence = p.filled > 0 && v >= 0.8 ? 'header words and values' : 'header words'
    return { field, column: -1, score, synonym: h.synonym, why }
  }
  if (!VALUE_FIELDS.includes(field) || p.filled === 0) return null
  if (field === 'amount' && qualifiesMoney(header, words)) return null
  // A currency column is found by its codes whatever its header says.
  if (field === 'currency') return v >= 0.9 ? { field, column: -1, score: 0.9, synonym: true, why: 'values' } : null
  // Payees by values: nearly all text, some of it company names (Ltd, PLC, LLP, Council...).
  if (field === 'supplier' ? p.text < 0.9 || p.company < 0.1 : v < 0.9) return null
  if (field === 'amount' && p.decimals < 0.2) return null
  return { field, column: -1, score: 0.4 * v, synonym: false, why: 'values' }
}

/**
 * The columns of a header row, inferred from its cells and the rows below it (`sample`).
 * `overrides` (from --map or a profile) fix fields to headers first; a header they name that
 * the row does not have throws OverrideError.
 */
export function inferColumns(headerCells: readonly string[], sample: readonly (readonly string[])[], overrides?: Overrides): Inference {
  const headers = headerCells.map((c) => c.trim())
  const columns: ColumnMap = {}
  const choices: FieldChoice[] = []
  const used = new Set<number>()
  let profileMissing: Inference['profileMissing']
  if (overrides) {
    for (const [field, wanted] of Object.entries(overrides.map) as Array<[Field, string]>) {
      // --map date="Date (mm/dd/yyyy)" names the column "Date" and the order of its dates.
      let index = findHeaderIndex(headers, wanted)
      if (index < 0 && field === 'date' && statedDateOrder(wanted)) index = findHeaderIndex(headers, withoutDateOrderNote(wanted))
      const fromProfile = overrides.profileFields ? overrides.profileFields.has(field) : overrides.from === 'profile'
      if (index < 0 && fromProfile && !requiredFields.includes(field)) {
        // A later file dropped an optional column: read the rest, say so.
        ;(profileMissing ??= []).push({ field, header: wanted })
        continue
      }
      if (index < 0) {
        const seen = headers.filter((h) => h !== '').map((h) => `"${h}"`).join(', ')
        const who = fromProfile ? `the profile${overrides.profilePath ? ` ${overrides.profilePath}` : ''}` : '--map'
        throw new OverrideError(
          fromProfile ? 'BAD_PROFILE' : 'BAD_MAP',
          `${who} says ${field}="${wanted}", but the header has no such column (it has ${seen})${fromProfile ? '; --map that field to another header, or edit the profile' : ''}`,
        )
      }
      if (used.has(index)) {
        throw new OverrideError(overrides.from === '--map' ? 'BAD_MAP' : 'BAD_PROFILE', `column "${headers[index]}" is mapped to two fields`)
      }
      columns[field] = index
      used.add(index)
      choices.push({ field, column: index, header: headers[index]!, confidence: 1, why: overrides.from })
    }
  }

  const scoring = headers.length <= SCORE_UP_TO || headers.filter((h) => h !== '').length <= SCORE_UP_TO
  const all: Scored[] = []
  const perColumn: Scored[][] = []
  const running = scoring ? runningTotals(sample, headers.length) : new Set<number>()
  headers.forEach((header, column) => {
    perColumn[column] = []
    const values = sample.map((row) => row[column] ?? '')
    if (header === '' && values.every((v) => v.trim() === '')) return
    if (!scoring && header === '') return
    const words = scoring ? headerWords(header) : []
    const profile = scoring ? profileValues(values) : null
    for (const field of fields) {
      // A running total's values are money, but never the payment.
      if (field === 'amount' && running.has(column)) continue
      const s = profile ? scoreCell(header, words, profile, field) : synonymOnly(header, field)
      if (!s) continue
      s.column = column
      // Several amount columns (gross, VAT, net): net is what we count, whatever else the headers say.
      if (field === 'amount') {
        const basis = vatBasisOfHeader(normaliseHeader(header))
        if (basis === 'net' && s.why !== 'values') s.score += 0.3
        if (basis === 'gross') s.score -= 0.03
        // "Amount (EUR)" beside "Amount (GBP)": the same payments, in pounds in the other column.
        const named = currencyInHeader(header)
        if (named !== null && named !== 'GBP') s.score = Math.max(s.score - 0.25, Math.min(s.score, 0.5))
      }
      perColumn[column]!.push(s)
      if (s.score >= FLOOR) all.push(s)
    }
  })

  all.sort((a, b) => b.score - a.score || a.column - b.column)
  for (const s of all) {
    if (used.has(s.column)) continue
    let field: Field | undefined = s.field
    while (field !== undefined && columns[field] !== undefined) field = OVERFLOW[field]
    if (field === undefined) continue
    columns[field] = s.column
    used.add(s.column)
    choices.push({ field, column: s.column, header: headers[s.column]!, confidence: round(Math.min(1, s.score)), why: s.why })
  }

  // A required field no free column can be is taken from a column an optional field holds, when
  // that column's header and values both say it could be it ("Account Name" full of company names is the payee, not the
  // expense heading): a payment needs it, an expense heading it can do without.
  for (const field of requiredFields) {
    if (columns[field] !== undefined || overrides?.map[field] !== undefined) continue
    const s = all.find((c) => c.field === field && c.why !== 'header words' && !Object.entries(columns).some(([f, i]) => i === c.column && (requiredFields.includes(f as Field) || overrides?.map[f as Field] !== undefined)))
    if (!s) continue
    const holder = choices.findIndex((c) => c.column === s.column)
    if (holder >= 0) {
      delete columns[choices[holder]!.field]
      choices.splice(holder, 1)
    }
    columns[field] = s.column
    used.add(s.column)
    choices.push({ field, column: s.column, header: headers[s.column]!, confidence: round(Math.min(1, s.score)), why: s.why })
  }

  let vatBasis: VatBasis = columns.amount === undefined ? 'unknown' : vatBasisOfHeader(normaliseHeader(headers[columns.amount]!))
  const net = netBesideVat(columns, sample, headers, used, overrides)
  if (net) {
    vatBasis = 'net'
    if (net.column !== columns.amount) {
      const old = columns.amount!
      used.delete(old)
      used.add(net.column)
      columns.amount = net.column
      const i = choices.findIndex((c) => c.field === 'amount')
      choices[i] = { field: 'amount', column: net.column, header: headers[net.column]!, confidence: 0.9, why: 'values' }
    }
  }

  // An amount whose header names its currency ("Amount GBP") takes it from nowhere else: a
  // currency column that belongs to another money column ("Original Currency" beside
  // "Original Amount") is not read.
  if (columns.amount !== undefined && columns.currency !== undefined && overrides?.map.currency === undefined && currencyInHeader(headers[columns.amount]!) !== null) {
    const own = headerWords(headers[columns.currency]!).filter((w) => w !== 'currency')
    const elsewhere = headers.some((h, i) => i !== columns.amount && i !== columns.currency && headerWords(h).some((w) => own.includes(w)))
    if (qualifiesMoney(headers[columns.currency]!) || elsewhere) {
      used.delete(columns.currency)
      delete columns.currency
      choices.splice(choices.findIndex((c) => c.field === 'currency'), 1)
    }
  }

  // Separate debit and credit columns are one signed amount: the debit read, the credit negated.
  // Mostly credits is a ledger read from the other side (a purchase ledger posts invoices as
  // credits): which side is the payment is refused, not guessed. `--map amount=` names the side
  // paid; the other column is then read as negative.
  const found = debitAndCredit(headers, sample, columns)
  const mappedSide = overrides?.map.amount === undefined ? null : columns.amount
  let pair: { debit: number; credit: number } | null = null
  let sidesUnclear = false
  if (found && mappedSide === null) {
    pair = { debit: found.debit, credit: found.credit }
    sidesUnclear = found.credits > found.filled / 2
  } else if (found && (mappedSide === found.debit || mappedSide === found.credit)) {
    pair = mappedSide === found.debit ? { debit: found.debit, credit: found.credit } : { debit: found.credit, credit: found.debit }
  }
  if (pair) {
    for (const c of [pair.debit, pair.credit]) {
      const holder = choices.findIndex((ch) => ch.column === c)
      if (holder >= 0) {
        delete columns[choices[holder]!.field]
        choices.splice(holder, 1)
      }
    }
    if (columns.amount !== undefined) {
      used.delete(columns.amount)
      choices.splice(choices.findIndex((c) => c.field === 'amount'), 1)
    }
    columns.amount = pair.debit
    used.add(pair.debit)
    used.add(pair.credit)
    choices.push({ field: 'amount', column: pair.debit, header: headers[pair.debit]!, confidence: 0.9, why: 'header words and values' })
  }

  const ambiguous: Inference['ambiguous'] = []
  for (const field of [...requiredFields, 'currency'] as Field[]) {
    const chosen = columns[field]
    if (chosen === undefined || overrides?.map[field] !== undefined) continue
    const mine = perColumn[chosen]!.find((s) => s.field === field)
    if (field === 'amount' && pair && sidesUnclear) {
      ambiguous.push({
        field,
        candidates: [pair.debit, pair.credit].map((column) => ({ column, header: headers[column]!, score: 0.9, why: 'header words and values' as const })),
        note: `most rows have their figure in ${JSON.stringify(headers[pair.credit])}, not ${JSON.stringify(headers[pair.debit])}: read as debits less credits the file would total negative. Name the column that holds the payments; the other is read as negative`,
      })
    }
    if (!mine || (field === 'amount' && pair)) continue
    if (mine.synonym) {
      // Where amount + VAT = another column row by row, the values have already said which is net.
      const twin = field === 'amount' && !net ? listedTwin(mine, all, columns, headers, sample) : null
      if (twin) ambiguous.push({ field, candidates: [mine, twin].map((s) => ({ column: s.column, header: headers[s.column]!, score: round(s.score), why: s.why })) })
      continue
    }
    const close = field === 'amount' ? MONEY_CLOSE : CLOSE
    const rivals = all.filter(
      (s) =>
        s.field === field &&
        s.column !== chosen &&
        !s.synonym &&
        mine.score - s.score < close &&
        !requiredTaken(columns, s.column, field) &&
        // A money column another field holds (the VAT) is no rival for the amount.
        !(field === 'amount' && Object.values(columns).includes(s.column)),
    )
    if (rivals.length) {
      ambiguous.push({ field, candidates: [mine, ...rivals].map((s) => ({ column: s.column, header: headers[s.column]!, score: round(s.score), why: s.why })) })
    }
  }

  const dateOrder = columns.date === undefined ? { order: 'day-first' as const, evidence: null, stated: false } : orderOfDates(headers, columns.date, sample, overrides)

  const payerOf = (column: number): { payer?: string } => {
    const payer = payerNamed(sample.map((row) => row[column] ?? ''))
    return payer === null ? {} : { payer }
  }
  for (const { field, candidates } of ambiguous) {
    if (field === 'supplier') for (const c of candidates) Object.assign(c, payerOf(c.column))
  }

  // A column of debit/credit markers signs the amount, even one an optional field took by its
  // header ("Document Type" holding "Invoice" and "Credit Note" is no reference or type of ours).
  // A column the user named with --map (or a profile saved from one) is read as they said, never as a sign.
  const held = new Set([...[...requiredFields, 'vat', 'currency'].map((f) => columns[f as Field]), ...choices.filter((c) => c.why === '--map' || c.why === 'profile').map((c) => c.column)].filter((c) => c !== undefined))
  const sign = debitCreditColumn(headers, sample, held)
  const doubt = sign && signDoubt(sample, sign, columns)
  if (sign && doubt) {
    ambiguous.push({ field: doubt.field, candidates: [{ column: sign.column, header: headers[sign.column]!, score: 1, why: 'values' }], sign: doubt })
  }
  if (sign && used.has(sign.column)) {
    const holder = choices.findIndex((c) => c.column === sign.column)
    if (holder >= 0) {
      delete columns[choices[holder]!.field]
      choices.splice(holder, 1)
    }
    used.delete(sign.column)
  }
  const named: Partial<Record<Field, string>> = {}
  for (const c of choices) named[c.field] = c.header
  choices.sort((a, b) => fields.indexOf(a.field) - fields.indexOf(b.field))
  return {
    columns,
    headers: named,
    choices,
    missing: requiredFields.filter((f) => columns[f] === undefined),
    ambiguous,
    unmapped: headers.filter((h, i) => !used.has(i) && h !== ''),
    vatBasis,
    signColumn: sign?.column ?? null,
    signLetters: sign?.letters ?? false,
    creditColumn: pair?.credit ?? null,
    dateOrder,
    amountInPence: columns.amount !== undefined && amountInPence(headers[columns.amount]!, sample.map((row) => row[columns.amount!] ?? '')),
    amountInThousands: columns.amount !== undefined && THOUSANDS_IN_HEADER.test(headers[columns.amount]!),
    accountingPeriods: columns.date === undefined ? null : (sample.map((row) => (row[columns.date!] ?? '').trim()).find((v) => accountingPeriodNumber(v) !== null) ?? null),
    ...(profileMissing ? { profileMissing } : {}),
    guesses: perColumn
      .map((scored, column) => ({
        column,
        header: headers[column]!,
        best: [...(scored ?? [])].sort((a, b) => b.score - a.score).slice(0, 2).map((s) => ({ field: s.field, score: round(s.score), why: s.why })),
        ...payerOf(column),
      }))
      .filter((g) => g.header !== '' || g.best.length > 0),
  }
}

/**
 * Another column the synonym table names as the amount about as strongly as the chosen one
 * ("Value" beside "Amount"), that no other field holds, no VAT-basis word sets apart, and whose
 * figures differ from the chosen column's on some row: which one is the payment is a guess.
 * Columns whose figures agree row by row are one amount published twice, and no rival.
 */
function listedTwin(mine: Scored, all: readonly Scored[], columns: ColumnMap, headers: readonly string[], sample: readonly (readonly string[])[]): Scored | null {
  const basis = (column: number) => vatBasisOfHeader(normaliseHeader(headers[column]!))
  const pence = (row: readonly string[], column: number) => {
    const a = parseAmount((row[column] ?? '').trim())
    return a.ok ? a.pence : null
  }
  for (const s of all) {
    if (s.field !== 'amount' || s.column === mine.column || !s.synonym || mine.score - s.score >= MONEY_CLOSE) continue
    if (Object.values(columns).includes(s.column) || basis(s.column) !== basis(mine.column)) continue
    if (sample.some((row) => {
      const a = pence(row, mine.column)
      const b = pence(row, s.column)
      return a !== null && b !== null && a !== b
    })) return s
  }
  return null
}

/**
 * A column headed debit and one headed credit ("Debit", "Credit", "Dr Amount", "Cr £"), both
 * money, hardly ever both non-zero on a row of the sample: a ledger's one signed amount in two columns.
 * Not when the file has an amount column of its own by a listed name (the debit/credit columns
 * then say something else), which the caller's `columns` shows.
 */
function debitAndCredit(
  headers: readonly string[],
  sample: readonly (readonly string[])[],
  columns: ColumnMap,
): { debit: number; credit: number; filled: number; credits: number } | null {
  const has = (i: number, ...words: string[]) => headerWords(headers[i]!).some((w) => words.includes(w))
  const debit = headers.findIndex((_, i) => has(i, 'debit', 'dr') && !has(i, 'credit', 'cr'))
  const credit = headers.findIndex((_, i) => has(i, 'credit', 'cr') && !has(i, 'debit', 'dr'))
  if (debit < 0 || credit < 0) return null
  if (columns.amount !== undefined && columns.amount !== debit && columns.amount !== credit && synonymMatch(headers[columns.amount]!, 'amount') !== null) return null
  let filled = 0
  let money = 0
  let both = 0
  let credits = 0
  for (const row of sample) {
    const d = (row[debit] ?? '').trim()
    const c = (row[credit] ?? '').trim()
    const pd = d === '' ? null : parseAmount(d)
    const pc = c === '' ? null : parseAmount(c)
    if (pd === null && pc === null) continue
    filled++
    if ((pd && !pd.ok) || (pc && !pc.ok)) continue
    if (pd?.ok && pc?.ok && pd.pence !== 0 && pc.pence !== 0) both++
    else if (pc?.ok && pc.pence !== 0) credits++
    money++
  }
  // A row with both is rejected when read; more than a few say the columns are something else.
  return filled > 0 && money >= 0.9 * filled && both <= 0.1 * filled ? { debit, credit, filled, credits } : null
}

/**
 * With a VAT column, the values say which amount is net: where amount + VAT = another column
 * on (nearly) every row, the amount is net; where another column + VAT = the amount, that
 * column is the net amount and is read instead (unless --map or a profile chose the amount).
 */
function netBesideVat(
  columns: ColumnMap,
  sample: readonly (readonly string[])[],
  headers: readonly string[],
  used: ReadonlySet<number>,
  overrides: Overrides | undefined,
): { column: number } | null {
  const amount = columns.amount
  const vat = columns.vat
  if (amount === undefined || vat === undefined || sample.length === 0) return null
  const pence = (row: readonly string[], i: number) => {
    const a = parseAmount((row[i] ?? '').trim())
    return a.ok ? a.pence : null
  }
  for (let other = 0; other < headers.length; other++) {
    // A column another field holds is not the net amount.
    if (other === amount || other === vat || used.has(other)) continue
    let rows = 0
    let amountIsNet = 0
    let otherIsNet = 0
    for (const row of sample) {
      const a = pence(row, amount)
      const v = pence(row, vat)
      const o = pence(row, other)
      // Rows without VAT say nothing about which is net.
      if (a === null || v === null || o === null || v === 0) continue
      rows++
      if (a + v === o) amountIsNet++
      if (o + v === a) otherIsNet++
    }
    if (rows === 0) continue
    if (amountIsNet >= 0.9 * rows) return { column: amount }
    if (otherIsNet >= 0.9 * rows) return overrides?.map.amount === undefined ? { column: other } : { column: amount }
  }
  return null
}

/**
 * Columns whose values run on from the row above by another column's value (row n = row n-1 +
 * that column, on nearly every row, in either order of rows): a running total or balance.
 */
/** "£000s", "£'000", "(000s)", "£k", "in thousands": the figures are thousands of pounds. */
const THOUSANDS_IN_HEADER = /£\s*'?000|\(\s*'?000s?\s*\)|\b000s\b|£\s*k\b|\(\s*£?k\s*\)|\bthousands?\b/i

/** Words of a public body's name: one of them on every row of a column names the body paying. */
const PUBLIC_BODY = /\b(council|borough|county|authority|department|ministry|police|commissioner|nhs|government|executive|agency)\b/i

/** The one value every non-empty cell holds, when there are at least two and it names a public body; else null. */
function payerNamed(values: readonly string[]): string | null {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '')
  if (filled.length < 2 || filled.some((v) => v.toLowerCase() !== filled[0]!.toLowerCase())) return null
  return PUBLIC_BODY.test(filled[0]!) ? filled[0]! : null
}

/**
 * A header that says pence ("Amount (pence)") over figures with no decimal point: the figures
 * are pence. A header that also names pounds ("Pounds and Pence", "£", "GBP") or a precision
 * ("to the nearest penny"), or a figure with a decimal point, is pounds: dividing those by 100
 * would make a total 100 times short.
 */
export function amountInPence(header: string, values: readonly string[]): boolean {
  if (!/\b(pence|pennies)\b/i.test(header)) return false
  // "(to the nearest penny)" is a precision, not a unit; any pounds word makes the unit pounds.
  if (/£|\bgbp\b|\bpounds?\b|\bsterling\b|\bnearest\b/i.test(header)) return false
  return !values.some((v) => /\.\d/.test(v))
}

export function runningTotals(sample: readonly (readonly string[])[], width: number): Set<number> {
  const found = new Set<number>()
  if (sample.length < 3) return found
  const pence: Array<Array<number | null>> = []
  const money: number[] = []
  for (let c = 0; c < width; c++) {
    const col = sample.map((row) => {
      const a = parseAmount((row[c] ?? '').trim())
      return a.ok ? a.pence : null
    })
    pence[c] = col
    if (col.filter((v) => v !== null).length >= 0.5 * sample.length) money.push(c)
  }
  for (const total of money) {
    for (const step of money) {
      if (step === total) continue
      let pairs = 0
      let forward = 0
      let backward = 0
      for (let n = 1; n < sample.length; n++) {
        const prev = pence[total]![n - 1]
        const cur = pence[total]![n]
        const sNow = pence[step]![n]
        const sPrev = pence[step]![n - 1]
        if (prev == null || cur == null || sNow == null || sPrev == null || sNow === 0 || sPrev === 0) continue
        pairs++
        if (cur === prev + sNow) forward++
        if (prev === cur + sPrev) backward++
      }
      if (pairs >= 2 && Math.max(forward, backward) >= 0.9 * pairs) {
        found.add(total)
        break
      }
    }
  }
  return found
}

/**
 * A column whose values are debit/credit markers: a credit marked there, beside a positive
 * amount, is a negative payment. Found by values whatever the header; the columns in `held`
 * (the date, amount, payee, VAT and currency) are left alone.
 */
function debitCreditColumn(headers: readonly string[], sample: readonly (readonly string[])[], held: ReadonlySet<number>): { column: number; letters: boolean } | null {
  for (let column = 0; column < headers.length; column++) {
    if (held.has(column)) continue
    const filled = sample.map((row) => (row[column] ?? '').trim()).filter((v) => v !== '')
    const letters = marksDebitCredit(headers[column]!)
    if (filled.length > 0 && filled.filter((v) => debitOrCredit(v, letters) !== null).length >= 0.9 * filled.length) return { column, letters }
  }
  return null
}

/**
 * The doubt about a sign column whose marked sample rows are more credits than debits, else
 * null: a file of payments is mostly debits, and one marked mostly "C" may mark its payments so.
 */
function signDoubt(sample: readonly (readonly string[])[], sign: { column: number; letters: boolean }, columns: ColumnMap): SignDoubt | null {
  let credits = 0, marked = 0
  for (const row of sample) {
    const marker = row[sign.column] ?? ''
    // A document's type says what it is: a file of refunds is mostly credit notes. Only a
    // ledger's side (D/C, DR/CR, Debit/Credit) can mark every payment of a cash book "C".
    if (DOCUMENT_TYPE.test(marker)) continue
    const side = debitOrCredit(marker, sign.letters)
    if (side === null) continue
    marked++
    if (side === 'credit') credits++
  }
  if (credits * 2 <= marked) return null
  // A text field no other column holds, so the --map loses nothing else.
  const field = (['description', 'transactionRef', 'serviceDivision', 'expenseCategory'] as const).find((f) => columns[f] === undefined) ?? 'description'
  return { credits, marked, field }
}

const DOCUMENT_TYPE = /\b(invoice|note|memo|refund|receipt)\b/i

/** "D/C", "Dr/Cr", "Debit or Credit": a header that says its column marks debits and credits. */
export function marksDebitCredit(header: string): boolean {
  const words = headerWords(header)
  return /^\s*d\s*[/|]?\s*c\s*$/i.test(header) || (words.some((w) => w === 'debit' || w === 'dr') && words.some((w) => w === 'credit' || w === 'cr'))
}

function synonymOnly(header: string, field: Field): Scored | null {
  const hit = synonymMatch(header, field, false)
  return hit === null ? null : { field, column: -1, score: hit, synonym: true, why: 'header words' }
}

/** The order of the date column's numeric dates: as its header, or the --map naming it, states; else from its values. */
function orderOfDates(headers: readonly string[], column: number, sample: readonly (readonly string[])[], overrides: Overrides | undefined): Inference['dateOrder'] {
  const mapped = overrides?.map.date
  const header = mapped !== undefined && statedDateOrder(mapped) ? mapped : headers[column]!
  return dateOrderOf(sample.map((row) => row[column] ?? ''), header)
}

/** A column another required field holds is no rival. */
function requiredTaken(columns: ColumnMap, column: number, field: Field): boolean {
  return requiredFields.some((f) => f !== field && columns[f] === column)
}

/** The column a --map or profile header names: exactly (trimmed, any case), else by its normalised form. */
export function findHeaderIndex(headers: readonly string[], wanted: string): number {
  const w = wanted.trim().toLowerCase()
  const exact = headers.findIndex((h) => h.trim().toLowerCase() === w)
  if (exact >= 0) return exact
  const normal = normaliseHeader(wanted, false)
  return normal === '' ? -1 : headers.findIndex((h) => normaliseHeader(h, false) === normal)
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}

