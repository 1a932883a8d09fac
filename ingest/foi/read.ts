// Bytes -> text -> a format. An FOI list is small (a request list of thousands of rows is a
// few MB), so it is decoded whole; the spend pipeline's sniffer decides the encoding and hashes.
import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import Papa from 'papaparse'
import { sniffFile, textDecoder } from '../spend/read'

export const foiFormats = [
  'wdtk-requests',
  'wdtk-authorities',
  'wdtk-bodies-json',
  'disclosure-log-csv',
  'infreemation-json',
  'icasework-xml',
  'foi-record',
] as const
export type FoiFormat = (typeof foiFormats)[number]

/** A file refused before any row is read: why, and where when we know. */
export class FoiFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number | null = null,
    readonly column: string | null = null,
  ) {
    super(message)
  }
}

export interface FoiText {
  sha256: string
  encoding: string
  text: string
}

/** Largest list we read whole: past this, it is not an FOI list. */
const MAX_BYTES = 256 * 1024 * 1024

export async function readFoiText(path: string): Promise<FoiText> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new FoiFileError('FILE_NOT_FOUND', `no such file: ${path}`)
  if (!info.isFile()) throw new FoiFileError('NOT_A_FILE', `${path} is not a file`)
  if (info.size > MAX_BYTES) throw new FoiFileError('TOO_LARGE', `${path} is ${info.size} bytes; FOI lists over ${MAX_BYTES} bytes are not read`)
  const sniff = await sniffFile(path)
  const d = sniff.decision
  if (d.kind === 'empty') throw new FoiFileError('EMPTY_FILE', 'the file is empty (0 bytes)')
  if (d.kind === 'binary') {
    const zip = sniff.head[0] === 0x50 && sniff.head[1] === 0x4b
    throw new FoiFileError(
      'NOT_TEXT',
      zip
        ? 'this is a zip archive (an .xlsx spreadsheet?), not a request list or disclosure log: a table released with an answer is an attachment of an FOI record (attachments: - file: …)'
        : `byte 0x00 (NUL) at offset ${d.offset}: this is not a text file`,
    )
  }
  const decoder = textDecoder(d.encoding)
  const text = decoder.write(await readFile(path)) + decoder.end()
  return { sha256: sniff.sha256, encoding: d.encoding, text }
}

/**
 * Rows of a CSV text, each with the physical line it starts on. A quote left open swallows every
 * row after it into one cell, so an unbalanced or malformed quote refuses the file with its line
 * (`partial`: the text is a cut-off head, read only to detect the format, whose last row may be
 * cut inside quotes).
 */
export function csvRows(text: string, { partial = false }: { partial?: boolean } = {}): { rows: string[][]; lines: number[] } {
  const rows: string[][] = []
  const lines: number[] = []
  let line = 1
  let at = 0
  let broken: FoiFileError | null = null
  const advance = (to: number) => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) line++
    at = to
  }
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step: (result, parser) => {
      // Leading line breaks of a row belong to no row: count them before the row starts.
      let start = at
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++
      advance(start)
      const quote = result.errors.find((e) => e.type === 'Quotes')
      if (quote && !(partial && quote.code === 'MissingQuotes')) {
        broken = new FoiFileError(
          'BAD_CSV',
          quote.code === 'MissingQuotes'
            ? `a quoted field opened on line ${line} is never closed: every row after it would be read as part of one cell; nothing landed`
            : `a quoted field on line ${line} has characters after its closing quote (a quote inside a field is written ""); nothing landed`,
          line,
        )
        parser.abort()
        return
      }
      rows.push(result.data)
      lines.push(line)
      advance(result.meta.cursor)
    },
  })
  if (broken) throw broken
  return { rows, lines }
}

/**
 * Every row under the header has the header's number of fields: a row with more or fewer has a
 * stray separator or a lost one, and its values would land in the wrong columns. Blank rows pass.
 */
export function checkFieldCounts(rows: string[][], lines: number[], headerIndex: number): void {
  const width = rows[headerIndex]?.length ?? 0
  for (let k = headerIndex + 1; k < rows.length; k++) {
    const r = rows[k]!
    if (r.length === width || r.every((c) => c.trim() === '')) continue
    throw new FoiFileError(
      'BAD_CSV',
      `line ${lines[k]} has ${r.length} fields where the header on line ${lines[headerIndex]} has ${width}: a separator is missing or extra (a comma inside a value needs quotes); nothing landed`,
      lines[k] ?? null,
    )
  }
}

/** The format of a file's text, from its content (and the extension only to tell YAML). */
export function detectFormat(path: string, text: string, headerWords: (rows: string[][]) => FoiFormat | null): FoiFormat {
  const head = text.replace(/^\ufeff/, '').trimStart()
  if (head.startsWith('{') || head.startsWith('[')) {
    let data: unknown
    try {
      data = JSON.parse(head)
    } catch (error) {
      // A YAML flow list also starts with "[": only .json files are held to JSON.
      if (!/\.ya?ml$/i.test(path)) throw jsonError(head, error)
    }
    if (data !== undefined) {
      const published = (data as { published?: { request?: unknown } } | null)?.published
      if (published && typeof published === 'object' && 'request' in published) return 'infreemation-json'
      if (Array.isArray(data) && data.some((x) => x && typeof x === 'object' && 'WDTK_ID' in x)) return 'wdtk-bodies-json'
      throw new FoiFileError('UNKNOWN_FORMAT', 'a JSON file, but neither an Infreemation disclosure log ({"published": {"request": […]}}) nor WhatDoTheyKnow body metadata ([{"WDTK_ID": …}])')
    }
  }
  if (head.startsWith('<') || /^HTTP\/\d/.test(head)) return 'icasework-xml'
  if (/\.ya?ml$/i.test(path) || /^(?:#.*\n|---\s*\n)*(?:- )?id:\s/m.test(head.slice(0, 2000))) return 'foi-record'
  const ext = extname(path).toLowerCase()
  if (ext === '.json') throw new FoiFileError('BAD_JSON', 'the file ends in .json but is not JSON')
  if (ext === '.xml') throw new FoiFileError('BAD_XML', 'the file ends in .xml but does not start with "<"')
  const head64k = text.slice(0, 64 * 1024)
  const { rows } = csvRows(head64k, { partial: head64k.length < text.length })
  const format = headerWords(rows)
  if (!format) {
    throw new FoiFileError(
      'UNKNOWN_FORMAT',
      'not a format we read: a WhatDoTheyKnow request list or all-authorities.csv, a disclosure log (CSV with reference, date and summary columns; Infreemation JSON; iCasework XML), WhatDoTheyKnow body JSON, or an FOI record (YAML)',
    )
  }
  return format
}

function jsonError(text: string, error: unknown): FoiFileError {
  const message = error instanceof Error ? error.message : String(error)
  const at = /position (\d+)/.exec(message)?.[1]
  const line = at === undefined ? null : text.slice(0, Number(at)).split('\n').length
  return new FoiFileError('BAD_JSON', `not valid JSON: ${message}`, line)
}
