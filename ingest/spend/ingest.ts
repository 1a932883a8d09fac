// One spend file, start to finish: sniff the bytes, find the header, resolve the body, map
// every row, and land the file whole or not at all. Returns a report and never throws:
// anything unexpected refuses the file with INTERNAL_ERROR and rolls back.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type Database from 'libsql'
import type { Currency, PayeeClass, SupplierMatchMethod } from '../../schema/tables/enums'
import { type BodyKind, type KnownBody, loadBodyDirectory, registerBody } from '../resolve/bodies'
import { detach } from '../resolve/detach'
import { normaliseBodyName } from '../resolve/normalise'
import { classifyPayee, isIndividualType } from '../resolve/payee'
import { SupplierResolver } from '../resolve/suppliers'
import { classifyConsultancy, supplierRule } from './classify'
import { describeField, requiredFields } from './columns'
import { detectDelimiter, detectNewline, findHeader, HEADER_SEARCH_ROWS } from './detect'
import { LANDING_PRAGMAS } from './database'
import { Landing, type SpendFileRecord } from './load'
import { makePlan, mapRow, type PaymentDraft, rawRow, type RejectDraft } from './map'
import { formatPence, PenceSum, type Period, periodFromDates, periodFromFileName } from './parse'
import { CsvRowReader, type RowBatch, readText, sniffFile, UnterminatedQuoteError } from './read'
import { emptyReport, type FileReport, MAX_REPORTED_ERRORS, type ReportWarning } from './report'
import { DirectWriter, ThreadWriter, type Writer } from './writer'

export interface SpendOptions {
  /** --body: an existing body's id, name or alias. */
  body?: string | null
  /** --new-body (with --gss, --kind): register this body, then ingest for it. */
  newBody?: { name: string; gssCode: string | null; kind: BodyKind } | null
  /** --period: overrides the period a file name states. */
  period?: Period | null
  strict?: boolean
  replace?: boolean
  dryRun?: boolean
  licence?: string
  url?: string | null
  now?: () => Date
  /**
   * 'thread' (the default for a file database) lands rows through a writer thread so parsing and
   * SQLite overlap; 'direct' runs every statement on the caller's connection.
   */
  writer?: 'thread' | 'direct'
}

/** The database to land in: an open `libsql` connection (migrated) and the file it is on, or ':memory:'. */
export interface IngestTarget {
  db: Database.Database
  path: string
}

export interface Progress {
  file: string
  bytesRead: number
  size: number
  rows: number
}

export interface Hooks {
  onStart?(file: string, size: number): void
  onProgress?(progress: Progress): void
}

export const DEFAULT_LICENCE = 'Open Government Licence v3.0'
const SAMPLE_CHARS = 64 * 1024
/** How far past the header we look for the first body value when no --body is given. */
const BODY_SEARCH_ROWS = 10_000
const PROGRESS_EVERY = 16_384

/** Payee names remembered per file; past this the map starts again (the resolver still knows them). */
const PAYEE_CACHE = 200_000

interface PayeeEntry {
  payeeClass: PayeeClass
  supplierId: string | null
  supplierMatch: SupplierMatchMethod | null
  supplierRule: string | null
}
const INDIVIDUAL: PayeeEntry = { payeeClass: 'individual', supplierId: null, supplierMatch: null, supplierRule: null }

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number | null = null,
    readonly column: string | null = null,
  ) {
    super(message)
  }
}

function describeBodies(bodies: KnownBody[]): string {
  return bodies.length ? bodies.map((b) => `"${b.name}" (${b.id})`).join(', ') : 'none: no bodies are loaded yet'
}

function magicHint(head: Buffer): string {
  if (head[0] === 0x50 && head[1] === 0x4b) return ' It starts like a zip archive: an .xlsx or .ods spreadsheet? Save it as CSV first.'
  if (head[0] === 0xd0 && head[1] === 0xcf) return ' It starts like an old Excel .xls workbook: save it as CSV first.'
  if (head[0] === 0x25 && head[1] === 0x50) return ' It starts like a PDF.'
  return ''
}

/** Ingests one file into the target database. Never throws: a failure is a refused file. */
export async function ingestSpendFile(
  target: IngestTarget,
  path: string,
  options: SpendOptions = {},
  hooks: Hooks = {},
): Promise<FileReport> {
  const fileName = basename(path)
  const report = emptyReport(fileName, options.dryRun ?? false)
  const threaded = options.writer !== 'direct' && target.path !== ':memory:'
  let writer: Writer | null = null
  const openWriter = (): Writer =>
    (writer = threaded ? new ThreadWriter(target.path, LANDING_PRAGMAS) : new DirectWriter(target.db))
  const cleanups: Array<() => Promise<unknown>> = []
  try {
    await run(target.db, path, fileName, options, hooks, report, openWriter, (cleanup) => cleanups.push(cleanup))
  } catch (error) {
    try {
      await (writer as Writer | null)?.rollback()
    } catch {
      // The transaction is gone with the connection either way.
    }
    report.status = 'refused'
    if (error instanceof Refusal) {
      report.errors.unshift({ line: error.line, column: error.column, code: error.code, message: error.message })
    } else {
      const message = error instanceof Error ? error.message : String(error)
      report.errors.unshift({ line: null, column: null, code: 'INTERNAL_ERROR', message: `ingest failed and nothing was written: ${message}` })
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined)
    await (writer as Writer | null)?.close()
  }
  return report
}

async function run(
  db: Database.Database,
  path: string,
  fileName: string,
  options: SpendOptions,
  hooks: Hooks,
  report: FileReport,
  openWriter: () => Writer,
  defer: (cleanup: () => Promise<unknown>) => void,
): Promise<void> {
  const warn = (code: string, message: string) => report.warnings.push({ code, message })
  const info = await stat(path).catch(() => null)
  if (!info) throw new Refusal('FILE_NOT_FOUND', `no such file: ${path}`)
  if (!info.isFile()) throw new Refusal('NOT_A_FILE', `${path} is not a file`)

  // 1. Bytes: hash and encoding, in one streaming pass.
  const sniff = await sniffFile(path)
  report.sha256 = sniff.sha256
  const decision = sniff.decision
  if (decision.kind === 'empty') throw new Refusal('EMPTY_FILE', 'the file is empty (0 bytes)')
  if (decision.kind === 'binary') {
    throw new Refusal(
      'NOT_TEXT',
      `byte 0x00 (NUL) at offset ${decision.offset}: this is not a text file.${magicHint(sniff.head)}`,
    )
  }
  const encoding = decision.encoding
  report.encoding = encoding
  if (encoding === 'windows-1252' || encoding === 'cp850') warn('ENCODING_GUESSED', `read as ${encoding}: ${decision.reason}`)

  // 2. Same bytes again: nothing to do.
  const existing = Landing.findBySha(db, sniff.sha256)
  let forget: SpendFileRecord | null = null
  if (existing?.status === 'ingested') {
    fillUnchanged(db, existing, report)
    return
  }
  if (existing?.status === 'replaced') {
    if (!options.replace) {
      throw new Refusal(
        'ALREADY_REPLACED',
        `these exact bytes were ingested on ${existing.ingestedAt} as "${existing.fileName}" and later replaced by another file; pass --replace to bring them back`,
      )
    }
    forget = existing
  }

  const hint: FileReport['period'] = options.period
    ? { ...options.period, from: 'flag' }
    : (() => {
        const p = periodFromFileName(fileName)
        return p ? { ...p, from: 'file name' as const } : null
      })()

  // 3. Text and rows, streaming. The first rows are held back to find the header and the body.
  hooks.onStart?.(fileName, sniff.size)
  let bytesRead = 0
  let replacements = 0
  const texts = readText(path, encoding)
  const countReplacements = (text: string) => {
    for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) replacements++
  }
  let sample = ''
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
  countReplacements(sample)
  const newline = detectNewline(sample)
  const delimiter = detectDelimiter(sample, newline)
  const reader = new CsvRowReader(delimiter, newline)

  async function* batches(): AsyncGenerator<RowBatch> {
    try {
      yield reader.push(sample)
      sample = ''
      if (!textsDone) {
        for await (const chunk of texts) {
          bytesRead = chunk.bytesRead
          countReplacements(chunk.text)
          yield reader.push(chunk.text)
        }
      }
      yield reader.end()
    } catch (error) {
      if (error instanceof UnterminatedQuoteError) throw new Refusal('UNTERMINATED_QUOTE', error.message, error.line)
      throw error
    }
  }
  const source = batches()
  defer(() => source.return(undefined))
  const held: { rows: string[][]; lines: number[]; quoteErrors: Set<number> } = { rows: [], lines: [], quoteErrors: new Set() }
  let sourceDone = false
  const hold = async (): Promise<boolean> => {
    const next = await source.next()
    if (next.done) {
      sourceDone = true
      return false
    }
    const offset = held.rows.length
    for (const r of next.value.quoteErrors) held.quoteErrors.add(offset + r)
    held.rows.push(...next.value.rows)
    held.lines.push(...next.value.lines)
    return true
  }
  while (held.rows.length < HEADER_SEARCH_ROWS && (await hold()));

  const header = findHeader(held.rows)
  if (!header.found) {
    const looked = requiredFields.map(describeField).join('; ')
    if (!header.best) {
      throw new Refusal(
        'MISSING_COLUMNS',
        `found no header row in the first ${Math.min(held.rows.length, HEADER_SEARCH_ROWS)} rows (none has text in ${requiredFields.length} or more cells). Looked for: ${looked}`,
      )
    }
    const seen = header.best.cells.filter((c) => c.trim() !== '').map((c) => `"${c.trim()}"`)
    throw new Refusal(
      'MISSING_COLUMNS',
      `no header row names every column we need. Missing: ${header.best.mapping.missing.join(', ')}. ` +
        `Headers seen (line ${held.lines[header.best.index]}): ${seen.slice(0, 40).join(', ')}${seen.length > 40 ? ', …' : ''}. Looked for: ${looked}. ` +
        'To read a new header, add it to the synonym table in ingest/spend/columns.ts',
      held.lines[header.best.index] ?? null,
    )
  }
  const headerIndex = header.index
  const headerCells = held.rows[headerIndex]!
  const headerLine = held.lines[headerIndex]!
  const plan = makePlan(headerCells, header.mapping, delimiter)
  if (header.mapping.unmapped.length) {
    warn('UNMAPPED_COLUMNS', `columns not read: ${header.mapping.unmapped.map((h) => `"${h}"`).join(', ')}`)
  }

  // 4. The body: --body, --new-body, or the first body value in the rows.
  const directory = loadBodyDirectory(db)
  let fileBody: KnownBody | null = null
  let newBody = options.newBody ?? null
  const trustFlag = Boolean(options.body || options.newBody)
  if (options.body) {
    fileBody = directory.resolve(options.body)
    if (!fileBody) {
      throw new Refusal(
        'UNKNOWN_BODY',
        `--body "${options.body}" is not a body we know. Closest: ${describeBodies(directory.closest(options.body))}. Use one of those, or register it with --new-body "<official name>"`,
      )
    }
  } else if (newBody) {
    const known = directory.resolve(newBody.name)
    if (known) {
      warn('BODY_EXISTS', `--new-body "${newBody.name}" is already known as ${known.name} (${known.id}); ingesting for it`)
      fileBody = known
      newBody = null
    }
  } else {
    if (plan.columns.body === undefined && plan.columns.bodyCode === undefined) {
      throw new Refusal(
        'NO_BODY',
        'the file has no body column: say whose file it is with --body <id or name>, or --new-body "<official name>" for a body not yet known',
      )
    }
    const value = (cells: string[]) => [plan.columns.body, plan.columns.bodyCode].map((i) => (i === undefined ? '' : (cells[i] ?? '').trim()))
    let i = headerIndex + 1
    let found: string[] | null = null
    for (;;) {
      for (; i < held.rows.length && !found; i++) {
        const v = value(held.rows[i]!)
        if (v.some((x) => x !== '')) found = v
      }
      if (found || held.rows.length > headerIndex + BODY_SEARCH_ROWS || !(await hold())) break
    }
    if (!found) throw new Refusal('NO_BODY', 'the body column is empty: say whose file it is with --body <id or name>')
    fileBody = directory.resolve(found[1]!) ?? directory.resolve(found[0]!)
    if (!fileBody) {
      const shown = found.filter(Boolean)[0]!
      throw new Refusal(
        'UNKNOWN_BODY',
        `the file's body "${shown}" is not a body we know. Closest: ${describeBodies(directory.closest(shown))}. ` +
          'Pass --body <id> if it is one of those (and add the alias to data/), or --new-body "<official name>" to register it',
        held.lines[i - 1] ?? null,
        plan.headers.body ?? plan.headers.bodyCode ?? null,
      )
    }
  }

  const bodyFiles = fileBody ? Landing.ingestedFiles(db, fileBody.id) : []
  if (hint) {
    const clash = Landing.conflicts(bodyFiles, hint, fileName, sniff.sha256)
    if (clash.length && !options.replace) throw needsReplace(clash, hint)
  }

  // 5. Land: one transaction for the whole file.
  const writer = openWriter()
  const write = (sql: string, params: readonly unknown[]) => writer.run(sql, params)
  const landing = new Landing(db, writer)
  const now = (options.now ?? (() => new Date()))()
  await landing.begin()
  if (forget) landing.forget(forget)
  if (newBody) {
    fileBody = registerBody(db, write, newBody)
    warn('BODY_REGISTERED', `registered a new body "${fileBody.name}" (${fileBody.id})`)
  }
  const body = fileBody!
  report.body = body.id
  report.bodyName = body.name
  const sourceId = `spend-${sniff.sha256.slice(0, 16)}`
  landing.insertSource({
    id: sourceId,
    title: fileName,
    publisher: body.name,
    licence: options.licence ?? DEFAULT_LICENCE,
    url: options.url ?? null,
    retrievedOn: now.toISOString().slice(0, 10),
  })
  landing.insertFile({
    sourceId,
    bodyId: body.id,
    fileName,
    sha256: sniff.sha256,
    encoding,
    delimiter,
    headerLine,
    columns: JSON.stringify(plan.headers),
    ingestedAt: now.toISOString(),
  })
  const suppliers = new SupplierResolver(db, write, sourceId)

  // Row accounting and what the warnings will say.
  const totals = new Map<Currency, PenceSum>()
  const statedTotals: Array<{ pence: number; grand: boolean; label: string; line: number }> = []
  const dateNotes = new Map<string, number>()
  const unresolvedBodies = new Map<string, number>()
  const bodyCache = new Map<string, KnownBody | null>()
  const newBodyName = newBody ? normaliseBodyName(newBody.name) : null
  let earliest: string | null = null
  let latest: string | null = null
  let outside = 0
  let rounded = 0
  let blankPayees = 0

  const reject = (r: RejectDraft) => {
    report.rejected++
    landing.addReject(r)
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line: r.line, column: r.column, code: r.code, message: r.message })
    if (options.strict) {
      throw new Refusal('STRICT', `--strict: line ${r.line} was rejected (${r.code}: ${r.message}), so the file is refused`, r.line, r.column)
    }
  }

  const checkBody = (p: PaymentDraft): RejectDraft | null => {
    if (p.body === null && p.bodyCode === null) return null
    const key = `${p.body ?? ''}\u001f${p.bodyCode ?? ''}`
    let resolved = bodyCache.get(key)
    if (resolved === undefined) {
      // A code or URI is more exact than a name (Leeds' "Body name" also names ALMOs and area committees).
      resolved = (p.bodyCode && directory.resolve(p.bodyCode)) || (p.body && directory.resolve(p.body)) || null
      if (!resolved && newBodyName && [p.body, p.bodyCode].some((v) => v && normaliseBodyName(v) === newBodyName)) resolved = body
      bodyCache.set(detach(key), resolved)
    }
    if (resolved && resolved.id !== body.id) {
      return { line: p.line, column: plan.headers.body ?? plan.headers.bodyCode ?? null, code: 'BODY_MISMATCH', message: `the row is for ${resolved.name} (${resolved.id}); the file is ${body.name}'s`, raw: '' }
    }
    if (!resolved) {
      const shown = p.body ?? p.bodyCode ?? ''
      if (trustFlag) {
        unresolvedBodies.set(detach(shown), (unresolvedBodies.get(shown) ?? 0) + 1)
        return null
      }
      return { line: p.line, column: plan.headers.body ?? plan.headers.bodyCode ?? null, code: 'UNKNOWN_BODY', message: `"${shown}" is not a body we know`, raw: '' }
    }
    return null
  }

  // Each payee name is classed, resolved and judged by the supplier rules once per file.
  const payees = new Map<string, PayeeEntry>()
  const payeeOf = (p: PaymentDraft): PayeeEntry => {
    let entry = payees.get(p.payeeName)
    if (entry) return entry
    const payeeClass = classifyPayee(p.payeeName)
    if (payeeClass === 'supplier') {
      const match = suppliers.resolve(p.payeeName, p.companyNumber)
      entry = { payeeClass, supplierId: match.supplierId, supplierMatch: match.method, supplierRule: supplierRule(p.payeeName) }
    } else {
      entry = { payeeClass, supplierId: null, supplierMatch: null, supplierRule: null }
    }
    if (payees.size >= PAYEE_CACHE) payees.clear()
    payees.set(detach(p.payeeName), entry)
    return entry
  }

  const handle = (cells: string[], line: number, malformed: boolean) => {
    report.rowsRead++
    const outcome = mapRow(cells, line, plan, malformed)
    switch (outcome.kind) {
      case 'skip':
        report.skipped++
        if (outcome.reason === 'blank') report.skippedBy.blank++
        else report.skippedBy.repeatedHeader++
        return
      case 'total':
        report.skipped++
        report.skippedBy.total++
        if (outcome.pence !== null) statedTotals.push({ pence: outcome.pence, grand: outcome.grand, label: outcome.label, line })
        return
      case 'reject': {
        const only = outcome.amountOnly
        // A bare amount equal to everything so far is the file's own (unlabelled) total.
        if (only && report.accepted > 0 && BigInt(only.pence) === (totals.get(only.currency)?.value ?? 0n)) {
          report.skipped++
          report.skippedBy.total++
          statedTotals.push({ pence: only.pence, grand: true, label: '(unlabelled)', line })
          return
        }
        reject(outcome.reject)
        return
      }
      case 'payment': {
        const p = outcome.payment
        const wrongBody = checkBody(p)
        if (wrongBody) {
          wrongBody.raw = rawRow(cells, delimiter)
          reject(wrongBody)
          return
        }
        // A payee-type column that marks a person wins over the name: no supplier is made for them.
        const payee = isIndividualType(p.payeeType) ? INDIVIDUAL : payeeOf(p)
        if (payee.payeeClass !== 'supplier' && p.payeeName === '') blankPayees++
        landing.addPayment({
          line: p.line,
          supplierId: payee.supplierId,
          supplierMatch: payee.supplierMatch,
          supplierRef: p.supplierRef,
          payeeName: p.payeeName,
          payeeClass: payee.payeeClass,
          paidOn: p.paidOn,
          paidPrecision: p.paidPrecision,
          amountPence: p.amountPence,
          currency: p.currency,
          vatBasis: p.vatBasis,
          vatPence: p.vatPence,
          expenseCategory: p.expenseCategory,
          expenseType: p.expenseType,
          expenseCode: p.expenseCode,
          serviceArea: p.serviceArea,
          serviceDivision: p.serviceDivision,
          description: p.description,
          transactionRef: p.transactionRef,
          capitalOrRevenue: p.capitalOrRevenue,
          consultancyRule: classifyConsultancy({ expenseType: p.expenseType, expenseCategory: p.expenseCategory, description: p.description, payeeName: p.payeeName, payeeClass: payee.payeeClass, supplierRule: payee.supplierRule }),
        })
        report.accepted++
        let sum = totals.get(p.currency)
        if (!sum) totals.set(p.currency, (sum = new PenceSum()))
        sum.add(p.amountPence)
        if (p.amountRounded) rounded++
        if (p.paidOn === null) {
          const why = p.dateNote ?? 'no date'
          dateNotes.set(detach(why), (dateNotes.get(why) ?? 0) + 1)
        } else {
          if (earliest === null || p.paidOn < earliest) earliest = p.paidOn
          if (latest === null || p.paidOn > latest) latest = p.paidOn
          const n = p.paidOn.length
          if (hint && (p.paidOn < hint.start.slice(0, n) || p.paidOn > hint.end.slice(0, n))) outside++
        }
      }
    }
  }

  // Rows above the header are read and skipped; the header itself is not a row.
  report.rowsRead += headerIndex
  report.skipped += headerIndex
  report.skippedBy.preamble = headerIndex
  let sinceProgress = 0
  const progress = () => hooks.onProgress?.({ file: fileName, bytesRead, size: sniff.size, rows: report.rowsRead })
  for (let i = headerIndex + 1; i < held.rows.length; i++) handle(held.rows[i]!, held.lines[i]!, held.quoteErrors.has(i))
  held.rows.length = 0
  held.lines.length = 0
  if (!sourceDone) {
    for await (const batch of source) {
      for (let i = 0; i < batch.rows.length; i++) handle(batch.rows[i]!, batch.lines[i]!, batch.quoteErrors.has(i))
      await landing.ready()
      sinceProgress += batch.rows.length
      if (sinceProgress >= PROGRESS_EVERY) {
        sinceProgress = 0
        progress()
      }
    }
  }
  landing.flush()
  progress()

  // 6. The file's period, duplicates and replacement.
  let period: FileReport['period'] = hint
  if (!period && earliest && latest) period = { ...periodFromDates(earliest, latest), from: 'dates' }
  report.period = period
  if (!period) warn('NO_PERIOD', 'no period: the file name states none, no payment has a date, and no --period was given')
  const clash = Landing.conflicts(bodyFiles, period, fileName, sniff.sha256)
  if (!hint && period && clash.length && !options.replace) throw needsReplace(clash, period)
  for (const old of clash) {
    landing.retire(old)
    warn('REPLACED', `replaced "${old.fileName}" (sha256 ${old.sha256.slice(0, 12)}…, ingested ${old.ingestedAt}): its payments were swapped for this file's`)
  }

  // 7. Totals, and the file's own total when it states one.
  for (const currency of [...totals.keys()].sort()) report.totals[currency] = formatPence(totals.get(currency)!.value)
  const stated = chooseStatedTotal(statedTotals)
  if (stated !== null) {
    const currencies = [...totals.keys()]
    const ours = totals.get(currencies.length === 1 ? currencies[0]! : 'GBP')?.value ?? 0n
    report.fileTotal = { stated: formatPence(stated), matches: ours === stated }
    if (!report.fileTotal.matches) {
      warn('TOTAL_MISMATCH', `the file states a total of ${formatPence(stated)} but its accepted rows sum to ${formatPence(ours)}`)
    }
  }

  // 8. Warnings a reader needs to trust the numbers.
  const unknownDates = [...dateNotes.values()].reduce((a, b) => a + b, 0)
  if (unknownDates) {
    const why = [...dateNotes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([w, n]) => `${n} ${w}`).join(', ')
    warn(
      'DATES_UNKNOWN',
      `${unknownDates} payment${unknownDates === 1 ? ' has' : 's have'} no date (${why}): stored with date unknown${period ? `, in the file's period ${period.start}..${period.end}` : ''}; no date was invented`,
    )
  }
  if (outside && hint) warn('DATES_OUTSIDE_PERIOD', `${outside} payments are dated outside the file's period ${hint.start}..${hint.end} (from ${hint.from})`)
  if (rounded) warn('AMOUNTS_ROUNDED', `${rounded} amounts had more than two decimals and were rounded to the penny`)
  if (replacements) warn('REPLACEMENT_CHARACTERS', `${replacements} characters could not be decoded as ${encoding} and read as U+FFFD (�)`)
  if (blankPayees) warn('BLANK_PAYEES', `${blankPayees} payments have no payee name: counted as redacted`)
  for (const [value, n] of unresolvedBodies) {
    warn('BODY_VALUE_UNRESOLVED', `${n} rows name the body "${value}", which is not a known alias of ${body.name}; accepted on --body's word`)
  }
  if (totals.size > 1 || (totals.size === 1 && !totals.has('GBP'))) {
    warn('CURRENCIES', `payments in ${[...totals.keys()].join(', ')}: each currency is totalled separately, never added into GBP`)
  }
  if (report.accepted === 0) warn('NO_PAYMENTS', 'no payment was accepted from this file')

  landing.applyRollup()
  landing.finish({
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    rowsRead: report.rowsRead,
    accepted: report.accepted,
    rejected: report.rejected,
    skipped: report.skipped,
    totals: JSON.stringify(report.totals),
    statedTotal: report.fileTotal?.stated ?? null,
    statedTotalMatches: report.fileTotal?.matches ?? null,
    warnings: JSON.stringify(report.warnings),
  })
  landing.bumpDataVersion(sniff.sha256)
  await writer.flush()
  if (options.dryRun) await landing.rollback()
  else await landing.commit()
  report.status = 'ingested'
}

function needsReplace(clash: SpendFileRecord[], period: { start: string; end: string }): Refusal {
  const list = clash.map((c) => `"${c.fileName}" (sha256 ${c.sha256.slice(0, 12)}…, period ${c.periodStart ?? '?'}..${c.periodEnd ?? '?'}, ingested ${c.ingestedAt})`)
  return new Refusal(
    'NEEDS_REPLACE',
    `a different file for this body and period ${period.start}..${period.end} (or with this name) is already ingested: ${list.join('; ')}. Pass --replace to swap it for this one`,
  )
}

/**
 * The total a file states: its grand total when it has one; else, with several "Total" rows,
 * the last when it equals the sum of the others, or their sum; else the sum of subtotals.
 */
export function chooseStatedTotal(rows: ReadonlyArray<{ pence: number; grand: boolean; label: string }>): bigint | null {
  if (rows.length === 0) return null
  const grand = rows.filter((r) => r.grand)
  const pick = grand.length ? grand : rows
  const explicit = pick.filter((r) => /grand/i.test(r.label))
  if (explicit.length) return BigInt(explicit[explicit.length - 1]!.pence)
  if (pick.length === 1) return BigInt(pick[0]!.pence)
  const last = BigInt(pick[pick.length - 1]!.pence)
  const others = pick.slice(0, -1).reduce((s, r) => s + BigInt(r.pence), 0n)
  return last === others ? last : others + last
}

function fillUnchanged(db: Database.Database, existing: SpendFileRecord, report: FileReport): void {
  const row = db
    .prepare(
      `SELECT f.rows_read AS rowsRead, f.accepted, f.rejected, f.skipped, f.totals, f.stated_total AS statedTotal,
              f.stated_total_matches AS statedTotalMatches, f.period_start AS periodStart, f.period_end AS periodEnd, b.name AS bodyName
       FROM spend_files f JOIN bodies b ON b.id = f.body_id WHERE f.id = ?`,
    )
    .get(existing.id) as {
    rowsRead: number
    accepted: number
    rejected: number
    skipped: number
    totals: string
    statedTotal: string | null
    statedTotalMatches: number | null
    periodStart: string | null
    periodEnd: string | null
    bodyName: string
  }
  report.status = 'unchanged'
  report.body = existing.bodyId
  report.bodyName = row.bodyName
  report.rowsRead = row.rowsRead
  report.accepted = row.accepted
  report.rejected = row.rejected
  report.skipped = row.skipped
  report.totals = JSON.parse(row.totals) as Record<string, string>
  report.fileTotal = row.statedTotal === null ? null : { stated: row.statedTotal, matches: row.statedTotalMatches === 1 }
  report.period = row.periodStart && row.periodEnd ? { start: row.periodStart, end: row.periodEnd, from: 'dates' } : null
  report.warnings.push({
    code: 'UNCHANGED',
    message: `these exact bytes were ingested on ${existing.ingestedAt} as "${existing.fileName}"; nothing changed`,
  } satisfies ReportWarning)
}
