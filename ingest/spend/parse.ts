// Values as published -> our values. Pure, no I/O. Money never touches a float: amounts are
// parsed from their digits into integer pence, and sums are BigInt.
import type { Currency, DatePrecision } from '../../schema/tables/enums'
import { detach } from '../resolve/detach'

/**
 * A cell without the marks a spreadsheet export puts on text it must not reformat: a leading
 * apostrophe ('01/06/2019) or an Excel formula of a string (="1234.56"). What is inside is the value.
 */
function textOf(cell: string): string {
  const text = cell.trim()
  if (text.startsWith("'")) return text.slice(1).trim()
  const formula = /^="(.*)"$/.exec(text)
  return formula ? formula[1]!.replace(/""/g, '"').trim() : text
}

// ---------------------------------------------------------------------------------------------
// Dates

export type ParsedDate =
  | { ok: true; on: string; precision: Exclude<DatePrecision, 'unknown'> }
  | { ok: true; on: null; precision: 'unknown'; why: string }
  | { ok: false; reason: string }

/** Months by their first three letters: every English spelling of a month starts with these. */
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
}
const MONTH_WORD = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?'

// A time after the date: "10:30", "10:30:00", or with dots after a space ("03/04/2024 10.30").
const TIME = '(?:(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?|\\s+(?:[01]?\\d|2[0-3])\\.[0-5]\\d(?:\\.[0-5]\\d)?)(?:\\s?[ap]m)?(?:Z|[+-]\\d{2}:?\\d{2})?)?'
const DMY = new RegExp(`^(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4}|\\d{2})${TIME}$`, 'i')
const YMD = new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${TIME}$`, 'i')
const D_MON_Y = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?[\\s\\-/.]*(${MONTH_WORD})[a-z]*\\.?[\\s\\-/.,]*(\\d{4}|\\d{2})${TIME}$`, 'i')
const MON_D_Y = new RegExp(`^(${MONTH_WORD})[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}$`, 'i')
const MON_Y = new RegExp(`^(${MONTH_WORD})[a-z]*\\.?[\\s\\-/.,]*(\\d{4}|\\d{2})$`, 'i')
const YM = /^(\d{4})-(\d{2})$/
// "Tuesday, 11 June 2019", "Tue 11/06/2019": a long date names the weekday first; the date is the rest.
// A weekday that contradicts the date says one of them is wrong: the row is rejected, never dated by a guess.
const WEEKDAY = /^(mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+(?=\d|[a-z]{3})/i
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
// An accounting period of a financial year: "P03 2023/24", "2023-24 P3", "Period 3 2023/24".
const PERIOD_WORD = '(?:p|per|period)\\s*\\.?\\s*(\\d{1,2})'
const FISCAL_YEAR = '(\\d{4})\\s*[/-]\\s*(\\d{2}|\\d{4})'
const PERIOD_YEAR = new RegExp(`^${PERIOD_WORD}[\\s,/-]+(?:fy\\s*)?${FISCAL_YEAR}$`, 'i')
const YEAR_PERIOD = new RegExp(`^(?:fy\\s*)?${FISCAL_YEAR}[\\s,/-]+${PERIOD_WORD}$`, 'i')
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
const SERIAL = /^(\d{5})(?:\.\d+)?$/
const TIME_ONLY = /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]m)?$/i
// Excel's day zero and its neighbours, and placeholders: no date information at all.
const NO_DATE = /^(?:0+|0{1,2}[/.-]0{1,2}[/.-]0{2,4}|0{4}-0{2}-0{2}|0?0[/.-]0?1[/.-]1900|1900-01-0[01]|3[01][/.-]12[/.-]1899|1899-12-3[01]|n\/?a|#n\/a|#value!|#ref!|-+|\?+|tbc|unknown|null|none|not known)$/i

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (spend data starts in 2010). */
function fullYear(y: string): number {
  const n = Number(y)
  if (y.length === 4) return n
  return n < 70 ? 2000 + n : 1900 + n
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function day(y: number, m: number, d: number, text: string): ParsedDate {
  if (m < 1 || m > 12) return { ok: false, reason: `"${text}" has no month ${m}` }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  if (d < 1 || d > last) return { ok: false, reason: `"${text}" is not a day: ${pad(m)}/${y} has ${last} days` }
  if (y < 1990 || y > 2100) return { ok: false, reason: `"${text}" has an implausible year ${y}` }
  return { ok: true, on: `${y}-${pad(m)}-${pad(d)}`, precision: 'day' }
}

/**
 * A payment date as published: dd/mm/yyyy, dd/mm/yy, dd-mm-yyyy, dd.mm.yyyy, 26-May-11,
 * 6 Jun 2023, June 6, 2023, ISO (with or without time), yyyymmdd, Excel serials, and months
 * ("May 2011", "2011-05"). Day-first always: these are UK files. A cell that carries no date
 * ("", "00:00:00", "0", "00/01/1900", "N/A") is unknown, never invented; a cell that looks like
 * a date but is not one ("31/02/2023", "hello") is an error for the row.
 */
export function parseDate(cell: string, order: DateOrder = 'day-first'): ParsedDate {
  // A file has a few hundred distinct dates over many thousand rows.
  const memo = order === 'day-first' ? dateMemo : monthFirstMemo
  const hit = memo.get(cell)
  if (hit) return hit
  const parsed = readDate(cell, order)
  if (memo.size >= 10_000) memo.clear()
  memo.set(detach(cell), parsed)
  return parsed
}
const dateMemo = new Map<string, ParsedDate>()
const monthFirstMemo = new Map<string, ParsedDate>()

/** Which number of "04/13/2023" is the month. UK files are day-first; a US export is month-first. */
export type DateOrder = 'day-first' | 'month-first'

/** Distinct cells, at least, that must prove month-first before a file is read so: one typo is not a file's order. */
export const MONTH_FIRST_EVIDENCE = 3

/**
 * The order a column's numeric dates are written in. A header that states it ("Payment Date
 * (dd/mm/yyyy)", "mm/dd/yy") is taken at its word. Otherwise month-first only when several
 * distinct cells can only be month-first ("04/13/2023") and none can only be day-first
 * ("13/04/2023"); else day-first, the UK default. `evidence` is the header or the first
 * month-first cell; `stated` says the header settled it (a row against it is then a bad date,
 * not a sign the whole file was misread).
 */
export function dateOrderOf(values: Iterable<string>, header = ''): { order: DateOrder; evidence: string | null; stated: boolean } {
  const said = statedDateOrder(header)
  if (said) return { order: said, evidence: header.trim(), stated: true }
  const monthFirst = new Set<string>()
  for (const raw of values) {
    const m = DMY.exec(textOf(raw))
    if (!m) continue
    const first = Number(m[1])
    const second = Number(m[2])
    if (first > 12 && second <= 12) return { order: 'day-first', evidence: null, stated: false }
    if (second > 12 && first <= 12) monthFirst.add(raw.trim())
  }
  return monthFirst.size < MONTH_FIRST_EVIDENCE ? { order: 'day-first', evidence: null, stated: false } : { order: 'month-first', evidence: [...monthFirst][0]!, stated: false }
}

/**
 * The months a file's numeric dates fall in read each way, while none settles the order (every
 * day and month 12 or under, as in a US export of the 1st to the 12th of a month). A file read
 * the wrong way round scatters its payments over many months: when read day first they spread
 * over at least three times as many months as read month first (and at least three), which
 * order is meant is a guess that decides every date.
 */
export class DateOrderWitness {
  private readonly dayFirst = new Set<string>()
  private readonly monthFirst = new Set<string>()
  settled = false
  example: string | null = null
  /** Every doubtful date so far is the 1st of a month read day first ("01/04/2023", "01/05/2023"). */
  private monthStarts = true

  see(text: string): void {
    if (this.settled) return
    const m = DMY.exec(textOf(text))
    if (!m) return
    const first = Number(m[1])
    const second = Number(m[2])
    if (first > 12 || second > 12) {
      this.settled = true
      return
    }
    if (first === second || first === 0 || second === 0) return
    if (first !== 1) this.monthStarts = false
    const y = fullYear(m[3]!)
    this.dayFirst.add(`${y}-${second}`)
    this.monthFirst.add(`${y}-${first}`)
    this.example ??= text.trim()
  }

  /**
   * Null when the day-first reading is not in doubt; else the months each reading spans. Dates
   * all on the 1st of a month day first are a month-start series (a monthly grant, a rent), read
   * day first as UK files are. (A US export of one January alone would read so too: nothing in
   * the dates tells the two apart, and the UK reading is the default.)
   */
  doubt(): { dayFirstMonths: number; monthFirstMonths: number; example: string } | null {
    if (this.monthStarts) return null
    if (this.settled || this.example === null || this.dayFirst.size < 3 || this.monthFirst.size * 3 > this.dayFirst.size) return null
    return { dayFirstMonths: this.dayFirst.size, monthFirstMonths: this.monthFirst.size, example: this.example }
  }
}

/** A header's note of its dates' order ("(mm/dd/yyyy)", "MM-DD-YY") taken out: the header as published. */
export function withoutDateOrderNote(header: string): string {
  return header.replace(/[([]?\s*\b(?:dd?|mm?)\s*[/.\-]\s*(?:dd?|mm?)\s*[/.\-]\s*(?:yy){1,2}\b\s*[)\]]?/i, ' ').replace(/\s+/g, ' ').trim()
}

/** "dd/mm/yyyy" or "mm-dd-yy" in a header: the order the publisher says its dates are in. */
export function statedDateOrder(header: string): DateOrder | null {
  if (/\bdd?\s*[/.\-]\s*mm?\s*[/.\-]\s*(yy){1,2}\b/i.test(header)) return 'day-first'
  if (/\bmm?\s*[/.\-]\s*dd?\s*[/.\-]\s*(yy){1,2}\b/i.test(header)) return 'month-first'
  return null
}

/** True when `text` is a numeric date that only the order other than `order` can read ("13/04/2023" month-first). */
export function onlyOtherOrder(text: string, order: DateOrder): boolean {
  const m = DMY.exec(textOf(text))
  if (!m) return false
  const first = Number(m[1])
  const second = Number(m[2])
  return order === 'day-first' ? second > 12 && second <= 31 && first <= 12 : first > 12 && first <= 31 && second <= 12
}

function readDate(cell: string, order: DateOrder): ParsedDate {
  const text = textOf(cell)
  if (text === '') return { ok: true, on: null, precision: 'unknown', why: 'empty' }
  if (TIME_ONLY.test(text)) return { ok: true, on: null, precision: 'unknown', why: `time only (${text})` }
  if (NO_DATE.test(text)) return { ok: true, on: null, precision: 'unknown', why: `no date (${text})` }
  const weekday = WEEKDAY.exec(text)
  if (weekday) {
    const date = readDate(text.slice(weekday[0].length), order)
    if (!date.ok || date.on === null || date.on.length !== 10) return date
    const actual = WEEKDAYS[new Date(`${date.on}T00:00:00Z`).getUTCDay()]!
    const named = WEEKDAYS.find((w) => w.startsWith(weekday[1]!.toLowerCase().slice(0, 3)))!
    return actual === named ? date : { ok: false, reason: `"${truncate(text)}": ${date.on} was a ${actual[0]!.toUpperCase()}${actual.slice(1)}, not a ${named[0]!.toUpperCase()}${named.slice(1)}` }
  }
  let m = DMY.exec(text)
  if (m && order === 'month-first') {
    const result = day(fullYear(m[3]!), Number(m[1]), Number(m[2]), text)
    if (!result.ok && Number(m[1]) > 12) return { ok: false, reason: `"${text}" is not month/day/year, as the file's other dates are` }
    return result
  }
  if (m) {
    const result = day(fullYear(m[3]!), Number(m[2]), Number(m[1]), text)
    if (!result.ok && Number(m[2]) > 12 && Number(m[1]) <= 12) {
      return { ok: false, reason: `"${text}" is not day/month/year, as the file's other dates are; a file whose dates are all month-first is read month-first` }
    }
    return result
  }
  if ((m = YMD.exec(text))) return day(Number(m[1]), Number(m[2]), Number(m[3]), text)
  if ((m = D_MON_Y.exec(text))) return day(fullYear(m[3]!), monthOf(m[2]!), Number(m[1]), text)
  if ((m = MON_D_Y.exec(text))) return day(Number(m[3]), monthOf(m[1]!), Number(m[2]), text)
  if ((m = COMPACT.exec(text))) return day(Number(m[1]), Number(m[2]), Number(m[3]), text)
  if ((m = SERIAL.exec(text))) return fromExcelSerial(Number(m[1]), text)
  if ((m = MON_Y.exec(text))) return month(fullYear(m[2]!), monthOf(m[1]!), text)
  if ((m = YM.exec(text))) return month(Number(m[1]), Number(m[2]), text)
  if ((m = PERIOD_YEAR.exec(text))) return accountingPeriod(Number(m[1]), m[2]!, m[3]!, text)
  if ((m = YEAR_PERIOD.exec(text))) return accountingPeriod(Number(m[3]), m[1]!, m[2]!, text)
  return { ok: false, reason: `"${truncate(text)}" is not a date we can read` }
}

function monthOf(word: string): number {
  return MONTHS[word.toLowerCase().slice(0, 3)] ?? 0
}

function month(y: number, m: number, text: string): ParsedDate {
  if (m < 1 || m > 12) return { ok: false, reason: `"${text}" has no month ${m}` }
  if (y < 1990 || y > 2100) return { ok: false, reason: `"${text}" has an implausible year ${y}` }
  return { ok: true, on: `${y}-${pad(m)}`, precision: 'month' }
}

/** The period's number when `cell` names an accounting period of a financial year ("P13 2023/24" -> 13), else null. */
export function accountingPeriodNumber(cell: string): number | null {
  const text = textOf(cell)
  const m = PERIOD_YEAR.exec(text)
  if (m) return Number(m[1])
  const y = YEAR_PERIOD.exec(text)
  return y ? Number(y[3]) : null
}

/**
 * Period n of a UK public body's financial year, which runs April to March: P01 2023/24 is
 * April 2023, P09 December 2023, P12 March 2024. Read to the month, as the source states no
 * day. Periods 13 and over (year-end adjustments some ledgers keep) fall in no month.
 */
function accountingPeriod(n: number, first: string, second: string, text: string): ParsedDate {
  const start = Number(first)
  const end = second.length === 4 ? Number(second) : Math.floor(start / 100) * 100 + Number(second)
  if (end !== start + 1 && !(second.length === 2 && end === start - 99)) return { ok: false, reason: `"${text}" names no financial year we can read` }
  if (n < 1 || n > 12) return { ok: false, reason: `"${text}" is period ${n}, which is no month of the financial year (periods 1 to 12 run April to March)` }
  return n <= 9 ? month(start, n + 3, text) : month(start + 1, n - 9, text)
}

/** Excel's 1900 date system: serial 1 is 1900-01-01 and (Lotus's bug) 1900-02-29 exists. */
function fromExcelSerial(serial: number, text: string): ParsedDate {
  const date = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000)
  return day(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), text)
}

// ---------------------------------------------------------------------------------------------
// Money

export type ParsedAmount =
  | { ok: true; pence: number; currency: Currency | null; rounded: boolean }
  | { ok: false; reason: string; missing?: boolean }

const SYMBOLS: Array<[RegExp, Currency]> = [
  [/£|GBP/i, 'GBP'],
  [/€|EUR/i, 'EUR'],
  [/US\$|\$|USD/i, 'USD'],
]
const PLAIN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/
const NUMBER = /^(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?$/
const SCIENTIFIC = /^(\d+)(?:\.(\d+))?e([+-]?\d{1,2})$/i
const MAX_DIGITS = 13 // £99,999,999,999.99: keeps every amount an exact JS integer of pence

/**
 * An amount as published -> signed integer pence. Accepts £/€/$ or a currency code, thousands
 * separators, spaces, `(1,234.56)`, a leading or trailing minus, `CR` (credit, negative) and
 * `DR`. More than two decimals are rounded half away from zero (Excel float residue such as
 * 1336.2000000000001) and flagged. Returns the currency a symbol names, if any.
 */
export function parseAmount(cell: string): ParsedAmount {
  // Most amounts are plain ("528", "1336.2", "-9.90"): read them without the general path.
  const plain = PLAIN.exec(cell)
  if (plain) {
    const whole = plain[2]!
    if (whole.length <= MAX_DIGITS) {
      const pence = Number(whole) * 100 + Number(((plain[3] ?? '') + '00').slice(0, 2))
      return { ok: true, pence: plain[1] && pence !== 0 ? -pence : pence, currency: null, rounded: false }
    }
  }
  // "Â£", "Â " (a no-break space): UTF-8's £ and no-break space read as Windows-1252, as in a
  // UTF-8 file that one stray Windows-1252 byte made undecodable as UTF-8.
  let text = textOf(cell).replace(/\u00c2(?=[£\u00a0])/g, '')
  if (text === '' || /^-+$/.test(text)) return { ok: false, reason: 'no amount', missing: true }
  let currency: Currency | null = null
  for (const [re, code] of SYMBOLS) {
    if (re.test(text)) {
      if (currency) return { ok: false, reason: `"${truncate(cell)}" names two currencies` }
      currency = code
      text = text.replace(re, '')
    }
  }
  text = text.replace(/[\s\u00a0\u202f\u2009']/g, '')
  let negative = false
  let signs = 0
  if (/^\(.*\)$/.test(text)) {
    negative = true
    signs++
    text = text.slice(1, -1)
  }
  let mark = /(CR|DR)$/i.exec(text)
  if (mark) text = text.slice(0, -2)
  else if ((mark = /^(CR|DR)/i.exec(text))) text = text.slice(2)
  if (mark && mark[1]!.toUpperCase() === 'CR') {
    negative = true
    signs++
  }
  if (text.startsWith('-') || text.startsWith('\u2212')) {
    negative = true
    signs++
    text = text.slice(1)
  } else if (text.startsWith('+')) {
    text = text.slice(1)
  }
  if (text.endsWith('-') || text.endsWith('\u2212')) {
    negative = true
    signs++
    text = text.slice(0, -1)
  }
  if (signs > 1) return { ok: false, reason: `"${truncate(cell)}" is marked negative twice` }

  let whole: string
  let fraction: string
  const sci = SCIENTIFIC.exec(text)
  if (sci) {
    const digits = (sci[1] ?? '') + (sci[2] ?? '')
    const point = (sci[1] ?? '').length + Number(sci[3])
    if (point < 0 || point > MAX_DIGITS) return { ok: false, reason: `"${truncate(cell)}" is out of range` }
    whole = digits.slice(0, point).padEnd(point, '0')
    fraction = digits.slice(point)
  } else {
    const m = NUMBER.exec(text)
    if (!m || (m[1] === undefined && !m[2])) return { ok: false, reason: `"${truncate(cell)}" is not an amount` }
    whole = (m[1] ?? '0').replace(/,/g, '')
    fraction = m[2] ?? ''
  }
  whole = whole.replace(/^0+(?=\d)/, '')
  if (whole.length > MAX_DIGITS) return { ok: false, reason: `"${truncate(cell)}" is implausibly large` }
  let pence = Number(whole) * 100 + Number((fraction.slice(0, 2) + '00').slice(0, 2))
  const rest = fraction.slice(2)
  const rounded = /[1-9]/.test(rest)
  if (rounded && rest.charCodeAt(0) >= 53 /* '5' */) pence += 1
  return { ok: true, pence: negative && pence !== 0 ? -pence : pence, currency, rounded }
}

/**
 * An exact running sum of pence. Each amount is below 10^13 pence, so a JS integer holds the
 * running part exactly until it passes 4 * 10^15; it is then folded into a BigInt. Cheaper per
 * row than a BigInt addition, and never rounded.
 */
export class PenceSum {
  private small = 0
  private big = 0n
  count = 0

  add(pence: number): void {
    this.small += pence
    this.count++
    if (this.small > 4e15 || this.small < -4e15) {
      this.big += BigInt(this.small)
      this.small = 0
    }
  }

  get value(): bigint {
    return this.big + BigInt(this.small)
  }
}

// A debit/credit marker beside an amount: ledger codes ("DR", "CR") or document types
// ("Invoice", "Credit Note"). A credit note published as a positive figure is money back.
const DEBIT_MARK = /^(?:dr|db|debit|debit note|invoice|inv|purchase invoice|standard invoice)\.?$/i
const CREDIT_MARK = /^(?:cr|credit|credit note|credit memo|cr note|crn|credit invoice|purchase credit|purchase credit note)\.?$/i

/**
 * What a debit/credit cell says: 'credit' (the payment is negative), 'debit', or null for
 * anything else. Single letters ("D", "C") only when `letters`: the column's header says it
 * marks debits and credits ("D/C", "Dr/Cr"), as a lone "C" could be any code.
 */
export function debitOrCredit(cell: string, letters = false): 'debit' | 'credit' | null {
  const text = cell.trim().replace(/\s+/g, ' ')
  if (CREDIT_MARK.test(text) || (letters && /^c$/i.test(text))) return 'credit'
  if (DEBIT_MARK.test(text) || (letters && /^d$/i.test(text))) return 'debit'
  return null
}

/** Exact decimal string of pence: -68883n -> "-688.83". */
export function formatPence(pence: bigint | number): string {
  const p = BigInt(pence)
  const negative = p < 0n
  const abs = negative ? -p : p
  const pounds = abs / 100n
  const rest = abs % 100n
  return `${negative ? '-' : ''}${pounds}.${rest.toString().padStart(2, '0')}`
}

// ---------------------------------------------------------------------------------------------
// Currency

const CURRENCY_WORDS: Record<string, Currency> = {
  gbp: 'GBP', '£': 'GBP', sterling: 'GBP', 'pound sterling': 'GBP', 'pounds sterling': 'GBP', pounds: 'GBP', uk: 'GBP',
  eur: 'EUR', '€': 'EUR', euro: 'EUR', euros: 'EUR',
  usd: 'USD', $: 'USD', 'us$': 'USD', dollar: 'USD', dollars: 'USD', 'us dollar': 'USD', 'us dollars': 'USD',
}

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'))
// ISO codes that are also everyday words or abbreviations in a spend file ("ALL" wards, "TOP" up).
const COMMON_WORDS = new Set(['ALL', 'TOP', 'CUP', 'BOB', 'PEN', 'SOS', 'TRY', 'MOP', 'BAM'])

/** An ISO 4217 code (any, not only those we hold) written as a cell: "USD", "eur". */
export function isCurrencyCode(cell: string): boolean {
  return cell.length === 3 && ISO_4217.has(cell.toUpperCase()) && !COMMON_WORDS.has(cell.toUpperCase())
}

/** A currency cell -> our code; null when the cell is blank; an error when we hold no such currency. */
export function parseCurrency(cell: string): { ok: true; currency: Currency | null } | { ok: false; reason: string } {
  const text = cell.trim().toLowerCase()
  if (text === '') return { ok: true, currency: null }
  const currency = CURRENCY_WORDS[text]
  if (currency) return { ok: true, currency }
  return { ok: false, reason: `currency "${truncate(cell.trim())}" is not one we hold (GBP, EUR, USD)` }
}

/**
 * The currency an amount header names: "Amount (€)", "Amount USD", "Value in Euros", "Paid (£)".
 * A code we do not hold ("Amount (JPY)") is returned as written, for the rows to be rejected.
 * Null when the header names none.
 */
export function currencyInHeader(header: string): string | null {
  const raw = header.replace(/^\ufeff/, '')
  const found = new Set<string>()
  if (/£|Â£/.test(raw)) found.add('GBP')
  if (/€/.test(raw)) found.add('EUR')
  if (/\$/.test(raw)) found.add('USD')
  for (const word of raw.split(/[^A-Za-z]+/).filter(Boolean)) {
    const lower = word.toLowerCase()
    const named = CURRENCY_WORDS[lower]
    // "uk" names a country, not a currency, in a header.
    if (named && lower !== 'uk') found.add(named)
    else if (word === word.toUpperCase() && isCurrencyCode(word)) found.add(word.toUpperCase())
  }
  // Two currencies in one header ("GBP / EUR") name none for certain.
  return found.size === 1 ? [...found][0]! : null
}

// ---------------------------------------------------------------------------------------------
// Periods

export interface Period {
  start: string
  end: string
}

function monthPeriod(y: number, fromMonth: number, toYear: number, toMonth: number): Period | null {
  if (fromMonth < 1 || fromMonth > 12 || toMonth < 1 || toMonth > 12) return null
  if (y < 1990 || toYear > 2100 || toYear * 12 + toMonth < y * 12 + fromMonth) return null
  const last = new Date(Date.UTC(toYear, toMonth, 0)).getUTCDate()
  return { start: `${y}-${pad(fromMonth)}-01`, end: `${toYear}-${pad(toMonth)}-${pad(last)}` }
}

const NAME_RANGE = new RegExp(
  `(?<![a-z])(${MONTH_WORD})(?![a-z])[\\s_\\-]*(?:to|-|_)?[\\s_\\-]*(${MONTH_WORD})(?![a-z])[\\s_\\-.]*(\\d{4}|\\d{2})(?!\\d)`,
  'i',
)
const NAME_YM = /(?<!\d)(\d{4})[-_.](\d{2})(?!\d)/
const NAME_MONTH = new RegExp(`(?<![a-z])(${MONTH_WORD})(?![a-z])[\\s_\\-.]*(\\d{4}|\\d{2})(?!\\d)`, 'i')
const NAME_YEAR_MONTH_WORD = new RegExp(`(?<!\\d)(\\d{4})[\\s_\\-.]*(${MONTH_WORD})(?![a-z])`, 'i')

/**
 * The period a file name states: "apr-jun-2014" (a quarter), "2011-05", "June-23", "Feb24",
 * "Dec-25", "2014_march". Null when the name states none.
 */
export function periodFromFileName(fileName: string): Period | null {
  const name = fileName.replace(/\.[a-z0-9]+$/i, '')
  let m = NAME_RANGE.exec(name)
  if (m) {
    const from = monthOf(m[1]!)
    const to = monthOf(m[2]!)
    const toYear = fullYear(m[3]!)
    return monthPeriod(from > to ? toYear - 1 : toYear, from, toYear, to)
  }
  if ((m = NAME_YM.exec(name))) {
    const p = monthPeriod(Number(m[1]), Number(m[2]), Number(m[1]), Number(m[2]))
    if (p) return p
  }
  if ((m = NAME_MONTH.exec(name))) {
    const y = fullYear(m[2]!)
    return monthPeriod(y, monthOf(m[1]!), y, monthOf(m[1]!))
  }
  if ((m = NAME_YEAR_MONTH_WORD.exec(name))) {
    const y = Number(m[1])
    return monthPeriod(y, monthOf(m[2]!), y, monthOf(m[2]!))
  }
  return null
}

/** --period "2014-04" or "2014-04..2014-06". */
export function parsePeriodFlag(text: string): Period | null {
  const m = /^(\d{4})-(\d{2})(?:\.\.(\d{4})-(\d{2}))?$/.exec(text.trim())
  if (!m) return null
  return monthPeriod(Number(m[1]), Number(m[2]), Number(m[3] ?? m[1]), Number(m[4] ?? m[2]))
}

/** The whole months spanned by the earliest and latest known payment dates. */
export function periodFromDates(earliest: string, latest: string): Period {
  const [y1, m1] = earliest.split('-').map(Number) as [number, number]
  const [y2, m2] = latest.split('-').map(Number) as [number, number]
  return monthPeriod(y1, m1, y2, m2)!
}

export function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
