// Spend files without payment dates, beside the body's other files. Repeated payments are found
// by date (duplicates.ts), so no row of an undated file can be checked against another file's:
// an undated file lands only where no other file holds payments of its period, and a dated file
// only outside the periods of the body's undated files. What a file holds is judged from what it
// really holds, read from the rollups (its counted payments by month), not from the period it
// states: a file named for a year that holds only May clashes with May alone.
import type Database from 'libsql'
import { getTableColumns, getTableName } from 'drizzle-orm'
import { payments, spendRollupBody } from '../../schema/tables'
import type { Field } from './columns'
import type { SpendFileRecord } from './load'
import type { Period } from './parse'
import type { FileReport } from './report'
import { col } from './sql'

/** What one of the body's files holds: the months (YYYY-MM) of its dated payments, and whether any has no month. */
export interface Holding {
  months: string[]
  undatedPayments: boolean
  /**
   * Whether any of its payments has a date, repeats of other files' included: a file whose dated
   * rows all repeat another's counts none of them, yet it is a dated file, not an undated one.
   */
  dated: boolean
  /** The months held only by repeats of a file --replace retires, which retiring it makes counted payments. */
  promoted?: string[]
}

const HOLDINGS_SQL =
  `SELECT ${col(spendRollupBody, 'spendFileId')} AS id, ${col(spendRollupBody, 'month')} AS month FROM "${getTableName(spendRollupBody)}" ` +
  `WHERE ${col(spendRollupBody, 'bodyId')} = ? GROUP BY 1, 2`

// The rows of other files that repeat a retired file's payments: retire() promotes them to
// counted payments, so they are what those files will hold. (Repeats are found by date: each has a month.)
const PAYMENT = getTableColumns(payments)
const PROMOTED_SQL = (retiring: number) => {
  const ids = Array.from({ length: retiring }, () => '?').join(', ')
  return (
    `SELECT ${PAYMENT.spendFileId.name} AS id, substr(${PAYMENT.paidOn.name}, 1, 7) AS month FROM "${getTableName(payments)}" ` +
    `WHERE ${PAYMENT.duplicateOf.name} IN (SELECT ${PAYMENT.id.name} FROM "${getTableName(payments)}" WHERE ${PAYMENT.spendFileId.name} IN (${ids})) ` +
    `AND ${PAYMENT.spendFileId.name} NOT IN (${ids}) AND ${PAYMENT.paidOn.name} IS NOT NULL GROUP BY 1, 2`
  )
}

const ANY_SQL = `SELECT 1 FROM "${getTableName(payments)}" WHERE ${PAYMENT.spendFileId.name} = ?`
const DATED_SQL = `${ANY_SQL} AND ${PAYMENT.paidOn.name} IS NOT NULL LIMIT 1`

/** Whether any payment of the file, counted or a repeat of another file's, has a date. */
export function hasDatedPayment(db: Database.Database, fileId: number): boolean {
  return db.prepare(DATED_SQL).get(fileId) !== undefined
}

/** Whether the file holds any payment at all. */
export function hasPayment(db: Database.Database, fileId: number): boolean {
  return db.prepare(`${ANY_SQL} LIMIT 1`).get(fileId) !== undefined
}

/**
 * Each ingested file of the body with counted payments, by id: what it holds once the files
 * `retiring` (--replace) are gone. Duplicates are not in the rollups (they are another file's
 * payments), except the ones that retiring those files promotes to counted payments.
 */
export function holdings(db: Database.Database, bodyId: string, retiring: readonly number[] = []): Map<number, Holding> {
  const held = new Map<number, Holding>()
  const hold = (id: number, month: string | null) => {
    let h = held.get(id)
    if (!h) held.set(id, (h = { months: [], undatedPayments: false, dated: false }))
    if (month === null) h.undatedPayments = true
    else if (!h.months.includes(month)) h.months.push(month)
  }
  for (const { id, month } of db.prepare(HOLDINGS_SQL).all(bodyId) as Array<{ id: number; month: string | null }>) hold(id, month)
  if (retiring.length) {
    for (const { id, month } of db.prepare(PROMOTED_SQL(retiring.length)).all(...retiring, ...retiring) as Array<{ id: number; month: string }>) {
      if (held.get(id)?.months.includes(month)) continue
      hold(id, month)
      held.get(id)!.promoted = [...(held.get(id)!.promoted ?? []), month]
    }
  }
  for (const [id, h] of held) h.dated = h.months.length > 0 || hasDatedPayment(db, id)
  return held
}

/**
 * What the file being ingested holds: the months of its dated payments, and whether any payment
 * has no month (no date, or a year alone); those are placed in its `period` (null: any month).
 */
export interface ThisFile {
  months: ReadonlySet<string>
  undated: boolean
  period: Period | null
  /** Where the period came from ("from --period"), for the refusal. */
  periodFrom: string
}

/** Another file whose payments could not be told apart from this file's, and what it holds. */
export interface Clash {
  file: SpendFileRecord
  holds: string
}

const within = (month: string, start: string | null | undefined, end: string | null | undefined) =>
  !start || !end || (month >= start.slice(0, 7) && month <= end.slice(0, 7))
const overlaps = (f: SpendFileRecord, p: Period | null) => p === null || f.periodStart === null || f.periodEnd === null || (f.periodStart <= p.end && f.periodEnd >= p.start)
const listMonths = (months: readonly string[]) => (months.length > 6 ? `${months.slice(0, 6).join(', ')} and ${months.length - 6} more` : months.join(', '))
const placedIn = (f: SpendFileRecord) => (f.periodStart && f.periodEnd ? `placed in its period ${f.periodStart}..${f.periodEnd}` : 'and no period, so they could be of any month')

/**
 * The body's other files (`files`, those --replace retires left out) that clash with this one.
 * A file's payments without a month cover its whole period (every month when it has none), and
 * cannot be checked for repeats; so when either of two files has no dated payment at all, they
 * clash when the undated payments of either fall where the other holds payments, dated or
 * undated, whichever lands first (a partly dated file's undated rows count then too). Two files
 * that both have dates never clash here: their dated payments are checked row by row for
 * repeats, as ever.
 */
export function undatedClashes(files: readonly SpendFileRecord[], held: ReadonlyMap<number, Holding>, mine: ThisFile): Clash[] {
  const clashes: Clash[] = []
  // Only a file with no dated payment at all is kept apart: a file with dates whose few rows lack
  // one lands beside the body's other dated files, as it always has (those rows are placed in its
  // period, not checked for repeats). Refusing it would leave a body's next month with no way in
  // whenever one row of this month had lost its date and the month's dates ran over its end.
  const mineUndated = mine.undated && mine.months.size === 0
  for (const file of files) {
    const h = held.get(file.id)
    if (!h) continue
    if (!mineUndated && !(h.undatedPayments && !h.dated)) continue
    const theirsInMine = mine.undated ? h.months.filter((m) => within(m, mine.period?.start, mine.period?.end)).sort() : []
    const mineInTheirs = h.undatedPayments ? [...mine.months].filter((m) => within(m, file.periodStart, file.periodEnd)).sort() : []
    const promoted = theirsInMine.length > 0 && theirsInMine.every((m) => h.promoted?.includes(m))
    if (theirsInMine.length) clashes.push({ file, holds: `payments dated in ${listMonths(theirsInMine)}${promoted ? ' (repeats of the file --replace retires: they count once it is gone)' : ''}` })
    else if (mine.undated && h.undatedPayments && overlaps(file, mine.period)) clashes.push({ file, holds: `payments without dates, ${placedIn(file)}` })
    else if (mineInTheirs.length) clashes.push({ file, holds: `payments without dates, ${placedIn(file)}, where this file has payments dated in ${listMonths(mineInTheirs)}` })
  }
  return clashes
}

/** Why the file is refused, naming each file it clashes with, what that file holds, and the ways on. */
export function describeClashes(clashes: readonly Clash[], mine: ThisFile): string {
  const named = clashes.map((c) => `"${c.file.fileName}" (sha256 ${c.file.sha256.slice(0, 12)}…) holds ${c.holds}`).join('; ')
  const one = clashes.length === 1
  const replace = `--replace "${clashes[0]!.file.fileName}"`
  // A file landed without a period (before periods were required of undated files) is given one
  // by ingesting its same bytes again with --period: then it clashes only within that period.
  const unplaced = clashes.filter((c) => c.file.periodStart === null).map((c) => `"${c.file.fileName}"`)
  const givePeriod = unplaced.length
    ? `; if ${unplaced.join(', ')} covers only some months, ingest that same file again with --period YYYY-MM[..YYYY-MM] to give it its period (its payments are then placed there, nothing else changes)`
    : ''
  const why = 'Repeated payments are found by date, so a payment in both would be counted twice.'
  const mineSays = mine.undated
    ? mine.months.size
      ? `some of this file's payments have no month, and are placed in its period ${periodText(mine)}, which`
      : `this file has no payment dates, and its period ${periodText(mine)}`
    : "this file's payments"
  if (mine.undated) {
    return (
      `${mineSays} overlaps what another of the body's files holds: ${named}. ${why} ` +
      `If this file replaces ${one ? 'that file' : 'one of them'}, add ${replace}${one ? '' : ' (naming the one it replaces)'}; if this file's period is wrong, give the months it covers with --period; ` +
      `if a column does hold the payment dates, name it with --map date="HEADER"${givePeriod}. Otherwise the two files cannot both be counted: ingest the one that has dates`
    )
  }
  return (
    `${mineSays} fall in the period of another of the body's files whose payments have no dates: ${named}. ${why} ` +
    `If this file replaces ${one ? 'that file' : 'one of them'} (a dated edition of the same payments), add ${replace}${one ? '' : ' (naming the one it replaces)'}${givePeriod}; otherwise the two files cannot both be counted`
  )
}

const periodText = (mine: ThisFile) => (mine.period ? `${mine.period.start}..${mine.period.end} (${mine.periodFrom})` : '(none: any month)')

// Header words and cell values that suggest a column holds dates, in a form we may not read.
const DATE_WORDS = /\b(date|dated|posted|paid|when|day|time|period|month|week|year)\b/i
// A financial year (2024/25) says which accounts a payment is in, not when it was paid.
const ACCOUNTING_YEAR = /\b(financial|fiscal|budget|accounting)\s+year\b|\bfin\.?\s*year\b|\bf\.?y\.?\b/gi
const DATE_VALUE = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)(?![a-z])|\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}|\b\d{4}-?w\d{1,2}\b|\bp\d{1,2}\b|\b(19|20)\d{2}(0[1-9]|1[0-2])([0-2]\d|3[01])\b/i

/**
 * The first column whose values (a third of them) look like dates, whatever field it was taken
 * for (a "Ref" of timestamps), or that no field reads and whose header words say date; else null.
 * The amount and payee columns are what the file is read for, and are not asked.
 */
export function dateLikeColumn(cells: readonly string[], columns: Partial<Record<Field, number>>, below: readonly (readonly string[])[]): number | null {
  const used = new Set(Object.values(columns))
  for (let i = 0; i < cells.length; i++) {
    if (i === columns.amount || i === columns.supplier) continue
    const words = cells[i]!.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').replace(ACCOUNTING_YEAR, ' ')
    if (!used.has(i) && DATE_WORDS.test(words)) return i
    const values = below.map((row) => (row[i] ?? '').trim()).filter((v) => v !== '')
    if (values.length && values.filter((v) => DATE_VALUE.test(v)).length * 3 >= values.length) return i
  }
  return null
}

// A month written as a word, not as part of a longer word ("mayor"); a number that may be a year.
const MONTH_WORDS = /(?<![a-z])(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])/gi
const YEARISH = /(?<!\d)(?:\d{4}|\d{2})(?!\d)/g
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Whether `hint` may place a file's undated payments: --period, or a file name (with its sheet)
 * that gives its period in words and nothing else that could be a period: one month or one
 * range of months (`apr-jun-2014`, `June-23`, `x.xlsx#APR 24`) and one year (maybe repeated), the hint made of
 * exactly those. A name that gives the month as a number may not (`spend-2011-12.csv` is as
 * likely the financial year 2011-12 as December 2011), nor one naming more months or years than
 * its period (`Jan 2014 to Mar 2014`, `spend-2011-12 (published Jan 2013)`,
 * `spend-2023-12.xlsx#APR 24`), whose period was taken from its first match alone.
 */
export function periodForUndated(hint: NonNullable<FileReport['period']>, fileName: string): boolean {
  if (hint.from === 'flag') return true
  if (hint.from !== 'file name') return false
  const name = fileName.replace(/\.[a-z0-9]+$/i, '')
  const months = [...name.matchAll(MONTH_WORDS)].map((m) => MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1)
  // The same year twice is one year (`2014-q1_…-apr-jun-2014`).
  const years = new Set((name.match(YEARISH) ?? []).map((y) => (y.length === 2 ? 2000 + Number(y) : Number(y))))
  if (years.size !== 1 || !years.has(Number(hint.end.slice(0, 4))) || months.length < 1 || months.length > 2) return false
  return Number(hint.start.slice(5, 7)) === months[0] && Number(hint.end.slice(5, 7)) === months[months.length - 1]
}

export const periodSource = (hint: NonNullable<FileReport['period']>) => (hint.from === 'flag' ? 'from --period' : `from the file name`)
