// One published row -> a payment draft, a reject (kept verbatim, with the column and the
// reason), a total row, or a row to skip. Pure: no I/O, no database; body and supplier are
// resolved later, from the raw names kept here.
import Papa from 'papaparse'
import type { Currency, DatePrecision, VatBasis } from '../../schema/tables/enums'
import { type ColumnMap, type Field, normaliseHeader, requiredFields, synonymMatch } from './columns'
import { headerScore } from './infer'
import { accountingPeriodNumber, currencyInHeader, type DateOrder, DateOrderWitness, debitOrCredit, isCurrencyCode, onlyOtherOrder, parseAmount, parseCurrency, parseDate, truncate } from './parse'

export interface MapPlan {
  columns: ColumnMap
  /** Each mapped field's header as published (names the column of a reject). */
  headers: Partial<Record<Field, string>>
  headerLength: number
  /** The header's cells, trimmed (names a column no field reads). */
  headerCells: string[]
  /** 1 + the highest column index read: a row shorter than this has lost cells. */
  readWidth: number
  vatBasis: VatBasis
  delimiter: string
  /** True when every data row is wider than the header: the named columns are read by position and the rest ignored. */
  extraFields: boolean
  /** Then the width every such row has: a row of another width has a shifted cell and is rejected. */
  rowWidth: number
  /** Without a currency column: the columns we do not read, watched for a currency code that would make an amount foreign. */
  unread: number[]
  /** The currency the amount's own header names ("Amount (€)", "Amount GBP"), or null. */
  amountCurrency: string | null
  /** A debit/credit marker column: "CR" makes a positive amount negative. */
  signColumn: number | null
  /** The marker column's header says debit/credit: "D" and "C" alone are markers. */
  signLetters: boolean
  /** Day-first (the UK default) unless the header says month-first or the file's own dates can only be. */
  dateOrder: DateOrder
  /** True when the date header states the order: a date against it is a bad date, not a misread file. */
  dateOrderStated: boolean
  /**
   * Set while reading: rows whose date only the other order reads, where the order was inferred.
   * Rows before them may have been read the wrong way round, so the file is refused (dateOrderConflict).
   */
  otherOrder: { count: number; lines: number[]; example: string } | null
  /**
   * Set while reading: the first accounting period above 12 ("P13 2023/24"). A ledger of 13
   * four-weekly periods puts P01-P12 in no calendar month either, so the file is refused (dateOrderConflict).
   */
  periodBeyond12: { line: number; text: string } | null
  /** Set while reading, where the order was inferred day-first: whether any date settles it (dateOrderConflict). */
  orderWitness: DateOrderWitness | null
  /** Beside a debit amount column, the credit column: its figures are negative payments. */
  creditColumn: number | null
  /** True when the amount's header says its figures are pence ("Amount (pence)"), not pounds. */
  amountInPence: boolean
  /** True when the amount's header says its figures are thousands of pounds ("Amount (£000s)"). */
  amountInThousands: boolean
  /**
   * Set while reading: the line of a header of another table under the payments ("Summary by
   * supplier", "Supplier | Total"). Its rows are not payments; they are rejected until our own
   * header repeats. The one piece of state a plan carries, because only row order tells it.
   */
  otherTable: { line: number; text: string } | null
  /** Lines where a later sheet of a workbook starts: another table does not run on into the next sheet. */
  sheetStarts: ReadonlySet<number>
  /** Set while reading: the payments mapped so far, their number and sum per currency (summaryRow). */
  seen: { count: number; pence: Map<Currency, number>; sinceTotal: Map<Currency, number> }
}

/** The plan for a file whose header row is `headerCells`, mapped as `mapping`. */
export function makePlan(
  headerCells: readonly string[],
  mapping: { columns: ColumnMap; headers: Partial<Record<Field, string>>; vatBasis: VatBasis; signColumn?: number | null; signLetters?: boolean; dateOrder?: { order: DateOrder; stated?: boolean }; creditColumn?: number | null; amountInPence?: boolean; amountInThousands?: boolean },
  delimiter: string,
  /** The width every data row has when it is wider than the header, else null. */
  extraWidth: number | null = null,
): MapPlan {
  return {
    columns: mapping.columns,
    headers: mapping.headers,
    headerLength: headerCells.length,
    headerCells: headerCells.map((c) => c.trim()),
    readWidth: Math.max(...Object.values(mapping.columns).map((i) => i ?? -1)) + 1,
    vatBasis: mapping.vatBasis,
    delimiter,
    extraFields: extraWidth !== null,
    rowWidth: extraWidth ?? headerCells.length,
    unread:
      mapping.columns.currency === undefined
        ? headerCells.map((_, i) => i).filter((i) => !Object.values(mapping.columns).includes(i))
        : [],
    signColumn: mapping.signColumn ?? null,
    signLetters: mapping.signLetters ?? false,
    dateOrder: mapping.dateOrder?.order ?? 'day-first',
    dateOrderStated: mapping.dateOrder?.stated ?? false,
    otherOrder: null,
    periodBeyond12: null,
    orderWitness: (mapping.dateOrder?.stated ?? false) || (mapping.dateOrder?.order ?? 'day-first') !== 'day-first' ? null : new DateOrderWitness(),
    creditColumn: mapping.creditColumn ?? null,
    otherTable: null,
    sheetStarts: new Set(),
    seen: { count: 0, pence: new Map(), sinceTotal: new Map() },
    amountInPence: mapping.amountInPence ?? false,
    amountInThousands: mapping.amountInThousands ?? false,
    amountCurrency: mapping.columns.amount === undefined ? null : currencyInHeader(headerCells[mapping.columns.amount] ?? ''),
  }
}

export interface PaymentDraft {
  line: number
  body: string | null
  bodyCode: string | null
  /** The payee as published (trimmed); classed and resolved later (ingest/resolve). */
  payeeName: string
  /** The file's payee-type cell, when it has one ("Individual" marks a person). */
  payeeType: string | null
  supplierRef: string | null
  companyNumber: string | null
  paidOn: string | null
  paidPrecision: DatePrecision
  /** Why the date is unknown, when it is ("time only (00:00:00)"). */
  dateNote: string | null
  amountPence: number
  currency: Currency
  /** True when the published amount had more than two decimals and was rounded to the penny. */
  amountRounded: boolean
  vatBasis: VatBasis
  vatPence: number | null
  expenseCategory: string | null
  expenseType: string | null
  expenseCode: string | null
  serviceArea: string | null
  serviceDivision: string | null
  description: string | null
  transactionRef: string | null
  capitalOrRevenue: string | null
}

export const rejectCodes = [
  'MISSING_AMOUNT',
  'BAD_AMOUNT',
  'BAD_DATE',
  'INCOMPLETE_ROW',
  'UNSUPPORTED_CURRENCY',
  'CURRENCY_CONFLICT',
  'TOO_MANY_FIELDS',
  'TOO_FEW_FIELDS',
  'MALFORMED_QUOTES',
  'GLUED_CELLS',
  'UNREAD_CURRENCY',
  'UNKNOWN_BODY',
  'BODY_MISMATCH',
  'OTHER_TABLE',
] as const
export type RejectCode = (typeof rejectCodes)[number]

export interface RejectDraft {
  line: number
  /** The header of the offending column as published, or null when the row as a whole is wrong. */
  column: string | null
  code: RejectCode
  message: string
  /** The row's cells, re-joined with the file's delimiter (quoted where needed). */
  raw: string
}

export type RowOutcome =
  | { kind: 'payment'; payment: PaymentDraft }
  | { kind: 'reject'; reject: RejectDraft; amountOnly?: { pence: number; currency: Currency } }
  | { kind: 'skip'; reason: 'blank' | 'repeated_header' | 'footer' }
  | { kind: 'total'; label: string; pence: number | null; grand: boolean }

// "Total", "Grand Total", "Sub-total", and a group's own subtotal after it: "Adult Services Total".
const TOTAL_LABEL = /^\s*(grand\s*|sub[\s-]*)?totals?\b|\S\s+(sub[\s-]*)?totals?\s*:?\s*$/i
const GROUP_TOTAL = /\S\s+(sub[\s-]*)?totals?\s*:?\s*$/i
// The whole file's total however it is worded: "Grand Total", "Overall Total", "Report Total".
const GRAND_TOTAL = /^\s*(grand|overall|report|final|file|statement)\s+totals?\b/i
/** A subtotal: "Sub-total", or a group's own total ("Adult Services Total") that is not the whole file's. */
const isSubtotal = (label: string): boolean => /^\s*sub/i.test(label) || (GROUP_TOTAL.test(label) && !GRAND_TOTAL.test(label))
/** In the payee column only a bare label counts ("Total", "Grand total:", "Total for May"): "Total Gas & Power Ltd" is a supplier. */
const BARE_TOTAL_LABEL = /^\s*(grand\s*|sub[\s-]*)?totals?\s*[:-]?\s*(((for|of)\b.*)|\([^)]*\))?\s*$/i

/** A date run into an amount with the delimiter between them lost: "01/04/20101250.00", "2013-04-26825.00". */
const GLUED = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})\s*([-£(]?\d[\d,]*\.\d{1,2}\)?)$/
/** A date and a time of day written with a dot ("03/04/2024 10.30"): not glued cells. */
const DATE_AND_TIME = /^\S+\s+([01]?\d|2[0-3])\.[0-5]\d$/
const isGlued = (text: string) => GLUED.test(text) && !DATE_AND_TIME.test(text)
/** Words of the lines under a table: copyright notes, "produced by", report-run stamps, page numbers. */
const FOOTER = /(copyright|©|\(c\)|crown|produced|generated|printed|report run|run on|run date|source:|published|page \d|end of report|licen[cs]e|data correct|extracted|prepared by)/i

/**
 * A line under the table, not a payment: one cell of text (or the same text repeated), no date
 * and no amount, that reads as a note ("© Crown copyright", "Produced by Finance on 03/05/2014")
 * or has no digit at all.
 */
export function isFooterRow(cells: readonly string[], plan: MapPlan): boolean {
  let text: string | null = null
  let inPaymentColumn = false
  for (const [i, c] of cells.entries()) {
    const t = c.trim()
    if (t === '') continue
    if (text !== null && t !== text) return false
    text = t
    if (i === plan.columns.supplier || i === plan.columns.amount) inPaymentColumn = true
  }
  if (text === null) return false
  // A caption ("Summary by supplier", a page's title "Spend over £500 - May 2023" repeated on
  // every page of a printed report) cannot hold a payment either: words, no date, no amount,
  // unless it stands where a payment's payee or amount does (",Redacted,,Redacted" is a payment
  // whose amount is withheld: a reject, counted and shown, not a footer).
  if (!(FOOTER.test(text) || (!inPaymentColumn && isCaption(text)))) return false
  return !parseAmount(cell(cells, plan, 'amount')).ok
}

/** Text with a word in it that is neither a date nor an amount: "Spend over £25,000 - November 2010". */
function isCaption(text: string): boolean {
  if (!/\d/.test(text)) return true
  if (!/[a-z]{3}/i.test(text) || parseAmount(text).ok) return false
  const date = parseDate(text)
  return !(date.ok && date.on !== null)
}

export function isBlankRow(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false
  return true
}

export function rawRow(cells: readonly string[], delimiter: string): string {
  return Papa.unparse([cells as string[]], { delimiter, newline: '\n' })
}

function capitalOrRevenue(text: string): string | null {
  if (text === '') return null
  if (/^(r|rev|revenue)$/i.test(text)) return 'revenue'
  if (/^(c|cap|capital)$/i.test(text)) return 'capital'
  return text
}

/** The date or amount cell (any cell, when the row has lost cells) that holds a date glued to an amount. */
function gluedCell(cells: readonly string[], plan: MapPlan, short: boolean): { field: Field; text: string } | null {
  for (const field of ['date', 'amount'] as const) {
    const text = cell(cells, plan, field)
    if (isGlued(text)) return { field, text }
  }
  if (!short) return null
  for (const c of cells) {
    if (!isGlued(c.trim())) continue
    const field = (Object.entries(plan.columns) as Array<[Field, number]>).find(([, i]) => cells[i] === c)?.[0] ?? 'date'
    return { field, text: c.trim() }
  }
  return null
}

/** Our header again (a page break in the export): every non-blank cell is the header's cell above it. */
function sameHeader(cells: readonly string[], plan: MapPlan): boolean {
  let any = false
  for (let i = 0; i < cells.length; i++) {
    const t = cells[i]!.trim()
    if (t === '') continue
    if (normaliseHeader(t, false) !== normaliseHeader(plan.headerCells[i] ?? '', false)) return false
    any = true
  }
  return any
}

/**
 * A text-only row whose cells under our date, amount and payee columns name those fields by
 * their header words: our header again, worded otherwise. Columns in other places would be
 * another table (read by our columns, its rows would be misread), so they do not count.
 */
function readsAsOurHeader(cells: readonly string[], plan: MapPlan): boolean {
  for (const field of requiredFields) {
    const i = plan.columns[field]
    if (i === undefined) return false
    const text = (cells[i] ?? '').trim()
    if (text === '' || headerScore(text, field).score < 0.5) return false
  }
  for (const c of cells) {
    const t = c.trim()
    if (t === '') continue
    const d = parseDate(t)
    if (parseAmount(t).ok || (d.ok && d.on !== null)) return false
  }
  return true
}

/**
 * A header row of some other table under the payments: text only (no cell a date or an amount),
 * and its amount cell a word that names an amount ("Total", "Amount", "Value £").
 */
function isOtherHeader(cells: readonly string[], amountText: string): boolean {
  if (amountText === '' || synonymMatch(amountText, 'amount') === null) return false
  for (const c of cells) {
    const t = c.trim()
    if (t === '') continue
    if (parseAmount(t).ok) return false
    const d = parseDate(t)
    if (d.ok && d.on !== null) return false
  }
  return true
}

/** A debit column's figure, or its credit column's figure negated; both non-zero on one row is an error. */
function debitLessCredit(debitText: string, creditText: string, plan: MapPlan): ReturnType<typeof parseAmount> {
  if (creditText === '') return parseAmount(debitText)
  const credit = parseAmount(creditText)
  if (!credit.ok) return credit
  const debit = debitText === '' ? null : parseAmount(debitText)
  if (debit && !debit.ok) return debit
  if (debit && debit.pence !== 0 && credit.pence !== 0) {
    return { ok: false, reason: `the row has both a debit (${debitText}) and a credit (${creditText} in "${plan.headerCells[plan.creditColumn!] ?? ''}"): which was paid is not clear` }
  }
  if (debit && credit.pence === 0) return debit
  return { ...credit, pence: credit.pence === 0 ? 0 : -Math.abs(credit.pence) }
}

/** More fields than this beyond the header are not mended: the row is rejected. */
const MAX_SPLITS = 3

/**
 * A row with text beyond the header because a text cell held an unquoted delimiter ("Smith, J",
 * "Legal, People & Communications"): the row as published, its extra fields joined back (with
 * the delimiter they were split at) into the cells they came from. Taken only when one way of
 * joining them reads: the date and the amount parse where the header puts them, and every piece
 * joined on starts with a space (text split at ", " leaves one at the start of its second piece)
 * while the mended cell does not. Two ways would put some text in the wrong column (an expense
 * type decides consultancy), so then, as when none reads, it is null: the row is rejected.
 */
function rejoinSplitCells(cells: readonly string[], plan: MapPlan): string[] | null {
  let end = cells.length
  while (end > plan.headerLength && cells[end - 1]!.trim() === '') end--
  const extra = end - plan.headerLength
  if (extra <= 0 || extra > MAX_SPLITS || plan.columns.date === undefined || plan.columns.amount === undefined) return null
  // Figures never hold a delimiter a person would read as text: only other cells are mended.
  const fixed = new Set([plan.columns.date, plan.columns.amount, plan.columns.vat, plan.columns.currency, plan.creditColumn, plan.signColumn])
  const open = Array.from({ length: plan.headerLength }, (_, i) => i).filter((i) => !fixed.has(i))
  const found: string[][] = []
  // Every way of giving the extra pieces to the open columns: widths[k] pieces joined onto open[k].
  const spread = (widths: number[], left: number): void => {
    if (found.length > 1) return
    if (widths.length === open.length - 1) {
      const mended = mend(cells.slice(0, end), open, [...widths, left], plan.delimiter, plan.headerLength)
      if (mended && reads(mended, plan)) found.push(mended)
      return
    }
    for (let n = 0; n <= left; n++) spread([...widths, n], left - n)
  }
  if (open.length > 0) spread([], extra)
  return found.length === 1 ? [...found[0]!, ...cells.slice(end)] : null
}

/** `cells` with `widths[k]` extra pieces joined onto column `open[k]`; null when a mended cell starts with a space. */
function mend(cells: readonly string[], open: readonly number[], widths: readonly number[], delimiter: string, width: number): string[] | null {
  const out: string[] = []
  let from = 0
  for (let column = 0; column < width; column++) {
    const k = open.indexOf(column)
    const take = k < 0 ? 1 : 1 + (widths[k] ?? 0)
    const text = cells.slice(from, from + take).join(delimiter)
    if (take > 1 && /^\s/.test(text)) return null
    if (take > 1 && cells.slice(from + 1, from + take).some((piece) => !/^\s/.test(piece))) return null
    out.push(text)
    from += take
  }
  return from === cells.length ? out : null
}

/** The mended row's date and amount read where the header puts them. */
function reads(cells: readonly string[], plan: MapPlan): boolean {
  const date = parseDate(cell(cells, plan, 'date'), plan.dateOrder)
  return date.ok && date.on !== null && parseAmount(cell(cells, plan, 'amount')).ok
}

function cell(cells: readonly string[], plan: MapPlan, field: Field): string {
  const i = plan.columns[field]
  return i === undefined ? '' : (cells[i] ?? '').trim()
}

function optional(cells: readonly string[], plan: MapPlan, field: Field): string | null {
  const i = plan.columns[field]
  if (i === undefined) return null
  const v = (cells[i] ?? '').trim()
  return v === '' ? null : v
}

function rejectRow(cells: readonly string[], line: number, plan: MapPlan, code: RejectCode, message: string, field: Field | null = null) {
  return {
    kind: 'reject' as const,
    reject: { line, column: field ? (plan.headers[field] ?? null) : null, code, message, raw: rawRow(cells, plan.delimiter) },
  }
}

/** Maps one row. `malformedQuotes` is set when the CSV parser found its quoting broken. */
export function mapRow(row: readonly string[], line: number, plan: MapPlan, malformedQuotes = false): RowOutcome {
  let cells = row
  if (plan.sheetStarts.has(line)) plan.otherTable = null
  if (isBlankRow(cells)) return { kind: 'skip', reason: 'blank' }
  if (malformedQuotes) {
    return rejectRow(cells, line, plan, 'MALFORMED_QUOTES', 'a quoted field is not closed where it should be, so the row cannot be split reliably')
  }
  // With extra fields, a row of another width than the others has a delimiter inside a cell
  // (an unquoted "£1,234.56"): read by position it would land a wrong amount.
  if (cells.length > plan.headerLength && plan.extraFields && cells.length !== plan.rowWidth) {
    return rejectRow(
      cells, line, plan, 'TOO_MANY_FIELDS',
      `the row has ${cells.length} fields where every other row has ${plan.rowWidth}: an unquoted delimiter inside a field shifts the columns`,
    )
  }
  if (cells.length > plan.headerLength && !plan.extraFields) {
    const rejoined = rejoinSplitCells(cells, plan)
    if (rejoined) cells = rejoined
    for (let i = plan.headerLength; i < cells.length && !rejoined; i++) {
      if (cells[i]!.trim() !== '') {
        return rejectRow(
          cells, line, plan, 'TOO_MANY_FIELDS',
          `the row has ${cells.length} fields with text beyond the header's ${plan.headerLength}: an unquoted delimiter inside a field shifts the columns`,
        )
      }
    }
  }

  const amountText = cell(cells, plan, 'amount')
  const dateText = cell(cells, plan, 'date')
  const amount = plan.creditColumn === null ? parseAmount(amountText) : debitLessCredit(amountText, (cells[plan.creditColumn] ?? '').trim(), plan)
  if (
    !amount.ok &&
    amountText.toLowerCase() === (plan.headers.amount ?? '').toLowerCase() &&
    dateText.toLowerCase() === (plan.headers.date ?? '').toLowerCase()
  ) {
    plan.otherTable = null
    return { kind: 'skip', reason: 'repeated_header' }
  }
  if (!amount.ok && sameHeader(cells, plan)) {
    plan.otherTable = null
    return { kind: 'skip', reason: 'repeated_header' }
  }
  if (!amount.ok && readsAsOurHeader(cells, plan)) {
    // Our columns under other words ("Payment Date | Supplier | Amount £" over "Date | Supplier |
    // Amount"): the next block of the same table, as a repeated header is.
    plan.otherTable = null
    return { kind: 'skip', reason: 'repeated_header' }
  }
  if (plan.otherTable === null && !amount.ok && isOtherHeader(cells, amountText)) plan.otherTable = { line, text: truncate(cells.filter((c) => c.trim() !== '').join(' | ')) }
  // A dated payment with a payee below another table (the next sheet, the next block): that
  // table has ended, and the payments go on.
  if (plan.otherTable !== null && amount.ok && cell(cells, plan, 'supplier') !== '') {
    const on = parseDate(dateText, plan.dateOrder)
    if (on.ok && on.on !== null) plan.otherTable = null
  }
  if (plan.otherTable !== null) {
    return rejectRow(
      cells, line, plan, 'OTHER_TABLE',
      `below line ${plan.otherTable.line} ("${plan.otherTable.text}"), the header of another table: its rows are not read as payments`,
    )
  }
  // Glued cells and footers are rare: look for them only in rows that are already odd.
  const odd = !amount.ok || cells.length < plan.readWidth || dateText.length > 10
  const glued = odd ? gluedCell(cells, plan, cells.length < plan.readWidth) : null
  if (glued !== null) {
    return {
      kind: 'reject',
      reject: {
        line,
        column: plan.headers[glued.field] ?? null,
        code: 'GLUED_CELLS',
        message: `"${truncate(glued.text)}" is a date run into an amount: the delimiter between two cells is missing, so the row's columns cannot be trusted`,
        raw: rawRow(cells, plan.delimiter),
      },
    }
  }
  if (!amount.ok && isFooterRow(cells, plan)) return { kind: 'skip', reason: 'footer' }
  if (cells.length < plan.readWidth) {
    return rejectRow(cells, line, plan, 'TOO_FEW_FIELDS', `the row has ${cells.length} fields; the header has ${plan.headerLength} and we read up to field ${plan.readWidth}`)
  }

  const date = parseDate(dateText, plan.dateOrder)
  plan.orderWitness?.see(dateText)
  if (!date.ok && plan.periodBeyond12 === null && (accountingPeriodNumber(dateText) ?? 0) > 12) plan.periodBeyond12 = { line, text: dateText.trim() }
  if (!date.ok && !plan.dateOrderStated && onlyOtherOrder(dateText, plan.dateOrder)) {
    const seen = (plan.otherOrder ??= { count: 0, lines: [], example: dateText })
    seen.count++
    if (seen.lines.length < 10) seen.lines.push(line)
  }
  const payee = cell(cells, plan, 'supplier')
  if (!(date.ok && date.on)) {
    const total = totalRow(cells, plan, payee)
    if (total) return totalSeen(plan, total)
  }

  if (!amount.ok) {
    return amount.missing
      ? rejectRow(cells, line, plan, 'MISSING_AMOUNT', 'the amount is empty', 'amount')
      : rejectRow(cells, line, plan, 'BAD_AMOUNT', amount.reason, 'amount')
  }
  // A credit marked in its own debit/credit column is a negative payment (negative either way).
  let pence = amount.pence
  if (plan.amountInPence) {
    if (pence % 100 !== 0) return rejectRow(cells, line, plan, 'BAD_AMOUNT', `"${truncate(amountText)}" is not a whole number of pence, as the header says the column holds`, 'amount')
    pence /= 100
  }
  if (plan.amountInThousands) pence *= 1000
  if (plan.signColumn !== null) {
    const marker = (cells[plan.signColumn] ?? '').trim()
    const side = debitOrCredit(marker, plan.signLetters)
    if (side === 'credit') pence = -Math.abs(pence)
    else if (marker !== '' && side === null) {
      return rejectRow(cells, line, plan, 'BAD_AMOUNT', `the debit/credit column "${plan.headerCells[plan.signColumn] ?? ''}" says "${truncate(marker)}", neither debit nor credit`)
    }
  }
  let currency: Currency = amount.currency ?? 'GBP'
  // The amount's header names its currency: that is the column's currency, whatever else says so.
  const named = plan.amountCurrency
  if (named !== null) {
    const held = parseCurrency(named)
    if (!held.ok || !held.currency) return rejectRow(cells, line, plan, 'UNSUPPORTED_CURRENCY', `the amount's header says ${named}, not a currency we hold (GBP, EUR, USD)`, 'amount')
    if (amount.currency && amount.currency !== held.currency) {
      return rejectRow(cells, line, plan, 'CURRENCY_CONFLICT', `the amount says ${amount.currency} but its header says ${held.currency}`, 'amount')
    }
    currency = held.currency
  }
  if (plan.columns.currency !== undefined) {
    const stated = parseCurrency(cell(cells, plan, 'currency'))
    if (!stated.ok) return rejectRow(cells, line, plan, 'UNSUPPORTED_CURRENCY', stated.reason, 'currency')
    if (stated.currency) {
      if (amount.currency && amount.currency !== stated.currency) {
        return rejectRow(cells, line, plan, 'CURRENCY_CONFLICT', `the amount says ${amount.currency} but the currency column says ${stated.currency}`, 'amount')
      }
      if (named !== null && stated.currency !== currency) {
        return rejectRow(cells, line, plan, 'CURRENCY_CONFLICT', `the amount's header says ${currency} but the currency column says ${stated.currency}`, 'currency')
      }
      currency = stated.currency
    }
  }
  // A foreign code in a column we do not read: the amount may not be in pounds, so it is not counted as pounds.
  if (plan.columns.currency === undefined && !amount.currency && named === null) {
    for (const i of plan.unread) {
      const code = (cells[i] ?? '').trim()
      if (code === '' || code.length > 20) continue
      const word = parseCurrency(code)
      // A currency by code or by word ("Euro", "US Dollars", "$"), other than pounds.
      if ((word.ok && word.currency !== null && word.currency !== 'GBP') || (!word.ok && code.toUpperCase() !== 'GBP' && isCurrencyCode(code))) {
        return {
          kind: 'reject',
          reject: {
            line,
            column: plan.headerCells[i] ?? null,
            code: 'UNREAD_CURRENCY',
            message: `column "${plan.headerCells[i] ?? i + 1}", which we do not read, says ${code.toUpperCase()}: the amount may not be in pounds. If that column is the currency, pass --map currency="${plan.headerCells[i] ?? ''}"`,
            raw: rawRow(cells, plan.delimiter),
          },
        }
      }
    }
  }
  if (!date.ok) return rejectRow(cells, line, plan, 'BAD_DATE', date.reason, 'date')
  if (payee === '' && dateText === '') {
    return {
      ...rejectRow(cells, line, plan, 'INCOMPLETE_ROW', 'the row has an amount but neither a date nor a payee'),
      amountOnly: { pence, currency },
    }
  }

  const summary = date.on === null ? summaryRow(cells, plan, amountText, pence, currency, payee) : datedTotal(cells, plan, pence, currency, payee)
  if (summary) return summary.kind === 'total' ? totalSeen(plan, summary) : summary

  let vatPence: number | null = null
  let vatBasis = plan.vatBasis
  if (plan.columns.vat !== undefined) {
    const vatText = cell(cells, plan, 'vat')
    if (vatText !== '') {
      const vat = parseAmount(vatText)
      if (vat.ok) vatPence = vat.pence
      else if (/\b(inc|incl|including|gross)\b/i.test(vatText)) vatBasis = 'gross'
      else if (/\b(exc|excl|excluding|ex|net|exempt|zero|outside)\b/i.test(vatText)) vatBasis = 'net'
    }
  }

  plan.seen.count++
  plan.seen.pence.set(currency, (plan.seen.pence.get(currency) ?? 0) + pence)
  plan.seen.sinceTotal.set(currency, (plan.seen.sinceTotal.get(currency) ?? 0) + pence)
  return {
    kind: 'payment',
    payment: {
      line,
      body: optional(cells, plan, 'body'),
      bodyCode: optional(cells, plan, 'bodyCode'),
      payeeName: payee,
      payeeType: optional(cells, plan, 'payeeType'),
      supplierRef: optional(cells, plan, 'supplierRef'),
      companyNumber: optional(cells, plan, 'companyNumber'),
      paidOn: date.on,
      paidPrecision: date.precision,
      dateNote: date.on === null ? date.why : null,
      amountPence: pence,
      currency,
      amountRounded: amount.rounded,
      vatBasis,
      vatPence,
      expenseCategory: optional(cells, plan, 'expenseCategory'),
      expenseType: optional(cells, plan, 'expenseType'),
      expenseCode: optional(cells, plan, 'expenseCode'),
      serviceArea: optional(cells, plan, 'serviceArea'),
      serviceDivision: optional(cells, plan, 'serviceDivision'),
      description: optional(cells, plan, 'description'),
      transactionRef: optional(cells, plan, 'transactionRef'),
      capitalOrRevenue: capitalOrRevenue(cell(cells, plan, 'capitalOrRevenue')),
    },
  }
}

/**
 * After reading: why the file is refused when some row's date could only be read in the order
 * other than the one inferred from the first rows (a US export whose first days are all 1-12,
 * or a UK file with a few US-style typos up front). Rows read before were read one way, the
 * rest the other: landing it would put some payments in the wrong month. Also when an accounting
 * period above 12 shows the periods are no calendar months (reported under the same code, which
 * ingest.ts owns: both are dates the file cannot be placed by). Null when none.
 */
export function dateOrderConflict(plan: MapPlan): { line: number | null; message: string } | null {
  const beyond = plan.periodBeyond12
  if (beyond) {
    return {
      line: beyond.line,
      message:
        `"${truncate(beyond.text)}" is accounting period ${accountingPeriodNumber(beyond.text)}: the ledger's year has more than 12 periods (four-weekly periods, or year-end adjustments), ` +
        `so no period can be placed in a calendar month, and reading P01-P12 as April to March would put payments in the wrong months. ` +
        `The file is refused whole: ask the publisher for the payments' real dates, name another date column with --map date=HEADER, ` +
        `or land the payments undated within the period the file covers: --no-date-column --period YYYY-MM..YYYY-MM`,
    }
  }
  const seen = plan.otherOrder
  const header = plan.headers.date ?? 'Date'
  const doubt = seen === null ? (plan.orderWitness?.doubt() ?? null) : null
  if (doubt) {
    return {
      line: null,
      message:
        `no date in the file says whether the dates are day/month/year or month/day/year (every day and month is 12 or under, e.g. "${truncate(doubt.example)}"), ` +
        `and the two readings disagree: read day first the payments fall in ${doubt.dayFirstMonths} months, month first in ${doubt.monthFirstMonths}. ` +
        `Say which order the file uses: --map date="${header} (mm/dd/yyyy)" or --map date="${header} (dd/mm/yyyy)"`,
    }
  }
  if (seen === null) return null
  const read = plan.dateOrder === 'day-first' ? 'day/month/year' : 'month/day/year'
  const other = plan.dateOrder === 'day-first' ? 'month/day/year' : 'day/month/year'
  const stated = plan.dateOrder === 'day-first' ? '(mm/dd/yyyy)' : '(dd/mm/yyyy)'
  return {
    line: seen.lines[0]!,
    message:
      `the dates were read ${read} from the first rows, but ${seen.count} row${seen.count === 1 ? '' : 's'} (line${seen.lines.length === 1 ? '' : 's'} ${seen.lines.join(', ')}${seen.count > seen.lines.length ? ', …' : ''}; e.g. "${truncate(seen.example)}") can only be ${other}: ` +
      `the file's order is not certain, and landing it would put some payments in the wrong month. ` +
      `If the dates are ${other}, say so: --map date="${header} ${stated}" (or a date header that says so) reads them that way; if those rows are typos, the publisher must correct them`,
  }
}

/** A total row read: the payments after it make the next group. */
function totalSeen(plan: MapPlan, total: RowOutcome): RowOutcome {
  plan.seen.sinceTotal = new Map()
  return total
}

/** True when a cell of the row that names a reference or an expense heading is filled: the row is a payment. */
function identifiesPayment(cells: readonly string[], plan: MapPlan): boolean {
  for (const f of ['transactionRef', 'supplierRef', 'expenseType', 'expenseCode'] as const) {
    const i = plan.columns[f]
    if (i !== undefined && (cells[i] ?? '').trim() !== '') return true
  }
  return false
}

/**
 * A dated row that is a total: its figure is the sum of the payments above it (or of those since
 * the last total: a group's), nothing identifies a payment, and its payee is a bare total label
 * ("Total", "Total for June") or empty — beside a total label in another cell, or with the
 * whole file's sum. A report that dates its total rows would otherwise count everything twice.
 */
function datedTotal(cells: readonly string[], plan: MapPlan, pence: number, currency: Currency, payee: string): RowOutcome | null {
  if (plan.seen.count < 2 || identifiesPayment(cells, plan)) return null
  const running = plan.seen.pence.get(currency) ?? 0
  const group = plan.seen.sinceTotal.get(currency) ?? 0
  const c = plan.columns
  // A bare total label only, in the payee or another cell: "Total refurbishment of flat 3" in a
  // description is a payment's words, not a total's.
  const label = payee !== '' ? (BARE_TOTAL_LABEL.test(payee) ? payee : null) : (cells.find((text, i) => i !== c.amount && i !== c.date && BARE_TOTAL_LABEL.test(text))?.trim() ?? null)
  if (payee !== '' && label === null) return null
  if (label !== null && (pence === running || pence === group)) {
    const sub = pence !== running || isSubtotal(label)
    return { kind: 'total', label: truncate(label), pence, grand: !sub }
  }
  // Unlabelled, only a date and the sum of everything above: a row with anything else in it (a
  // description, a cost centre) is a payment whose payee is withheld, whatever its figure.
  const bare = cells.every((text, i) => i === c.amount || i === c.date || text.trim() === '')
  if (label === null && bare && pence === running) return { kind: 'total', label: '(unlabelled)', pence, grand: true }
  return null
}

/**
 * An undated row that restates the payments above it — their sum, their number or their mean —
 * under a label that says which ("Total value of payments", "Number of transactions", "Average
 * payment"), with nothing that identifies a payment (no reference, no expense type or code):
 * the file's summary, not a payment to a payee of that name. The label must say so: a payee
 * whose figure happens to equal the sum or the mean so far (five village halls granted £500
 * each) is a payment, and a name ("Total Gas & Power Ltd", "Counting House Trust") is never a
 * label. Null when it is not one.
 */
function summaryRow(cells: readonly string[], plan: MapPlan, amountText: string, pence: number, currency: Currency, payee: string): RowOutcome | null {
  const { count } = plan.seen
  if (count < 2 || identifiesPayment(cells, plan)) return null
  const label = summaryLabel(cells, plan, payee)
  if (label === null) return null
  const sum = plan.seen.pence.get(currency) ?? 0
  if (pence === sum && SUM_WORDS.test(label)) return { kind: 'total', label: truncate(label), pence, grand: true }
  // A count is a whole number: "342", not "342.00".
  const figure = parseAmount(amountText)
  if (figure.ok && figure.pence === count * 100 && !/[.,]\d/.test(amountText) && COUNT_WORDS.test(label)) return { kind: 'skip', reason: 'footer' }
  if (Math.abs(pence - Math.round(sum / count)) <= 1 && MEAN_WORDS.test(label)) return { kind: 'skip', reason: 'footer' }
  return null
}

// A summary's label starts with what it restates and goes on, if at all, only in words of a
// summary ("Total value of payments", "Number of transactions", "Average payment", "Total (£)"):
// "Total Fitness", "No Limits", "Above Average Theatre" and "Mean Street Youth Project" are payees.
const SUMMARY_TAIL = String.raw`\s*[:-]?\s*(\([^)]*\)\s*)?((of|for|value|values|amount|amounts|paid|spend|spent|payments?|expenditure|transactions?|invoices?|net|gross|gbp|£|this|the|all|above)\b.*)?$`
const SUM_WORDS = new RegExp(String.raw`^\s*(grand\s+)?(totals?|sum)\b` + SUMMARY_TAIL, 'i')
const COUNT_WORDS = new RegExp(String.raw`^\s*(total\s+)?(number|count|no\.?|nos\.?)(\s*[:-]?\s*$|\s+(of\s+)?(payments?|transactions?|invoices?|lines|records|items|entries|rows)\b.*$)`, 'i')
const MEAN_WORDS = new RegExp(String.raw`^\s*(the\s+)?(average|mean|avg\.?)\b` + SUMMARY_TAIL, 'i')
/** Words of a name, never of a summary's label: "Total Gas & Power Ltd", "Number 10 Community Hall". */
const NAME_WORDS = /\b(ltd|limited|plc|llp|llc|inc|cic|co|company|council|trust|hall|group|association|society|club|school|church|centre|center|services|partnership|foundation|charity|university|college|nhs)\b|&/i

/**
 * The row's label: its payee when it has one, else the first filled cell other than its amount
 * and date. Null when there is none, or it reads as a name.
 */
function summaryLabel(cells: readonly string[], plan: MapPlan, payee: string): string | null {
  const c = plan.columns
  const label = payee !== '' ? payee : (cells.find((text, i) => i !== c.amount && i !== c.date && text.trim() !== '')?.trim() ?? null)
  return label === null || NAME_WORDS.test(label) ? null : label
}

/**
 * A "Total" / "Grand Total" / "Sub-total" row: a cell starts with the word, the date is not a
 * day, and nothing identifies a payment (no payee other than the label, no reference, no
 * expense type or code). "Total Gas & Power Ltd" with a reference stays a payment.
 */
function totalRow(cells: readonly string[], plan: MapPlan, payee: string): RowOutcome | null {
  const c = plan.columns
  let label: string | null = null
  let labelIndex = -1
  for (let i = 0; i < cells.length; i++) {
    if (i === c.amount) continue
    if (TOTAL_LABEL.test(cells[i]!)) {
      label = cells[i]!.trim()
      labelIndex = i
      break
    }
  }
  if (label === null) return null
  if (payee !== '' && labelIndex !== c.supplier) return null
  if (labelIndex === c.supplier && !BARE_TOTAL_LABEL.test(label)) return null
  for (const f of ['transactionRef', 'supplierRef', 'expenseType', 'expenseCode'] as const) {
    const i = c[f]
    if (i !== undefined && i !== labelIndex && (cells[i] ?? '').trim() !== '') return null
  }
  let pence: number | null = null
  const amount = parseAmount(c.amount === undefined ? '' : (cells[c.amount] ?? ''))
  const creditText = plan.creditColumn === null ? '' : (cells[plan.creditColumn] ?? '').trim()
  const credit = creditText === '' ? null : parseAmount(creditText)
  if (credit?.ok) {
    // Debit and credit columns: the stated total is what we sum, debits less credits.
    pence = (amount.ok ? amount.pence : 0) - Math.abs(credit.pence)
  } else if (amount.ok) pence = amount.pence
  else {
    for (let i = cells.length - 1; i >= 0 && pence === null; i--) {
      if (i === labelIndex) continue
      const other = parseAmount(cells[i]!)
      if (other.ok) pence = other.pence
    }
  }
  // Stated in pence like the rows: scaled as they are.
  if (pence !== null && plan.amountInPence) pence = Math.round(pence / 100)
  if (pence !== null && plan.amountInThousands) pence *= 1000
  // A group's total ("Adult Services Total") is a subtotal, unless it is the grand one.
  const sub = isSubtotal(label)
  return { kind: 'total', label: truncate(label), pence, grand: !sub }
}
