// Bytes -> text -> rows, streaming: a file is read in bounded chunks, never held whole.
// Rows come from papaparse's parser, fed chunk by chunk; each row carries the physical line
// it starts on (1 + every line break before it, including breaks inside quoted fields).
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { createGunzip } from 'node:zlib'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { type Encoding, type EncodingDecision, EncodingSniffer, detectDelimiter, detectNewline } from './detect'
import { readWorkbook, type WorkbookRows } from './xlsx'

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

/**
 * The name a file is known by: its base name, without a .gz (a gzipped CSV is its CSV); one
 * sheet of a workbook read alone is "book.xlsx#Sheet".
 */
export function spendFileName(path: string, sheet: string | null): string {
  const name = basename(path).replace(/\.gz$/i, '')
  return sheet !== null && /\.xlsx$/i.test(name) ? `${name}#${sheet}` : name
}

/** Gzipped files are read through gunzip: a .csv.gz is its CSV, and hashes as the CSV. */
export const isGzip = (path: string) => /\.gz$/i.test(path)

/** The file's bytes (decompressed when it is gzipped), in chunks of `highWaterMark`. */
export function readBytes(path: string, highWaterMark: number): AsyncIterable<Buffer> {
  const stream = createReadStream(path, { highWaterMark })
  return isGzip(path) ? stream.pipe(createGunzip({ chunkSize: highWaterMark })) : stream
}

/** First pass over the bytes: SHA-256 and the encoding decision. */
export async function sniffFile(path: string): Promise<FileSniff> {
  const hash = createHash('sha256')
  const sniffer = new EncodingSniffer()
  let size = 0
  let head = Buffer.alloc(0)
  for await (const chunk of readBytes(path, SNIFF_CHUNK_BYTES)) {
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
  for await (const chunk of readBytes(path, TEXT_CHUNK_BYTES)) {
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

/** Characters of text the delimiter and line ending are judged on. */
const SAMPLE_CHARS = 64 * 1024

/**
 * A file's rows, streamed: the dialect (delimiter, line ending) is judged on its first 64K
 * characters; rows can be held back (hold) to look for the header and the body before the
 * rest streams (rest). Counts U+FFFD characters in the text as it goes.
 */
export class RowSource {
  /** Rows read ahead with hold(), not yet taken by rest(). */
  readonly held: RowBatch = emptyBatch()
  bytesRead = 0
  replacements = 0
  /** For a workbook: the sheet and row of each line (xlsx.ts). */
  sheets: WorkbookRows | null = null
  private done = false
  private readonly batches: AsyncGenerator<RowBatch>

  private constructor(
    readonly delimiter: string,
    readonly newline: '\r\n' | '\n' | '\r',
    batches: (self: RowSource) => AsyncGenerator<RowBatch>,
  ) {
    this.batches = batches(this)
  }

  /** The rows of a workbook's spend sheets, read whole by xlsx.ts, as one source. */
  static async fromWorkbook(path: string, sheet: string | null, size: number): Promise<RowSource> {
    const book = await readWorkbook(path, sheet)
    const source = new RowSource(',', '\n', async function* () {
      yield { rows: book.rows, lines: book.lines, quoteErrors: new Set<number>() }
    })
    source.sheets = book
    source.bytesRead = size
    return source
  }

  static async open(path: string, encoding: Encoding): Promise<RowSource> {
    const texts = readText(path, encoding)
    let sample = ''
    let bytesRead = 0
    let textsDone = false
    while (sample.length < SAMPLE_CHARS) {
      const next = await texts.next()
      if (next.done) {
        textsDone = true
        break
      }
      sample += next.value.text
      bytesRead = next.value.bytesRead
    }
    const newline = detectNewline(sample)
    const source = new RowSource(detectDelimiter(sample, newline), newline, (self) => self.read(texts, sample, textsDone))
    source.bytesRead = bytesRead
    return source
  }

  private async *read(texts: AsyncGenerator<{ text: string; bytesRead: number }>, sample: string, textsDone: boolean): AsyncGenerator<RowBatch> {
    const reader = new CsvRowReader(this.delimiter, this.newline)
    try {
      this.count(sample)
      yield reader.push(sample)
      if (!textsDone) {
        for await (const chunk of texts) {
          this.bytesRead = chunk.bytesRead
          this.count(chunk.text)
          yield reader.push(chunk.text)
        }
      }
      yield reader.end()
    } finally {
      await texts.return(undefined)
    }
  }

  private count(text: string): void {
    for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) this.replacements++
  }

  /** Reads one more batch into `held`; false at the end of the file. */
  async hold(): Promise<boolean> {
    if (this.done) return false
    const next = await this.batches.next()
    if (next.done) {
      this.done = true
      return false
    }
    const offset = this.held.rows.length
    for (const r of next.value.quoteErrors) this.held.quoteErrors.add(offset + r)
    // One row at a time: a batch can hold more rows than a spread call takes arguments.
    for (let i = 0; i < next.value.rows.length; i++) {
      this.held.rows.push(next.value.rows[i]!)
      this.held.lines.push(next.value.lines[i]!)
    }
    return true
  }

  /** The held rows from `from` on, then the rest of the file, batch by batch. */
  async *rest(from: number): AsyncGenerator<RowBatch> {
    const held = this.held
    yield {
      rows: held.rows.slice(from),
      lines: held.lines.slice(from),
      quoteErrors: new Set([...held.quoteErrors].filter((i) => i >= from).map((i) => i - from)),
    }
    held.rows.length = 0
    held.lines.length = 0
    held.quoteErrors.clear()
    if (this.done) return
    for await (const batch of this.batches) yield batch
    this.done = true
  }

  /** Stops reading (closing the file) when a file is refused part way. */
  async close(): Promise<void> {
    await this.batches.return(undefined)
  }
}
