// An XLSX workbook -> the rows of its spend sheets, as text cells, so a workbook runs through the
// same pipeline as a CSV. Every sheet whose header row reads as spend is read (a workbook of one
// sheet per month is one file), or just the one --sheet names. Rows are numbered across the
// sheets read (so each has one line number in spend_rejects) and each line can be traced back to
// its sheet and row. The workbook is read whole: XLSX is a zip of XML, and workbooks published
// as spend files are small next to the CSVs we stream.
import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import { findHeader } from './detect'
import type { Inference } from './infer'
import { parseAmount, parseDate } from './parse'

/** What sheet and row of the workbook a line of the combined rows came from. */
export interface SheetSpan {
  sheet: string
  /** The first line (1-based, across the sheets read) and the sheet row it holds. */
  firstLine: number
  firstRow: number
  rows: number
}

export interface WorkbookRows {
  rows: string[][]
  lines: number[]
  spans: SheetSpan[]
  /** Sheets passed over because no header row read as spend. */
  skipped: string[]
  /** Rows of the second and later sheets at or above their header: not data, not passed on. */
  aboveHeaders: number
  /** True when no sheet read as spend and the first is given whole, for the pipeline to refuse. */
  noSpendSheet: boolean
}

export class WorkbookError extends Error {
  constructor(
    readonly code: 'SHEET_NOT_FOUND' | 'SHEETS_DIFFER' | 'SHEETS_OVERLAP' | 'NOT_A_WORKBOOK',
    message: string,
  ) {
    super(message)
  }
}

/** Where a zip-based spreadsheet is: by name, and by the zip signature at its start. */
export function isWorkbook(path: string, head: Buffer): boolean {
  return /\.xlsx$/i.test(path) && head[0] === 0x50 && head[1] === 0x4b
}

/**
 * The identity of one sheet read from a workbook with --sheet: the workbook's sha256 and the
 * sheet's name, hashed, so each sheet read alone is a file of its own and the same sheet again
 * is unchanged.
 */
export function sheetIdentity(workbookSha256: string, sheet: string): string {
  return createHash('sha256').update(`${workbookSha256}\0sheet\0${sheet}`).digest('hex')
}

/** Excel's day 0 (1899-12-30, after its 1900 leap-year bug) in ms since the Unix epoch. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
/** 1900-01-01 to 9999-12-31: numbers in this range under a date header are serial dates. */
const SERIAL_MIN = 1
const SERIAL_MAX = 2_958_465

/** An Excel serial day (45383) -> "2024-04-01"; the time of day, if any, is dropped. */
export function serialToIsoDate(serial: number): string {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)
}

/**
 * A number as the text a person would have typed: binary-float residue from the spreadsheet
 * (1234.5600000000002) is dropped by reading 15 significant digits, as Excel shows them.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n)
  const text = String(Number(n.toPrecision(15)))
  return /e/i.test(text) ? n.toFixed(10).replace(/\.?0+$/, '') : text
}

/** One cell's value as text: dates as ISO days, numbers without float residue, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue)
  if ('formula' in value || 'sharedFormula' in value) return ''
  if ('text' in value) return String(value.text)
  if ('error' in value) return String(value.error)
  return ''
}

/** One sheet's rows as text, blank rows kept (so row numbers stay the sheet's). */
function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = []
  const width = sheet.columnCount
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    while (rows.length < number - 1) rows.push([])
    const cells = new Array<string>(width)
    for (let c = 1; c <= width; c++) cells[c - 1] = cellText(row.getCell(c).value)
    rows.push(cells)
  })
  return rows
}

/** Numbers under a header that says "date" are Excel serial days, when the cell had no date format. */
function serialDates(rows: string[][], headerIndex: number, header: readonly string[]): void {
  const dateColumns = header.flatMap((h, i) => (/\bdate\b|\bdated\b/i.test(h) ? [i] : []))
  for (let r = headerIndex + 1; r < rows.length; r++) {
    for (const c of dateColumns) {
      const text = rows[r]![c]
      if (text && /^\d+(\.\d+)?$/.test(text)) {
        const serial = Number(text)
        if (serial >= SERIAL_MIN && serial <= SERIAL_MAX) rows[r]![c] = serialToIsoDate(serial)
      }
    }
  }
}

const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, ' ')

/** Every visible sheet of the workbook at `path` (or all sheets, with `hidden`), as text rows. */
export async function readSheets(path: string, hidden = false): Promise<Array<{ name: string; rows: string[][]; visible: boolean }>> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.readFile(path)
  } catch (error) {
    throw new WorkbookError('NOT_A_WORKBOOK', `the file is not a readable XLSX workbook: ${error instanceof Error ? error.message : String(error)}`)
  }
  return workbook.worksheets
    .map((s) => ({ name: s.name, visible: s.state === 'visible' || s.state === undefined, sheet: s }))
    .filter((s) => hidden || s.visible)
    .map(({ name, visible, sheet }) => ({ name, visible, rows: sheetRows(sheet) }))
}

/**
 * Reads the workbook at `path`: the sheet `only` names, or every visible sheet whose header reads
 * as spend. Later sheets' columns are put in the first sheet's order, matched by header text.
 * When no sheet reads as spend, the first sheet is returned whole, for the pipeline to refuse
 * with what it saw.
 */
export async function readWorkbook(path: string, only: string | null = null): Promise<WorkbookRows> {
  const all = await readSheets(path, true)
  let sheets = all.filter((s) => s.visible)
  if (only !== null) {
    const named = all.find((s) => s.name === only) ?? all.find((s) => s.name.trim().toLowerCase() === only.trim().toLowerCase())
    if (!named) {
      throw new WorkbookError('SHEET_NOT_FOUND', `--sheet "${only}": the workbook has no such sheet. Its sheets: ${all.map((s) => `"${s.name}"`).join(', ')}`)
    }
    sheets = [named]
  }
  const read: Array<{ name: string; rows: string[][]; headerIndex: number; header: string[]; mapping: Inference }> = []
  const skipped: string[] = []
  for (const sheet of sheets) {
    const header = findHeader(sheet.rows)
    if (header.found) read.push({ name: sheet.name, rows: sheet.rows, headerIndex: header.index, header: header.cells, mapping: header.mapping })
    else skipped.push(sheet.name)
  }
  if (read.length === 0) {
    const first = sheets[0]
    const rows = first?.rows ?? []
    return { rows, lines: rows.map((_, i) => i + 1), spans: first ? [{ sheet: first.name, firstLine: 1, firstRow: 1, rows: rows.length }] : [], skipped, aboveHeaders: 0, noSpendSheet: true }
  }
  for (const s of read) serialDates(s.rows, s.headerIndex, s.header)

  const first = read[0]!
  const order = first.header.map(headerKey)
  const out: WorkbookRows = { rows: [], lines: [], spans: [], skipped, aboveHeaders: 0, noSpendSheet: false }
  const keys: Array<Map<string, number>> = []
  for (const [k, s] of read.entries()) {
    // The first sheet keeps what is above its header (a title, a preamble) for the pipeline to
    // skip and count; later sheets start below theirs (their header and titles are counted here).
    const from = k === 0 ? 0 : s.headerIndex + 1
    if (k > 0) out.aboveHeaders += from
    let permute: number[] | null = null
    if (k > 0) {
      const here = s.header.map(headerKey)
      permute = order.map((h) => (h === '' ? -1 : here.indexOf(h)))
      const lost = order.filter((h, i) => h !== '' && permute![i] === -1)
      if (lost.length) {
        throw new WorkbookError(
          'SHEETS_DIFFER',
          `sheet "${s.name}" has no column ${lost.map((h) => `"${h}"`).join(', ')} that sheet "${first.name}" has: read one sheet at a time with --sheet`,
        )
      }
    }
    out.spans.push({ sheet: s.name, firstLine: out.rows.length + 1, firstRow: from + 1, rows: s.rows.length - from })
    const mine = new Map<string, number>()
    keys.push(mine)
    for (let r = from; r < s.rows.length; r++) {
      const cells = s.rows[r]!
      const row = permute ? permute.map((i) => (i < 0 ? '' : (cells[i] ?? ''))) : cells
      out.rows.push(row)
      out.lines.push(out.rows.length)
      const key = r > s.headerIndex ? paymentKey(cells, s.mapping) : null
      if (key !== null) mine.set(key, (mine.get(key) ?? 0) + 1)
    }
  }
  refuseOverlap(read.map((s) => s.name), keys)
  return out
}

/**
 * A row as the payment it reads as, with the sheet's own inferred columns: the day (or month),
 * the pence, the payee's letters and digits, and the reference. The same payment is the same key
 * whether a sheet holds its date as a date or as text, or its amount as "1,200.00" or 1200.
 * Null for a row that is not a dated payment (a footer, a caption, a summary line).
 */
function paymentKey(cells: readonly string[], mapping: Inference): string | null {
  const c = mapping.columns
  if (c.date === undefined || c.amount === undefined || c.supplier === undefined) return null
  const date = parseDate(cells[c.date] ?? '', mapping.dateOrder.order)
  const amount = parseAmount((cells[c.amount] ?? '').trim())
  const payee = (cells[c.supplier] ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
  if (!date.ok || !date.on || !amount.ok || payee === '') return null
  const ref = c.transactionRef === undefined ? '' : (cells[c.transactionRef] ?? '').trim().toLowerCase()
  return [date.on, amount.pence, payee, ref].join('\u0001')
}

/** A sheet repeats the others when at least this share of its payments are among theirs... */
const OVERLAP_SHARE = 0.8
/** ...and at least this many: one recurring payment in two sheets is not a repeated sheet. */
const OVERLAP_MIN = 2

/**
 * Sheets read together must not repeat each other: a workbook with a sheet per month and a
 * whole-year sheet (or a "copy of" sheet) would count every payment twice. A sheet most of whose
 * payments (OVERLAP_SHARE, compared as parsed payments, not as cell text) the other sheets also
 * hold refuses the workbook.
 */
function refuseOverlap(names: readonly string[], keys: ReadonlyArray<ReadonlyMap<string, number>>): void {
  // The sheet repeating the most: a whole-year sheet over its months is named, not a month.
  let worst: { k: number; rows: number; shared: number; others: Set<string> } | null = null
  for (const [k, mine] of keys.entries()) {
    let rows = 0
    for (const n of mine.values()) rows += n
    const others = new Set<string>()
    let shared = 0
    for (const [key, n] of mine) {
      let elsewhere = 0
      for (const [j, theirs] of keys.entries()) {
        if (j === k || !theirs.has(key)) continue
        elsewhere += theirs.get(key)!
        others.add(names[j]!)
      }
      shared += Math.min(n, elsewhere)
    }
    if (shared >= OVERLAP_MIN && shared >= OVERLAP_SHARE * rows && (!worst || shared > worst.shared)) worst = { k, rows, shared, others }
  }
  if (!worst) return
  const { k, rows, shared, others } = worst
  const with_ = [...others].map((n) => `"${n}"`).join(', ')
  throw new WorkbookError(
    'SHEETS_OVERLAP',
    `sheet "${names[k]}" repeats ${shared} of its ${rows} payments (same date, amount, payee and reference) from sheet${others.size > 1 ? 's' : ''} ${with_}: read together they would count those payments twice. ` +
      `Read the sheets you want one at a time with --sheet (e.g. --sheet "${names[k]}")`,
  )
}

/** The sheet and row a line of the combined rows came from. */
export function locate(spans: readonly SheetSpan[], line: number): { sheet: string; row: number } | null {
  for (const s of spans) {
    if (line >= s.firstLine && line < s.firstLine + s.rows) return { sheet: s.sheet, row: s.firstRow + (line - s.firstLine) }
  }
  return null
}
