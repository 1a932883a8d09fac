// The column synonym table: which published header means which of our fields — one input to the
// column inference (infer.ts), which also weighs header words and values. README
// "Ingesting spend files" prints this table; to add a synonym, add its normalised form
// (see normaliseHeader) to the field's list and a case to test/ingest/spend/columns.test.ts.
import { distance } from 'fastest-levenshtein'
import type { VatBasis } from '../../schema/tables/enums'

export const fields = [
  'body',
  'bodyCode',
  'date',
  'amount',
  'supplier',
  'supplierRef',
  'companyNumber',
  'payeeType',
  'expenseCategory',
  'expenseType',
  'expenseCode',
  'serviceArea',
  'serviceDivision',
  'description',
  'transactionRef',
  'vat',
  'currency',
  'capitalOrRevenue',
] as const
export type Field = (typeof fields)[number]

/** A file without these is refused: a payment needs a date column, an amount and a payee. */
export const requiredFields: readonly Field[] = ['date', 'amount', 'supplier']

export interface FieldSynonyms {
  field: Field
  meaning: string
  /** Normalised headers, most specific first: when two headers of a file match one field, the earlier synonym wins. */
  synonyms: readonly string[]
  /** Headers that match none of the synonyms but end like these (e.g. "HBC Ref No.") — tried last. */
  endings?: readonly string[]
  /** When the field is already taken by a more specific header, a less specific one lands here. */
  overflow?: Field
}

export const synonymTable: readonly FieldSynonyms[] = [
  {
    field: 'body',
    meaning: 'the public body that paid (name, alias or code)',
    synonyms: [
      'body name', 'organisation name', 'authority name', 'council name', 'local authority name', 'public body name',
      'entity', 'body', 'organisation', 'authority', 'council', 'local authority', 'public body', 'client', 'buyer',
      'paying body',
    ],
    overflow: 'bodyCode',
  },
  {
    field: 'bodyCode',
    meaning: 'a code or URI for the body, tried when the body column does not resolve',
    synonyms: ['body uri', 'body code', 'body id', 'organisation code', 'organisation uri', 'authority code', 'council code', 'gss code', 'ons code', 'la code'],
  },
  {
    field: 'date',
    meaning: 'when the payment was made',
    synonyms: [
      'payment date', 'date paid', 'paid date', 'date of payment', 'payment made date', 'paid on', 'transaction date',
      'date of transaction', 'invoice payment date', 'cheque date', 'posting date', 'posted date', 'effective date',
      'value date', 'date', 'invoice date',
    ],
  },
  {
    field: 'amount',
    meaning: 'the amount paid, signed (credits negative)',
    synonyms: [
      'amount paid', 'net amount', 'amount net', 'net amount paid', 'amount excluding vat', 'amount ex vat',
      'amount exc vat', 'amount excl vat', 'net value', 'payment amount', 'paid amount', 'transaction amount',
      'line amount', 'invoice amount', 'amount', 'net', 'value', 'total', 'total amount', 'gross amount',
      'amount including vat', 'amount inc vat', 'gross', 'expenditure', 'spend', 'sum',
    ],
  },
  {
    field: 'supplier',
    meaning: 'who was paid (the payee name as published)',
    synonyms: [
      'supplier name', 'supplier', 'payee name', 'payee', 'beneficiary name', 'beneficiary', 'vendor name', 'vendor',
      'creditor name', 'creditor', 'merchant name', 'merchant', 'recipient name', 'recipient', 'paid to',
      'company name', 'supplier name redacted', 'name',
    ],
  },
  {
    field: 'supplierRef',
    meaning: "the body's own id for the payee",
    synonyms: [
      'supplier id', 'supplier number', 'supplier no', 'supplier code', 'supplier ref', 'supplier reference',
      'vendor id', 'vendor number', 'vendor code', 'creditor id', 'creditor number', 'creditor code', 'payee id',
      'beneficiary id',
    ],
  },
  {
    field: 'companyNumber',
    meaning: "the payee's Companies House number (used to match suppliers by identifier)",
    synonyms: ['company number', 'company no', 'companies house number', 'company registration number', 'company reg no', 'registered company number'],
  },
  {
    field: 'payeeType',
    meaning: 'what kind of payee (values like "Individual" mark a person)',
    synonyms: ['supplier type', 'payee type', 'vendor type', 'beneficiary type', 'creditor type', 'type of payee', 'type of supplier'],
  },
  {
    field: 'expenseType',
    meaning: 'what the money was spent on (the most detailed heading)',
    synonyms: [
      'detailed expenditure type', 'detailed expense type', 'detailed expenses type', 'expenditure type detail',
      'expense type', 'expenses type', 'expenditure type', 'expense description', 'expenditure description',
      'account detail', 'account description', 'account name', 'subjective description', 'subjective',
      'cost type', 'spend type', 'purpose of expenditure', 'expense area', 'expenditure category', 'expense category',
      'expenses category', 'spend category', 'category',
    ],
    overflow: 'expenseCategory',
  },
  {
    field: 'expenseCategory',
    meaning: 'the broader heading when a file has two levels',
    synonyms: ['expenditure group', 'expense group', 'category group', 'proclass description', 'proclass'],
  },
  {
    field: 'expenseCode',
    meaning: 'the account or expense code',
    synonyms: [
      'detailed expenditure code', 'expenditure code', 'expense code', 'expenses code', 'account code', 'subjective code',
      'cost code', 'nominal code', 'ledger code', 'gl code', 'expense type code', 'proclass code',
    ],
  },
  {
    field: 'serviceArea',
    meaning: 'which part of the body spent it',
    synonyms: [
      'department area', 'directorate', 'department', 'service area', 'service label', 'service', 'service area name',
      'organisational unit', 'service cost centre', 'cost centre name', 'cost centre', 'business unit', 'portfolio',
      'responsible unit', 'service division', 'division',
    ],
    overflow: 'serviceDivision',
  },
  {
    field: 'serviceDivision',
    meaning: 'the finer unit when a file has two levels',
    synonyms: ['service division label', 'service subdivision', 'sub service', 'service sub area', 'team', 'section'],
  },
  {
    field: 'description',
    meaning: 'free-text description of the payment',
    synonyms: [
      'description', 'purpose', 'purpose of spend', 'narrative', 'details', 'item description', 'line description',
      'invoice description', 'transaction description', 'payment description', 'summary of purpose',
    ],
  },
  {
    field: 'transactionRef',
    meaning: "the body's reference for the transaction",
    synonyms: [
      'transaction number', 'transaction no', 'trans no', 'transaction id', 'transaction reference', 'transaction ref',
      'payment reference', 'payment ref', 'payment number', 'invoice number', 'invoice no', 'invoice ref',
      'invoice reference', 'document number', 'document no', 'voucher number', 'voucher no', 'reference',
      'reference number', 'ref', 'ref no',
    ],
    endings: ['ref no', 'ref number', 'reference', 'reference no', 'reference number', 'transaction no'],
  },
  {
    field: 'vat',
    meaning: 'VAT: an amount, or a marker such as "Inc" / "Exc"',
    synonyms: ['vat', 'vat amount', 'vat value', 'vat paid', 'irrecoverable vat'],
  },
  {
    field: 'currency',
    meaning: 'the currency of the amount (GBP when there is no column)',
    synonyms: ['currency', 'currency code', 'ccy', 'transaction currency'],
  },
  {
    field: 'capitalOrRevenue',
    meaning: 'capital or revenue spending',
    synonyms: [
      'capital or revenue', 'capital revenue', 'revenue or capital', 'revenue capital', 'cap rev', 'capital revenue indicator',
      'type of expenditure', 'expenditure nature', 'type',
    ],
  },
]

// Every word the synonyms use: the dictionary misspelt header words are corrected against.
const dictionary = [...new Set(synonymTable.flatMap((s) => [...s.synonyms, ...(s.endings ?? [])].flatMap((x) => x.split(' '))))]
const bySynonym = new Map<string, { field: Field; rank: number }>()
for (const entry of synonymTable) {
  entry.synonyms.forEach((synonym, rank) => {
    if (bySynonym.has(synonym)) throw new Error(`synonym "${synonym}" is listed twice`)
    bySynonym.set(synonym, { field: entry.field, rank })
  })
}
const bySpec = new Map(synonymTable.map((s) => [s.field, s]))

/**
 * A header cell -> the form synonyms are written in: lower case, no accents, `£`, `(£)`,
 * `(GBP)`, mojibake `Â£` and punctuation dropped, `&` as "and", spaces collapsed, and each word
 * within one or two edits of a synonym word corrected ("Catergory" -> "category",
 * "divison" -> "division").
 */
export function normaliseHeader(cell: string, correct = true): string {
  const s = cell
    .replace(/^\ufeff/, '')
    .replace(/Â£|£|œ|€|\$|\bgbp\b/gi, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  if (s === '') return ''
  return correct ? s.split(' ').map(correctWord).join(' ') : s
}

const corrected = new Map<string, string>()
function correctWord(word: string): string {
  if (word.length < 5 || word.length > 24 || /\d/.test(word)) return word
  const cached = corrected.get(word)
  if (cached !== undefined) return cached
  let best = word
  if (!dictionary.includes(word)) {
    const allowed = word.length >= 8 ? 2 : 1
    let bestDistance = allowed + 1
    for (const candidate of dictionary) {
      if (Math.abs(candidate.length - word.length) > allowed) continue
      if (otherForm(word, candidate)) continue
      const d = distance(word, candidate)
      if (d < bestDistance) {
        bestDistance = d
        best = candidate
      }
    }
  }
  if (corrected.size >= 10_000) corrected.clear()
  corrected.set(word, best)
  return best
}

/**
 * A derived ending is a different word, not a typo: "payer" is not "payee", "supplied" is not
 * "supplier", "employer" is not "employee". Same stem, a different suffix in the last letters.
 */
const SUFFIX = /(er|ee|ed|or|es|al|ly|ng|ty|nt)$/
function otherForm(word: string, candidate: string): boolean {
  if (word.length !== candidate.length) return false
  const stem = word.length - 2
  return word.slice(0, stem) === candidate.slice(0, stem) && SUFFIX.test(word) && SUFFIX.test(candidate)
}

export type ColumnMap = Partial<Record<Field, number>>

const normalisedCache = new Map<string, string>()
function normalisedOnce(cell: string, correct: boolean): string {
  const key = correct ? cell : `\u0000${cell}`
  let n = normalisedCache.get(key)
  if (n === undefined) {
    if (normalisedCache.size >= 10_000) normalisedCache.clear()
    normalisedCache.set(key, (n = normaliseHeader(cell, correct)))
  }
  return n
}

/**
 * The synonym table as one input to inference (infer.ts): how strongly a header names `field`
 * through a listed synonym — 1 for the most specific, a little less down the list, 0.8 for a
 * listed ending — or null when no synonym of the field matches.
 */
export function synonymMatch(cell: string, field: Field, correct = true, brackets = true): number | null {
  const header = normalisedOnce(cell, correct)
  if (header === '') return null
  const hit = bySynonym.get(header) ?? (brackets ? bySynonym.get(outsideBrackets(cell, correct)) : undefined)
  if (hit) return hit.field === field ? 1 - 0.005 * hit.rank : null
  const endings = bySpec.get(field)?.endings
  if (endings?.some((e) => header === e || header.endsWith(` ${e}`))) return 0.8
  return null
}

/**
 * A header without its bracketed notes ("Date (dd/mm/yyyy)" -> "date", "Amount [GBP]" ->
 * "amount"): a unit or format note under or beside a listed synonym leaves it that synonym.
 * The notes are still read where they carry meaning (VAT basis, currency) from the whole header.
 */
function outsideBrackets(cell: string, correct: boolean): string {
  if (!/[([]/.test(cell)) return ''
  return normalisedOnce(cell.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '), correct)
}

/** The normalised synonyms of a field, most specific first. */
export function synonymsOf(field: Field): readonly string[] {
  return bySpec.get(field)?.synonyms ?? []
}

/** "Net Amount" says net; "Gross" or "inc VAT" says gross; anything else is unknown. */
export function vatBasisOfHeader(normalisedHeader: string): VatBasis {
  if (/\b(net|excluding|excl|exc|ex|exclusive)\b/.test(normalisedHeader)) return 'net'
  if (/\b(gross|including|incl|inc|inclusive)\b/.test(normalisedHeader)) return 'gross'
  return 'unknown'
}
