// What a file is: its text encoding (from its bytes), its delimiter and line ending (from a
// sample of its text), and where its header row is (from its first rows). Pure, no I/O.
import { isAscii, isUtf8 } from 'node:buffer'
import Papa from 'papaparse'
import { requiredFields } from './columns'
import { type Inference, inferColumns, OverrideError, type Overrides } from './infer'
import { parseAmount, parseDate } from './parse'

export const encodings = ['ascii', 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'cp850'] as const
export type Encoding = (typeof encodings)[number]

export type EncodingDecision =
  | {
      kind: 'text'
      encoding: Encoding
      reason: string
      /** Windows-1252 only: bytes that code page leaves undefined (decoded as C1 control characters). */
      undefinedBytes?: number
    }
  | { kind: 'empty' }
  | { kind: 'binary'; offset: number }

// Bytes that Windows-1252 leaves undefined; they are letters in DOS code page 850.
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])
// Windows-1252 punctuation common in UK office text: € … ‘ ’ “ ” • – —.
const PUNCTUATION_1252 = new Set([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97])

/** Bytes checked at a time for being all ASCII before the encoding scores walk them one by one. */
const SCORE_BLOCK = 256

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39
}

/**
 * Reads a file's bytes chunk by chunk (never all at once) and decides how to decode them:
 * UTF-8 with or without BOM when the bytes are valid UTF-8 (ASCII when they are all below
 * 0x80), UTF-16 when a BOM says so, else a single-byte code page. Between those, the pound
 * sign decides: 0xA3 next to a figure is £ in Windows-1252 / ISO-8859-1, 0x9C next to a figure
 * or in "(…)" is £ in DOS code pages 437/850. A NUL byte outside UTF-16 means not a text file.
 */
export class EncodingSniffer {
  private size = 0
  private head: Buffer = Buffer.alloc(0)
  private ascii = true
  private utf8 = true
  private carry: Buffer = Buffer.alloc(0)
  private nulAt = -1
  private dos = 0
  private win = 0
  private dosEvidence = ''
  private winEvidence = ''
  private previous = -1
  private undefined1252 = 0

  update(chunk: Buffer): void {
    if (this.head.length < 4) this.head = Buffer.concat([this.head, chunk.subarray(0, 4 - this.head.length)])
    if (this.nulAt < 0) {
      const nul = chunk.indexOf(0)
      if (nul >= 0) this.nulAt = this.size + nul
    }
    this.size += chunk.length
    if (this.ascii && isAscii(chunk)) {
      this.previous = chunk[chunk.length - 1] ?? this.previous
      return
    }
    this.ascii = false
    if (this.utf8) this.checkUtf8(chunk)
    this.score(chunk)
  }

  private checkUtf8(chunk: Buffer): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk
    // Hold back a multi-byte sequence cut by the chunk boundary until the next chunk.
    let cut = bytes.length
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const b = bytes[bytes.length - back]!
      if ((b & 0xc0) === 0x80) continue
      if (b >= 0xc0) {
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
        if (need > back) cut = bytes.length - back
      }
      break
    }
    if (!isUtf8(bytes.subarray(0, cut))) this.utf8 = false
    this.carry = Buffer.from(bytes.subarray(cut))
  }

  private score(chunk: Buffer): void {
    // Only blocks holding a byte at or above 0x80 are walked byte by byte (isAscii is native):
    // in a single-byte file they are a small part of the bytes, and ASCII bytes score nothing,
    // so the scores are exactly those of walking every byte.
    for (let start = 0; start < chunk.length; start += SCORE_BLOCK) {
      const end = Math.min(chunk.length, start + SCORE_BLOCK)
      if (isAscii(chunk.subarray(start, end))) continue
      for (let i = start; i < end; i++) this.scoreByte(chunk, i)
    }
    this.previous = chunk[chunk.length - 1] ?? this.previous
  }

  private scoreByte(chunk: Buffer, i: number): void {
    const b = chunk[i]!
    if (b < 0x80) return
    const before = i > 0 ? chunk[i - 1] : this.previous
    const after = chunk[i + 1]
    const nearFigure = isDigit(after) || before === 0x28 /* ( */ || after === 0x29 /* ) */ || after === 0x20
    if (b === 0x9c) {
      this.dos += nearFigure ? 3 : 1
      if (nearFigure && !this.dosEvidence) this.dosEvidence = `byte 0x9C at offset ${this.size - chunk.length + i} stands where £ would`
    } else if (b === 0xa3) {
      this.win += nearFigure ? 3 : 1
      if (nearFigure && !this.winEvidence) this.winEvidence = `byte 0xA3 at offset ${this.size - chunk.length + i} stands where £ would`
    } else if (UNDEFINED_IN_1252.has(b)) {
      this.dos += 2
      this.undefined1252++
    } else if (PUNCTUATION_1252.has(b)) {
      this.win += 1
    }
  }

  finish(): EncodingDecision {
    if (this.size === 0) return { kind: 'empty' }
    const h = this.head
    if (h[0] === 0xff && h[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le', reason: 'UTF-16 little-endian byte-order mark' }
    if (h[0] === 0xfe && h[1] === 0xff) return { kind: 'text', encoding: 'utf-16be', reason: 'UTF-16 big-endian byte-order mark' }
    if (this.nulAt >= 0) return { kind: 'binary', offset: this.nulAt }
    const bom = h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf
    if (this.ascii) return { kind: 'text', encoding: 'ascii', reason: 'every byte is below 0x80' }
    if (this.utf8 && this.carry.length === 0) {
      return bom
        ? { kind: 'text', encoding: 'utf-8-bom', reason: 'UTF-8 byte-order mark, and the bytes are valid UTF-8' }
        : { kind: 'text', encoding: 'utf-8', reason: 'the bytes are valid UTF-8' }
    }
    if (this.dos > this.win) {
      return {
        kind: 'text',
        encoding: 'cp850',
        reason: `not valid UTF-8; ${this.dosEvidence || 'bytes undefined in Windows-1252 are letters in DOS code page 850'}: £ is 0x9C in DOS code page 850`,
      }
    }
    return {
      kind: 'text',
      encoding: 'windows-1252',
      reason: `not valid UTF-8; ${this.winEvidence || 'no sign of a DOS code page'}: read as Windows-1252 (a superset of ISO-8859-1, £ is 0xA3)`,
      ...(this.undefined1252 ? { undefinedBytes: this.undefined1252 } : {}),
    }
  }
}

/**
 * The line ending most lines use. Counted rather than taken from the first break: a CRLF file
 * may hold bare LFs inside quoted fields (Hyndburn's Dec-25 file), even in its first rows.
 */
export function detectNewline(sample: string): '\r\n' | '\n' | '\r' {
  let crlf = 0
  let lf = 0
  let cr = 0
  for (let i = sample.indexOf('\n'); i !== -1; i = sample.indexOf('\n', i + 1)) {
    if (sample.charCodeAt(i - 1) === 13) crlf++
    else lf++
  }
  for (let i = sample.indexOf('\r'); i !== -1; i = sample.indexOf('\r', i + 1)) if (sample.charCodeAt(i + 1) !== 10) cr++
  if (crlf === 0 && lf === 0 && cr === 0) return '\n'
  if (crlf >= lf && crlf >= cr) return '\r\n'
  return lf >= cr ? '\n' : '\r'
}

export const delimiters = [',', ';', '\t', '|'] as const
export type Delimiter = (typeof delimiters)[number]

/**
 * The delimiter that splits the sample's non-blank rows into the same number of fields
 * (more than one) most often; ties go to more fields, then to the comma.
 */
export function detectDelimiter(sample: string, newline: string): Delimiter {
  let best: { delimiter: Delimiter; rows: number; fields: number } = { delimiter: ',', rows: 0, fields: 0 }
  for (const delimiter of delimiters) {
    const parsed = Papa.parse<string[]>(sample, { delimiter, newline: newline as '\n', preview: 50 })
    const counts = new Map<number, number>()
    for (const row of parsed.data) {
      if (row.length < 2 || row.every((c) => c.trim() === '')) continue
      counts.set(row.length, (counts.get(row.length) ?? 0) + 1)
    }
    for (const [fields, rows] of counts) {
      if (rows > best.rows || (rows === best.rows && fields > best.fields)) best = { delimiter, rows, fields }
    }
  }
  return best.delimiter
}

export const HEADER_SEARCH_ROWS = 50
/** Non-blank rows below a candidate header whose values are profiled. */
export const VALUE_SAMPLE_ROWS = 200

export type HeaderSearch =
  /** `index` is the header's last row; `cells` its text (two rows joined when it is split over two). */
  | { found: true; index: number; cells: string[]; mapping: Inference }
  | { found: false; best: { index: number; cells: string[]; mapping: Inference } | null }

/**
 * The first of the first rows that reads as a header: inferred from its cells and the values
 * below it, it yields every required field, at least one of them through its header words
 * (a title row above the header has none), and no required field two columns could be.
 * Report preambles, rows of empty cells and title lines above it are passed over. A header
 * split over two rows ("Payment" over "Date", "Amount" over "(£)") is read as one when the
 * lower row holds no values and the two read together name the fields better than either row
 * alone. A --map or profile header no row has throws OverrideError.
 */
export function findHeader(rows: readonly (readonly string[])[], overrides?: Overrides, options: { undated?: boolean } = {}): HeaderSearch {
  // With the file's period known (--period, or its name), a file without a date column is read:
  // its payments are stored undated within that period. Only then is date not required.
  const required = options.undated ? requiredFields.filter((f) => f !== 'date') : requiredFields
  let best: { index: number; cells: string[]; mapping: Inference; score: number } | null = null
  let overrideError: OverrideError | null = null
  let byValues: { index: number; cells: string[]; mapping: Inference } | null = null
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS)
  const infer = (cells: readonly string[], index: number): Inference | null => {
    try {
      const mapping = inferColumns(cells, sampleBelow(rows, index), overrides)
      return options.undated ? { ...mapping, missing: mapping.missing.filter((f) => required.includes(f)) } : mapping
    } catch (error) {
      if (!(error instanceof OverrideError)) throw error
      overrideError ??= error
      return null
    }
  }
  for (let index = 0; index < limit; index++) {
    const cells = rows[index]!
    const split = splitHeader(rows, index, infer)
    if (split) return { found: true, ...split }
    // A header names at least the required fields, each differently: a title merged across the
    // columns (its text in every cell) is not one.
    if (new Set(cells.map((c) => c.trim()).filter((c) => c !== '')).size < required.length) continue
    const mapping = infer(cells, index)
    if (!mapping) continue
    const byWords = mapping.choices.some((c) => required.includes(c.field) && c.why !== 'values')
    // A row whose own date or amount cell is a value is data, not a header, whatever its words.
    if (mapping.missing.length === 0 && mapping.ambiguous.length === 0 && !rowHoldsValues(cells, mapping)) {
      if (byWords) return { found: true, index, cells: [...cells], mapping }
      // No header word names a required field, but the values below say which is which: taken
      // only when no row has header words, and only if this row's own cells are not values.
      byValues ??= { index, cells: [...cells], mapping }
    }
    if (rowHoldsValues(cells, mapping)) continue
    const score = mapping.choices.filter((c) => c.why !== 'values').length - mapping.missing.length * 10 - mapping.ambiguous.length * 5
    if (!best || score > best.score) best = { index, cells: [...cells], mapping, score }
  }
  if (byValues) return { found: true, ...byValues }
  if (overrideError && !best) throw overrideError
  if (overrideError && best && best.mapping.missing.length) throw overrideError
  return { found: false, best: best && { index: best.index, cells: best.cells, mapping: best.mapping } }
}

function filledCells(cells: readonly string[]): number {
  let filled = 0
  for (const c of cells) if (c.trim() !== '') filled++
  return filled
}

/**
 * Rows `index` and `index + 1` read as one header, when the lower row holds no value at all
 * (no date, no amount: it is not a payment), the rows below it do, and together they name the
 * required fields by header words better than the upper or the lower row alone. Else null.
 */
function splitHeader(
  rows: readonly (readonly string[])[],
  index: number,
  infer: (cells: readonly string[], index: number) => Inference | null,
): { index: number; cells: string[]; mapping: Inference } | null {
  const upper = rows[index]!
  const lower = rows[index + 1]
  if (!lower || filledCells(upper) === 0 || filledCells(lower) === 0 || lower.some(isValue) || upper.some(isValue)) return null
  const width = Math.max(upper.length, lower.length)
  const cells = Array.from({ length: width }, (_, i) => {
    const a = (upper[i] ?? '').trim()
    const b = (lower[i] ?? '').trim()
    // A cell merged down over both rows repeats its text in each.
    return a === b || b === '' ? a : a === '' ? b : `${a} ${b}`
  })
  if (filledCells(cells) < requiredFields.length || cells.every((c, i) => c === (lower[i] ?? '').trim())) return null
  const joined = infer(cells, index + 1)
  if (!joined || joined.missing.length || joined.ambiguous.length) return null
  const strength = wordStrength(joined)
  // The first data row below must be one: a header is followed by payments.
  const next = sampleBelow(rows, index + 1)[0]
  if (!next || !rowHoldsValues(next, joined)) return null
  // A row of notes only ("(£)", "(dd/mm/yyyy)") is part of the header even when it adds no word.
  const notes = lower.every((c) => c.trim() === '' || NOTE.test(c.trim()))
  for (const [alone, at] of [[upper, index], [lower, index + 1]] as const) {
    if (filledCells(alone) < requiredFields.length) continue
    const m = infer(alone, at)
    const weaker = notes ? (m ? wordStrength(m) : -1) > strength : (m ? wordStrength(m) : -1) >= strength
    if (weaker) return null
  }
  return { index: index + 1, cells, mapping: joined }
}

/** A cell that only notes a unit or format: "(£)", "[GBP]", "£", "%", "dd/mm/yyyy". */
const NOTE = /^(\(.*\)|\[.*\]|[£$€%]|gbp|eur|usd|d{1,2}[/.-]m{1,3}[/.-]y{2,4})$/i

/** How surely header words (not values) name the required fields, missing ones counting nothing. */
function wordStrength(m: Inference): number {
  if (m.missing.length || m.ambiguous.length) return -1
  return m.choices.filter((c) => requiredFields.includes(c.field) && c.why !== 'values').reduce((s, c) => s + c.confidence, 0)
}

/** A cell that is a payment's value: a date or an amount. */
function isValue(cell: string): boolean {
  const text = cell.trim()
  if (text === '') return false
  const date = parseDate(text)
  return (date.ok && date.on !== null) || parseAmount(text).ok
}

/** A data row, not a header: its date cell is a date or its amount cell is money. */
function rowHoldsValues(cells: readonly string[], mapping: Inference): boolean {
  const at = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim())
  const date = parseDate(at(mapping.columns.date))
  return (date.ok && date.on !== null) || parseAmount(at(mapping.columns.amount)).ok
}

function sampleBelow(rows: readonly (readonly string[])[], index: number): Array<readonly string[]> {
  const sample: Array<readonly string[]> = []
  for (let i = index + 1; i < rows.length && sample.length < VALUE_SAMPLE_ROWS; i++) {
    const row = rows[i]!
    if (row.some((c) => c.trim() !== '')) sample.push(row)
  }
  return sample
}
