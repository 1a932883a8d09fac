// Spend files without payment dates, beside the body's other files. Repeated payments are found
// by date (duplicates.ts), so no row of an undated file can be checked against another file's:
// an undated file lands only where no other file holds payments of its period, and a dated file
// only outside the periods of the body's undated files. What a file holds is judged from what it
// really holds, read from the rollups (its counted payments by month), not from the period it
// states: a file named for a year that holds only May clashes with May alone.
import type Database from 'libsql'
import { getTableName } from 'drizzle-orm'
import { spendRollupBody } from '../../schema/tables'
import type { Field } from './columns'
import type { SpendFileRecord } from './load'
import type { Period } from './parse'
import type { FileReport } from './report'
import { col } from './sql'

/** What one of the body's files holds: the months (YYYY-MM) of its dated payments, and whether any has no month. */
export interface Holding {
  months: string[]
  undatedPayments: boolean
}

const HOLDINGS_SQL =
  `SELECT ${col(spendRollupBody, 'spendFileId')} AS id, ${col(spendRollupBody, 'month')} AS month FROM "${getTableName(spendRollupBody)}" ` +
  `WHERE ${col(spendRollupBody, 'bodyId')} = ? GROUP BY 1, 2`

/** Each ingested file of the body with counted payments, by id: what it holds (duplicates are not in the rollups: they are another file's payments). */
export function holdings(db: Database.Database, bodyId: string): Map<number, Holding> {
  const held = new Map<number, Holding>()
  for (const { id, month } of db.prepare(HOLDINGS_SQL).all(bodyId) as Array<{ id: number; month: string | null }>) {
    let h = held.get(id)
    if (!h) held.set(id, (h = { months: [], undatedPayments: false }))
    if (month === null) h.undatedPayments = true
    else h.months.push(month)
  }
  return held
}

/** What the file being ingested holds: its --period when none of its payments has a date, else its payments' months. */
export type ThisFile = { undated: true; period: Period } | { undated: false; months: ReadonlySet<string> }

/** Another file whose payments could not be told apart from this file's, and what it holds. */
export interface Clash {
  file: SpendFileRecord
  holds: string
}

const within = (month: string, start: string | null, end: string | null) => start === null || end === null || (month >= start.slice(0, 7) && month <= end.slice(0, 7))
const overlaps = (f: SpendFileRecord, p: Period) => f.periodStart === null || f.periodEnd === null || (f.periodStart <= p.end && f.periodEnd >= p.start)
const listMonths = (months: readonly string[]) => (months.length > 6 ? `${months.slice(0, 6).join(', ')} and ${months.length - 6} more` : months.join(', '))
const periodOf = (f: SpendFileRecord) => (f.periodStart && f.periodEnd ? `${f.periodStart}..${f.periodEnd}` : 'no period (it could be any month)')

/**
 * The body's other files (`files`, those --replace retires left out) that clash with this one.
 * An undated file clashes with any file holding a payment in its period: dated in one of its
 * months, or undated in an overlapping period. A dated file clashes with a file none of whose
 * payments has a date, when one of its months falls in that file's period. (Dated files beside
 * each other are checked row by row for repeats, as ever.) A file with no period is taken to
 * cover every month: where its undated payments belong cannot be said.
 */
export function undatedClashes(files: readonly SpendFileRecord[], held: ReadonlyMap<number, Holding>, mine: ThisFile): Clash[] {
  const clashes: Clash[] = []
  for (const file of files) {
    const h = held.get(file.id)
    if (!h) continue
    if (mine.undated) {
      const months = h.months.filter((m) => within(m, mine.period.start, mine.period.end)).sort()
      if (months.length) clashes.push({ file, holds: `payments dated in ${listMonths(months)}` })
      else if (h.undatedPayments && overlaps(file, mine.period)) clashes.push({ file, holds: `payments without dates, placed in its period ${periodOf(file)}` })
    } else if (h.months.length === 0 && h.undatedPayments) {
      const months = [...mine.months].filter((m) => within(m, file.periodStart, file.periodEnd)).sort()
      if (months.length) clashes.push({ file, holds: `payments without dates, placed in its period ${periodOf(file)}, where this file has payments dated in ${listMonths(months)}` })
    }
  }
  return clashes
}

/** Why the file is refused, naming each file it clashes with, what that file holds, and the ways on. */
export function describeClashes(clashes: readonly Clash[], mine: ThisFile): string {
  const named = clashes.map((c) => `"${c.file.fileName}" (sha256 ${c.file.sha256.slice(0, 12)}…) holds ${c.holds}`).join('; ')
  const one = clashes.length === 1
  const replace = `--replace "${clashes[0]!.file.fileName}"`
  if (mine.undated) {
    return (
      `this file has no payment dates, and its period ${mine.period.start}..${mine.period.end} (from --period) overlaps what another of the body's files holds: ${named}. ` +
      'Repeated payments are found by date, so a payment in both would be counted twice. ' +
      `If this file replaces ${one ? 'that file' : 'one of them'}, add ${replace}${one ? '' : ' (naming the one it replaces)'}; if --period is wrong, give the months this file covers; ` +
      'if a column does hold the payment dates, name it with --map date="HEADER". Otherwise the two files cannot both be counted: ingest the one that has dates'
    )
  }
  return (
    `this file's payments fall in the period of another of the body's files that has no payment dates: ${named}. ` +
    'Repeated payments are found by date, so a payment in both would be counted twice. ' +
    `If this file replaces ${one ? 'that file' : 'one of them'} (a dated edition of the same payments), add ${replace}${one ? '' : ' (naming the one it replaces)'}; otherwise the two files cannot both be counted`
  )
}

// Header words and cell values that suggest a column holds dates, in a form we may not read.
const DATE_WORDS = /\b(date|dated|posted|paid|when|day|time|period|month|week|year)\b/i
const DATE_VALUE = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}|\b\d{4}-?w\d{1,2}\b|\bp\d{1,2}\b|\b(19|20)\d{2}(0[1-9]|1[0-2])([0-2]\d|3[01])\b/i

/**
 * The first column whose values (a third of them) look like dates, whatever field it was taken
 * for (a "Ref" of timestamps), or that no field reads and whose header words say date; else null.
 * The amount and payee columns are what the file is read for, and are not asked.
 */
export function dateLikeColumn(cells: readonly string[], columns: Partial<Record<Field, number>>, below: readonly (readonly string[])[]): number | null {
  const used = new Set(Object.values(columns))
  for (let i = 0; i < cells.length; i++) {
    if (i === columns.amount || i === columns.supplier) continue
    if (!used.has(i) && DATE_WORDS.test(cells[i]!.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' '))) return i
    const values = below.map((row) => (row[i] ?? '').trim()).filter((v) => v !== '')
    if (values.length && values.filter((v) => DATE_VALUE.test(v)).length * 3 >= values.length) return i
  }
  return null
}

// A month written as a word, not as part of a longer word ("mayor").
const MONTH_WORD = /(?:^|[^a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])/i

/**
 * Whether `hint` may place a file's undated payments: --period, or a file name that gives the
 * month in words (`apr-jun-2014`, `June-23`). A name that gives it as a number may not:
 * `spend-2011-12.csv` is as likely the financial year 2011-12 as December 2011.
 */
export function periodForUndated(hint: NonNullable<FileReport['period']>, fileName: string): boolean {
  return hint.from === 'flag' || (hint.from === 'file name' && MONTH_WORD.test(fileName))
}

export const periodSource = (hint: NonNullable<FileReport['period']>) => (hint.from === 'flag' ? 'from --period' : `from the file name`)
