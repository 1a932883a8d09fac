// Bytes -> text -> rows, streaming: a file is read in bounded chunks, never held whole.
// Rows come from papaparse's parser, fed chunk by chunk; each row carries the physical line
// it starts on (1 + every line break before it, including breaks inside quoted fields).
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { type Encoding, type EncodingDecision, EncodingSniffer } from './detect'

/** Bytes per read while hashing: big reads, nothing kept. */
export const SNIFF_CHUNK_BYTES = 1 << 20
/**
 * Bytes per read while parsing. Small enough that each chunk's text and rows die young in V8's
 * nursery instead of piling up in the old generation: this is what keeps peak memory flat.
 */
export const TEXT_CHUNK_BYTES = 1 << 16

export interface FileSniff {
  sha256: string
  size: number
  /** The first bytes, to name a spreadsheet or PDF handed to us by mistake. */
  head: Buffer
  decision: EncodingDecision
}

/** First pass over the bytes: SHA-256 and the encoding decision. */
export async function sniffFile(path: string): Promise<FileSniff> {
  const hash = createHash('sha256')
  const sniffer = new EncodingSniffer()
  let size = 0
  let head = Buffer.alloc(0)
  for await (const chunk of createReadStream(path, { highWaterMark: SNIFF_CHUNK_BYTES })) {
    const bytes = chunk as Buffer
    if (head.length < 8) head = Buffer.concat([head, bytes.subarray(0, 8 - head.length)])
    hash.update(bytes)
    sniffer.update(bytes)
    size += bytes.length
  }
  return { sha256: hash.digest('hex'), size, head, decision: sniffer.finish() }
}

/** A streaming decoder for one of our encodings. The BOM never reaches the text. */
export function textDecoder(encoding: Encoding): { write(bytes: Buffer): string; end(): string } {
  switch (encoding) {
    case 'ascii':
    case 'utf-8':
    case 'utf-8-bom':
    case 'utf-16le':
    case 'utf-16be':
    case 'windows-1252': {
      const label = encoding === 'ascii' || encoding === 'utf-8-bom' ? 'utf-8' : encoding
      const decoder = new TextDecoder(label)
      return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() }
    }
    case 'cp850': {
      // Node's TextDecoder has no DOS code pages.
      const decoder = iconv.getDecoder('cp850')
      return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' }
    }
  }
}

/** Second pass: the file as text chunks, with the bytes read so far (for progress). */
export async function* readText(
  path: string,
  encoding: Encoding,
): AsyncGenerator<{ text: string; bytesRead: number }> {
  const decoder = textDecoder(encoding)
  let bytesRead = 0
  for await (const chunk of createReadStream(path, { highWaterMark: TEXT_CHUNK_BYTES })) {
    bytesRead += (chunk as Buffer).length
    const text = decoder.write(chunk as Buffer)
    if (text) yield { text, bytesRead }
  }
  const rest = decoder.end()
  if (rest) yield { text: rest, bytesRead }
}

export interface RowBatch {
  rows: string[][]
  /** The physical line each row starts on, 1-based. */
  lines: number[]
  /** Rows (by index in `rows`) whose quoting papaparse found malformed. */
  quoteErrors: Set<number>
}

/** Longest record we hold while looking for its end: beyond this, an unclosed quote is the likelier story. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024

export class UnterminatedQuoteError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * CSV text pushed in chunks -> complete rows. Holds back only the last, possibly partial,
 * record; a record that keeps growing is re-parsed only each time it doubles, so a 10 MB
 * field costs linear time.
 */
export class CsvRowReader {
  private pending = ''
  private retryAt = 0
  private nextLine = 1
  private readonly newlineChar: string

  constructor(
    private readonly delimiter: string,
    private readonly newline: '\r\n' | '\n' | '\r',
  ) {
    this.newlineChar = newline === '\r' ? '\r' : '\n'
  }

  push(text: string): RowBatch {
    this.pending = this.pending ? this.pending + text : text
    if (this.pending.length < this.retryAt) return emptyBatch()
    const parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline })
    const result = parser.parse(this.pending, 0, true) as Papa.ParseResult<string[]>
    const consumed = result.meta.cursor
    const batch = this.batch(result, this.pending, consumed)
    this.pending = this.pending.slice(consumed)
    if (consumed === 0) {
      this.retryAt = this.pending.length * 2
      if (this.pending.length > MAX_RECORD_CHARS) {
        throw new UnterminatedQuoteError(
          this.nextLine,
          `the record starting on line ${this.nextLine} runs on for more than ${MAX_RECORD_CHARS / 1024 / 1024} MB without ending: a quote is probably never closed`,
        )
      }
    } else {
      this.retryAt = 0
    }
    return batch
  }

  end(): RowBatch {
    const text = this.pending
    this.pending = ''
    if (!text) return emptyBatch()
    const parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline })
    const result = parser.parse(text, 0, false) as Papa.ParseResult<string[]>
    const unterminated = result.errors.find((e) => e.code === 'MissingQuotes')
    if (unterminated) {
      const row = unterminated.row ?? 0
      const linesBefore = result.data.slice(0, row).reduce((n, r) => n + 1 + this.countBreaks(r), 0)
      const line = this.nextLine + linesBefore
      throw new UnterminatedQuoteError(
        line,
        `the quoted field opened on line ${line} is never closed: everything after it would be one field`,
      )
    }
    // A trailing line break ends the last row; papaparse would read an empty row after it.
    const last = result.data[result.data.length - 1]
    if (text.endsWith(this.newline) && last && last.length === 1 && last[0] === '') result.data.pop()
    return this.batch(result, text, text.length)
  }

  private batch(result: Papa.ParseResult<string[]>, text: string, consumed: number): RowBatch {
    const rows = result.data
    const lines = new Array<number>(rows.length)
    // Breaks inside quoted fields are rare: count them row by row only when the text has more
    // line breaks than rows.
    let breaks = 0
    for (let i = text.indexOf(this.newlineChar); i !== -1 && i < consumed; i = text.indexOf(this.newlineChar, i + 1)) breaks++
    const embedded = breaks + (consumed === text.length && !text.endsWith(this.newlineChar) ? 1 : 0) > rows.length
    for (let r = 0; r < rows.length; r++) {
      lines[r] = this.nextLine
      this.nextLine += 1 + (embedded ? this.countBreaks(rows[r]!) : 0)
    }
    const quoteErrors = new Set<number>()
    for (const e of result.errors) if (e.code === 'InvalidQuotes' && e.row !== undefined && e.row < rows.length) quoteErrors.add(e.row)
    return { rows, lines, quoteErrors }
  }

  private countBreaks(row: readonly string[]): number {
    let n = 0
    for (const field of row) {
      for (let i = field.indexOf(this.newlineChar); i !== -1; i = field.indexOf(this.newlineChar, i + 1)) n++
    }
    return n
  }
}

function emptyBatch(): RowBatch {
  return { rows: [], lines: [], quoteErrors: new Set() }
}
