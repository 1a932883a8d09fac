// Request lists and disclosure logs -> request drafts; WhatDoTheyKnow body exports -> body
// drafts. Pure: text in, drafts and problems out. Columns are found by their header words and,
// where the words do not settle it, by their values (URLs, dates, outcome words), as for spend
// files; a title row above the header is passed over.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { DatePrecision, FoiStatus } from '../../schema/tables/enums'
import { parseDate } from '../spend/parse'
import { checkFieldCounts, csvRows, type FoiFormat, FoiFileError } from './read'
import { statusFromOutcome, statusOf } from './statuses'

export interface PartialDay {
  on: string | null
  precision: DatePrecision
}

export interface RequestDraft {
  /** Line (CSV, XML) or position (JSON, 1-based) in the file. */
  line: number
  url: string | null
  title: string
  /** The authority as the file names it; null when the file is one body's log. */
  authority: string | null
  requested: PartialDay
  answered: PartialDay
  status: FoiStatus
  statusRaw: string | null
  reference: string | null
  requestText: string | null
  answer: string | null
  platform: string | null
}

export interface BodyDraft {
  line: number
  name: string
  shortName: string | null
  urlName: string
}

export interface ListProblem {
  line: number | null
  column: string | null
  reason: string
}

export type ListContent =
  | { format: Exclude<FoiFormat, 'wdtk-authorities' | 'wdtk-bodies-json' | 'foi-record'>; requests: RequestDraft[]; problems: ListProblem[]; warnings: string[] }
  | { format: 'wdtk-authorities' | 'wdtk-bodies-json'; bodies: BodyDraft[]; problems: ListProblem[]; warnings: string[] }

// ---------------------------------------------------------------------------------------------
// Columns

export const listFields = ['url', 'title', 'authority', 'requested', 'answered', 'status', 'reference', 'requestText', 'urlName', 'shortName'] as const
export type ListField = (typeof listFields)[number]

/** Header words per field, most specific first. Headers are compared lower-cased, punctuation as spaces. */
const synonyms: Record<ListField, string[]> = {
  url: ['request url', 'url', 'link', 'web link', 'request link', 'weblink'],
  title: ['request title', 'title', 'subject', 'request subject', 'summary', 'request summary', 'summary of request', 'topic', 'description', 'request description', 'name of request'],
  authority: ['authority name', 'authority', 'public authority', 'public body', 'body', 'council', 'organisation', 'organization'],
  requested: ['request date', 'date received', 'received date', 'date of request', 'date requested', 'received', 'date logged', 'date created', 'created', 'datecreated', 'date'],
  answered: ['date responded', 'response date', 'date of response', 'date closed', 'closed date', 'date answered', 'responded', 'date completed', 'date published', 'published'],
  status: ['status', 'outcome', 'result', 'decision', 'request status', 'response type', 'disclosure', 'information released'],
  reference: ['reference', 'ref', 'reference number', 'request reference', 'foi reference', 'case reference', 'case ref', 'our reference', 'our ref', 'foi ref', 'request id', 'request number', 'case number', 'case id', 'foi number', 'foi no', 'foir', 'id'],
  requestText: ['request text', 'request details', 'details of request', 'request', 'details', 'full request', 'information requested', 'question', 'questions'],
  urlName: ['url name', 'url_name'],
  shortName: ['short name'],
}

export function normaliseHeader(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()
}

type Mapping = Partial<Record<ListField, number>>

const tooGeneral = new Set(['request', 'date', 'id', 'ref', 'body', 'details', 'link', 'url', 'published', 'created', 'closed', 'received', 'responded', 'question', 'questions', 'council', 'authority', 'disclosure', 'response type'])

/** Header cells -> fields: exact words first, then a header that contains a field's words. */
export function mapHeader(cells: string[]): Mapping {
  const headers = cells.map(normaliseHeader)
  const mapping: Mapping = {}
  const taken = new Set<number>()
  const take = (field: ListField, test: (h: string, word: string) => boolean) => {
    if (mapping[field] !== undefined) return
    for (const word of synonyms[field]) {
      const i = headers.findIndex((h, j) => !taken.has(j) && h !== '' && test(h, word))
      if (i >= 0) {
        mapping[field] = i
        taken.add(i)
        return
      }
    }
  }
  for (const field of listFields) take(field, (h, w) => h === w)
  // Then a header containing a field's words ("Subject of Request" is a title), except words too
  // general to say it alone: "request" is in "LAs with same Request", "date" in "Date Responded".
  for (const field of listFields) take(field, (h, w) => !tooGeneral.has(w) && ` ${h} `.includes(` ${w} `))
  return mapping
}

const URL = /^https?:\/\/\S+$/i

/** Where the words leave a field open, the values decide: a column of URLs, a second date column, outcome words. */
function inferFromValues(mapping: Mapping, header: string[], sample: string[][]): Mapping {
  const out = { ...mapping }
  const used = () => new Set(Object.values(out))
  const share = (i: number, test: (v: string) => boolean) => {
    const values = sample.map((r) => (r[i] ?? '').trim()).filter(Boolean)
    return values.length ? values.filter(test).length / values.length : 0
  }
  for (let i = 0; i < header.length; i++) {
    if (used().has(i)) continue
    if (out.url === undefined && share(i, (v) => URL.test(v)) > 0.8) out.url = i
    else if (share(i, (v) => { const d = parseDate(v); return d.ok && d.on !== null }) > 0.8) {
      if (out.requested === undefined) out.requested = i
      else if (out.answered === undefined) out.answered = i
    } else if (out.status === undefined && share(i, (v) => statusOf(v) !== 'unknown') > 0.8) out.status = i
  }
  return out
}

/** Does this row look like a request list's header? Needs something to call each request by. */
function isRequestHeader(m: Mapping): boolean {
  return (m.title !== undefined || m.requestText !== undefined) && (m.requested !== undefined || m.reference !== undefined || m.url !== undefined)
}

/** The header among the first rows, for format detection: which CSV list this is, or null. */
export function csvFormat(rows: string[][]): FoiFormat | null {
  for (const row of rows.slice(0, 20)) {
    const m = mapHeader(row)
    if (m.urlName !== undefined && (m.title !== undefined || row.some((c) => normaliseHeader(c) === 'name'))) return 'wdtk-authorities'
    if (isRequestHeader(m) || (m.title !== undefined && m.status !== undefined)) {
      const i = rows.indexOf(row)
      const urls = rows.slice(i + 1, i + 21).flatMap((r) => r.filter((c) => /whatdotheyknow\.com\/request\//i.test(c)))
      return urls.length > 0 ? 'wdtk-requests' : 'disclosure-log-csv'
    }
  }
  return null
}

// ---------------------------------------------------------------------------------------------
// Readers

function day(cell: string | undefined): { date: PartialDay; bad: string | null } {
  const text = (cell ?? '').trim()
  if (!text) return { date: { on: null, precision: 'unknown' }, bad: null }
  const d = parseDate(text)
  if (!d.ok) return { date: { on: null, precision: 'unknown' }, bad: d.reason }
  return { date: { on: d.on, precision: d.precision }, bad: null }
}

/** A request list or disclosure log in CSV. */
export function readCsvList(text: string, format: 'wdtk-requests' | 'disclosure-log-csv' | 'wdtk-authorities'): ListContent {
  const { rows, lines } = csvRows(text)
  const headerIndex = rows.slice(0, 20).findIndex((r) => {
    const m = mapHeader(r)
    return format === 'wdtk-authorities' ? m.urlName !== undefined : isRequestHeader(m) || (m.title !== undefined && m.status !== undefined)
  })
  if (headerIndex < 0) throw new FoiFileError('MISSING_COLUMNS', 'found no header row in the first 20 rows')
  checkFieldCounts(rows, lines, headerIndex)
  const header = rows[headerIndex]!
  const body = rows.slice(headerIndex + 1)
  const mapping = inferFromValues(mapHeader(header), header, body.slice(0, 200))
  const cell = (r: string[], f: ListField) => (mapping[f] === undefined ? '' : (r[mapping[f]!] ?? '').trim())
  const headerName = (f: ListField) => (mapping[f] === undefined ? null : (header[mapping[f]!] ?? '').trim())
  const problems: ListProblem[] = []
  const warnings: string[] = []
  const blank = (r: string[]) => r.every((c) => c.trim() === '')

  if (format === 'wdtk-authorities') {
    const nameAt = header.findIndex((c) => normaliseHeader(c) === 'name')
    const bodies: BodyDraft[] = []
    body.forEach((r, k) => {
      if (blank(r)) return
      const line = lines[headerIndex + 1 + k]!
      const name = (r[nameAt] ?? '').trim()
      const urlName = cell(r, 'urlName')
      if (!name) return problems.push({ line, column: header[nameAt] ?? 'Name', reason: 'no name' })
      if (!/^[a-z0-9_-]+$/i.test(urlName)) return problems.push({ line, column: headerName('urlName'), reason: `"${urlName}" is not a url_name` })
      bodies.push({ line, name, shortName: cell(r, 'shortName') || null, urlName })
    })
    return { format, bodies, problems, warnings }
  }

  if (mapping.title === undefined && mapping.requestText === undefined) throw new FoiFileError('MISSING_COLUMNS', 'no title, subject or summary column', lines[headerIndex]!)
  const requests: RequestDraft[] = []
  let badDates = 0
  body.forEach((r, k) => {
    if (blank(r)) return
    const line = lines[headerIndex + 1 + k]!
    const title = cell(r, 'title') || cell(r, 'requestText')
    if (!title) return problems.push({ line, column: headerName('title') ?? headerName('requestText'), reason: 'no title or summary' })
    const requested = day(cell(r, 'requested'))
    const answered = day(cell(r, 'answered'))
    if (requested.bad || answered.bad) badDates++
    const statusRaw = cell(r, 'status') || null
    const url = cell(r, 'url') || null
    if (url && !URL.test(url)) return problems.push({ line, column: headerName('url'), reason: `"${url}" is not a URL` })
    requests.push({
      line,
      url,
      title,
      authority: cell(r, 'authority') || null,
      requested: requested.date,
      answered: answered.date,
      status: statusRaw ? (format === 'wdtk-requests' ? statusOf(statusRaw) : statusFromOutcome(statusRaw)) : 'unknown',
      statusRaw,
      reference: cell(r, 'reference') || null,
      requestText: mapping.requestText !== undefined && cell(r, 'requestText') !== title ? cell(r, 'requestText') || null : null,
      answer: null,
      platform: url && /whatdotheyknow\.com/i.test(url) ? 'WhatDoTheyKnow' : format === 'disclosure-log-csv' ? 'disclosure log' : null,
    })
  })
  if (badDates) warnings.push(`${badDates} rows have a date we cannot read: stored as unknown, never guessed`)
  const unmapped = header.map((h, i) => (Object.values(mapping).includes(i) || !h.trim() ? null : h.trim())).filter(Boolean)
  if (unmapped.length) warnings.push(`columns not read: ${unmapped.map((h) => `"${h}"`).join(', ')}`)
  return { format, requests, problems, warnings }
}

/** WhatDoTheyKnow body metadata as JSON ([{ WDTK_ID, Name, … }]). */
export function readWdtkBodiesJson(text: string): ListContent {
  const data = JSON.parse(text.replace(/^\ufeff/, '')) as Array<Record<string, unknown>>
  const problems: ListProblem[] = []
  const bodies: BodyDraft[] = []
  data.forEach((b, i) => {
    const name = typeof b.Name === 'string' ? b.Name.trim() : ''
    const urlName = typeof b.WDTK_ID === 'string' ? b.WDTK_ID.trim() : ''
    if (!name || !/^[a-z0-9_-]+$/i.test(urlName)) return problems.push({ line: i + 1, column: !name ? 'Name' : 'WDTK_ID', reason: 'needs a Name and a WDTK_ID (url_name)' })
    bodies.push({ line: i + 1, name, shortName: null, urlName })
  })
  return { format: 'wdtk-bodies-json', bodies, problems, warnings: [] }
}

/** Infreemation's published-requests API ({"published": {"request": [...]}}). */
export function readInfreemation(text: string): ListContent {
  const data = JSON.parse(text.replace(/^\ufeff/, '')) as { published: { request: unknown } }
  const list = Array.isArray(data.published.request) ? data.published.request : [data.published.request]
  const problems: ListProblem[] = []
  const requests: RequestDraft[] = []
  list.forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
    const title = str(r.subject)
    if (!title) return problems.push({ line: i + 1, column: `published.request[${i}].subject`, reason: 'no subject' })
    const history = (r.history as { response?: unknown } | undefined)?.response
    const responses = (Array.isArray(history) ? history : history ? [history] : []) as Array<Record<string, unknown>>
    // The authority's last word is its answer (the first is usually an acknowledgement).
    const answer = responses.filter((x) => x.from === 'authority').map((x) => str(x.responsebody)).filter(Boolean).pop() ?? null
    const outcome = str(r.outcome)
    requests.push({
      line: i + 1,
      url: null,
      title,
      authority: null,
      requested: day(str(r.datecreated) ?? '').date,
      answered: day(str(r.dateclosed) ?? '').date,
      status: outcome ? statusFromOutcome(outcome) : statusFromOutcome(str(r.status) ?? ''),
      statusRaw: outcome ?? str(r.status),
      reference: str(r.ref),
      requestText: str(r.requestbody),
      answer,
      platform: 'Infreemation disclosure log',
    })
  })
  return { format: 'infreemation-json', requests, problems, warnings: [] }
}

/** The line each match of `pattern` (global) starts on, counting newlines in one pass over the text. */
export function linesOf(text: string, pattern: RegExp): number[] {
  const out: number[] = []
  let line = 1
  let at = 0
  for (const m of text.matchAll(pattern)) {
    for (let i = text.indexOf('\n', at); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++
    at = m.index
    out.push(line)
  }
  return out
}

/** iCasework's getcases API (XML; an HTTP transcript's headers are passed over). */
export function readIcasework(text: string): ListContent {
  const start = text.indexOf('<')
  const xml = start > 0 && /^HTTP\/\d/.test(text.trimStart()) ? text.slice(start) : text.replace(/^\ufeff/, '')
  const lineOffset = text.slice(0, text.indexOf(xml.slice(0, 40))).split('\n').length - 1
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new FoiFileError('BAD_XML', `not valid XML: ${valid.err.msg}`, valid.err.line + lineOffset)
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['Case', 'Classification', 'Document'].includes(name) }).parse(xml) as {
    Cases?: { Case?: Array<Record<string, unknown>> }
  }
  if (!doc.Cases) throw new FoiFileError('UNKNOWN_FORMAT', 'XML, but not an iCasework getcases answer (<Cases><Case>…)')
  const problems: ListProblem[] = []
  const requests: RequestDraft[] = []
  const caseLines = linesOf(xml, /<Case[\s>]/g).map((line) => line + lineOffset)
  ;(doc.Cases.Case ?? []).forEach((c, i) => {
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
    const attributes = (c.Attributes ?? {}) as Record<string, unknown>
    const line = caseLines[i] ?? i + 1
    const title = str(c.Label) ?? str(attributes.Details)
    if (!title) return problems.push({ line, column: 'Label', reason: 'no label or details' })
    const status = str(c.Status)
    requests.push({
      line,
      url: null,
      title,
      authority: null,
      requested: day(str(c.RequestDate) ?? '').date,
      answered: { on: null, precision: 'unknown' },
      status: status ? statusFromOutcome(status) : 'unknown',
      statusRaw: status,
      reference: str(c.CaseId),
      requestText: str(attributes.Details),
      answer: null,
      platform: 'iCasework disclosure log',
    })
  })
  return { format: 'icasework-xml', requests, problems, warnings: [] }
}
