// One spend file, start to finish: sniff the bytes, find the header, resolve the body, map
// every row, and land the file whole or not at all. Returns a report and never throws:
// anything unexpected refuses the file with INTERNAL_ERROR and rolls back.
import { stat } from 'node:fs/promises'
import type Database from 'libsql'
import type { Currency, PayeeClass, SupplierMatchMethod } from '../../schema/tables/enums'
import { type BodyDirectory, type BodyKind, type KnownBody, loadBodyDirectory, type NewBody, registerBody } from '../resolve/bodies'
import { detach } from '../resolve/detach'
import { normaliseBodyName, slugify } from '../resolve/normalise'
import { classifyPayee, isIndividualType } from '../resolve/payee'
import { SupplierResolver } from '../resolve/suppliers'
import { classifyConsultancy, supplierRule } from './classify'
import { type Field, requiredFields } from './columns'
import { LANDING_PRAGMAS } from './database'
import { findHeader, HEADER_SEARCH_ROWS, VALUE_SAMPLE_ROWS } from './detect'
import { type FieldChoice, type Inference, OverrideError, type Overrides } from './infer'
import { describeAmbiguity, describeUnreadable, inferenceNotes } from './infer-messages'
import { DEFAULT_PROFILES_DIR, listProfiles, type Profile, profilePath, readProfile, writeProfile } from './profile'
import { Landing, type SpendFileRecord } from './load'
import { dateOrderConflict, makePlan, type MapPlan, mapRow, type PaymentDraft, rawRow, type RejectDraft } from './map'
import { formatPence, PenceSum, type Period, periodFromDates, periodFromFileName } from './parse'
import { type FileSniff, RowSource, sniffFile, spendFileName, UnterminatedQuoteError } from './read'
import { DuplicateIndex, MAX_INDEXED } from './duplicates'
import { emptyReport, type FileReport, MAX_REPORTED_ERRORS } from './report'
import { FILE_TOTALS_SQL } from './rollup'
import { DirectWriter, ThreadWriter, type Writer } from './writer'
import { dateLikeColumn, describeClashes, hasDatedPayment, hasPayment, holdings, periodForUndated, periodSource, type ThisFile, undatedClashes } from './undated'
import { isWorkbook, locate, readSheets, sheetIdentity, WorkbookError, type WorkbookRows } from './xlsx'

export interface SpendOptions {
  /** --body: an existing body's id, name or alias. */
  body?: string | null
  /** --new-body (with --gss, --kind): register this body, then ingest for it. */
  newBody?: { name: string; gssCode: string | null; kind: BodyKind } | null
  /** --period: overrides the period a file name states. */
  period?: Period | null
  /**
   * --no-date-column: no column holds the payment date (an "Invoice Date" or "Date Received" is
   * not it); with --period only, the payments are stored undated within that period.
   */
  noDateColumn?: boolean
  strict?: boolean
  /** --allow-rejects: land a file even when more of its rows are rejected than accepted. */
  allowRejects?: boolean
  /** --replace: the file name or sha256 (8+ hex digits) of the body's ingested file this one replaces. */
  replace?: string | null
  /** --sheet: in an XLSX workbook, read only this sheet. */
  sheet?: string | null
  dryRun?: boolean
  licence?: string
  url?: string | null
  now?: () => Date
  /** --map field=HEADER: these fields are read from these columns, whatever the inference or the profile says. */
  map?: Partial<Record<Field, string>>
  /** --save-profile: after the file lands, write its mapping to <profilesDir>/<body id>.yaml. */
  saveProfile?: boolean
  /** Where profiles are (default data/profiles). */
  profilesDir?: string
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
  /** A writer thread shared by every file of a run (database.ts); else each file starts its own. */
  writer?: () => Writer
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
/** How far past the header we look for the first body value when no --body is given. */
const BODY_SEARCH_ROWS = 10_000
const PROGRESS_EVERY = 16_384
/** Payee names remembered per file; past this the map starts again (the resolver still knows them). */
const PAYEE_CACHE = 200_000

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

/** Ingests one file into the target database. Never throws: a failure is a refused file. */
export async function ingestSpendFile(
  target: IngestTarget,
  path: string,
  options: SpendOptions = {},
  hooks: Hooks = {},
): Promise<FileReport> {
  const fileName = spendFileName(path, options.sheet ?? null)
  const report = emptyReport(fileName, options.dryRun ?? false)
  const threaded = options.writer !== 'direct' && target.path !== ':memory:'
  let writer: Writer | null = null
  let source: RowSource | null = null
  const file: FileRun = {
    db: target.db,
    path,
    fileName,
    options,
    hooks,
    report,
    warn: (code, message) => report.warnings.push({ code, message }),
    openWriter: () =>
      (writer = threaded ? (target.writer?.() ?? new ThreadWriter(target.path, LANDING_PRAGMAS)) : new DirectWriter(target.db)),
    opened: (s) => (source = s),
  }
  try {
    await run(file)
  } catch (error) {
    await (writer as Writer | null)?.rollback().catch(() => undefined)
    report.status = 'refused'
    report.errors.unshift(refusalOf(error))
  } finally {
    const sheets = (source as RowSource | null)?.sheets
    if (sheets) for (const e of report.errors) Object.assign(e, e.line === null ? {} : locate(sheets.spans, e.line))
    await (source as RowSource | null)?.close().catch(() => undefined)
    // A shared writer thread outlives the file; the target closes it.
    if (!(threaded && target.writer)) await (writer as Writer | null)?.close()
  }
  return report
}

function refusalOf(error: unknown): FileReport['errors'][number] {
  if (error instanceof Refusal) return { line: error.line, column: error.column, code: error.code, message: error.message }
  if (error instanceof WorkbookError) return { line: null, column: null, code: error.code, message: error.message }
  if (error instanceof UnterminatedQuoteError) return { line: error.line, column: null, code: 'UNTERMINATED_QUOTE', message: error.message }
  const message = error instanceof Error ? error.message : String(error)
  if (/database is locked|SQLITE_BUSY/i.test(message)) {
    return { line: null, column: null, code: 'DATABASE_BUSY', message: 'another process is writing to the database; nothing was written: try again when it has finished' }
  }
  return { line: null, column: null, code: 'INTERNAL_ERROR', message: `ingest failed and nothing was written: ${message}` }
}

type Warn = (code: string, message: string) => void

/** What every step of one file's ingest shares: where it lands, what was asked, and the report it fills. */
interface FileRun {
  db: Database.Database
  path: string
  fileName: string
  options: SpendOptions
  hooks: Hooks
  report: FileReport
  warn: Warn
  /** Starts the writer the landing goes through, remembered so a refusal can roll it back. */
  openWriter(): Writer
  /** Remembers the row source, so it is closed however the run ends. */
  opened(source: RowSource): void
}

/**
 * One file, as the pipeline it is: its bytes; the same bytes again (nothing to do); its rows,
 * header and body; what it replaces and repeats; landing every row in one transaction; its
 * period and the files it retires; its totals and warnings; the rollups and the commit.
 */
async function run(file: FileRun): Promise<void> {
  const bytes = await readBytesOf(file)
  const existing = Landing.findBySha(file.db, bytes.sha256)
  const reperiod = needsPeriod(file, existing)
  if (existing?.status === 'ingested' && !reperiod) return fillUnchanged(file.db, existing, file.report)
  if (existing?.status === 'replaced' && !file.options.replace) throw alreadyReplaced(existing)
  const hint = periodHint(file)
  const source = await openRows(file, bytes)
  const columns = await readColumns(file, source, hint)
  const others = otherFiles(file, columns.chosen, bytes.sha256, hint, reperiod)
  const landing = await startLanding(file, bytes, existing, columns, source, reperiod)
  const rows = await landRows(file, source, columns, landing, others, hint, bytes.size)
  checkUndated(file, columns.plan, rows, hint)
  const period = settlePeriod(file, rows, hint, others)
  // Before any file is retired, so a refused report names no file as replaced.
  refuseUncheckable(others, { months: rows.months, undated: rows.unplaced > 0, period, periodFrom: periodFrom(file.report.period) })
  retireReplaced(file, rows, others, landing)
  if (reperiod) {
    const was = reperiod.periodStart === null ? 'without a period' : `with the period ${reperiod.periodStart}..${reperiod.periodEnd}`
    file.warn('PERIOD_GIVEN', `these bytes were ingested on ${reperiod.ingestedAt} ${was}: landed again in their place, with the period --period gives`)
  }
  const stated = summarise(file, rows, source, bytes.encoding, landing.body)
  await commit(file, landing, rows, period, stated, bytes.sha256)
  if (file.options.saveProfile && !file.options.dryRun) saveProfile(file, landing, columns.plan)
}

interface Bytes {
  sha256: string
  size: number
  /** The decoded text's encoding, or null for a workbook (its cells are read by xlsx.ts). */
  text: Extract<FileSniff['decision'], { kind: 'text' }> | null
  encoding: string
}

/** The bytes: hash and encoding, in one streaming pass; an empty or binary file is refused. */
async function readBytesOf({ path, options, report, warn }: FileRun): Promise<Bytes> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new Refusal('FILE_NOT_FOUND', `no such file: ${path}`)
  if (!info.isFile()) throw new Refusal('NOT_A_FILE', `${path} is not a file`)
  const sniff = await sniffFile(path)
  const workbook = isWorkbook(path, sniff.head)
  // One sheet of a workbook (--sheet) is a file of its own: the workbook's bytes and the sheet's name.
  const sha256 = options.sheet && workbook ? sheetIdentity(sniff.sha256, options.sheet) : sniff.sha256
  report.sha256 = sha256
  const decision = sniff.decision
  if (decision.kind === 'empty') throw new Refusal('EMPTY_FILE', 'the file is empty (0 bytes)')
  if (decision.kind === 'binary' && !workbook) {
    throw new Refusal('NOT_TEXT', `byte 0x00 (NUL) at offset ${decision.offset}: this is not a text file.${magicHint(sniff.head)}`)
  }
  const text = decision.kind === 'text' && !workbook ? decision : null
  const encoding = text?.encoding ?? 'xlsx'
  report.encoding = encoding
  if (text && (encoding === 'windows-1252' || encoding === 'cp850')) warn('ENCODING_GUESSED', `read as ${encoding}: ${text.reason}`)
  if (text?.undefinedBytes) {
    warn('UNDEFINED_BYTES', `${text.undefinedBytes} bytes (0x81, 0x8D, 0x8F, 0x90 or 0x9D) mean nothing in Windows-1252; kept as control characters`)
  }
  return { sha256, size: sniff.size, text, encoding }
}

function alreadyReplaced(existing: SpendFileRecord): Refusal {
  return new Refusal(
    'ALREADY_REPLACED',
    `these exact bytes were ingested on ${existing.ingestedAt} as "${existing.fileName}" and later replaced by another file; pass --replace "<the file now in their place>" to bring them back`,
  )
}

/**
 * The same bytes, ingested before with no period (a file without dates, landed before a period
 * was required of them) or, being without dates, with another period than --period gives now:
 * they land again in their place with that period, so their undated payments are placed there.
 * Nothing else changes. A file with dates keeps the period its dates give.
 */
function needsPeriod({ db, options }: FileRun, existing: SpendFileRecord | undefined): SpendFileRecord | null {
  if (existing?.status !== 'ingested' || !options.period) return null
  if (existing.periodStart === null) return existing
  const moved = existing.periodStart !== options.period.start || existing.periodEnd !== options.period.end
  // A file with no payment has nothing to place: its same bytes stay unchanged.
  return moved && hasPayment(db, existing.id) && !hasDatedPayment(db, existing.id) ? existing : null
}

/** The period --period or the file name states, before any row is read. */
function periodHint({ options, fileName }: FileRun): FileReport['period'] {
  if (options.period) return { ...options.period, from: 'flag' }
  const fromName = periodFromFileName(fileName)
  return fromName && { ...fromName, from: 'file name' }
}

const profilesDirOf = (options: SpendOptions) => options.profilesDir ?? DEFAULT_PROFILES_DIR

/** The rows, streamed; the first ones are held back to find the header and the body. */
async function openRows(file: FileRun, bytes: Bytes): Promise<RowSource> {
  file.hooks.onStart?.(file.fileName, bytes.size)
  const source = bytes.text
    ? await RowSource.open(file.path, bytes.text.encoding)
    : await RowSource.fromWorkbook(file.path, file.options.sheet ?? null, bytes.size)
  file.opened(source)
  if (source.sheets) warnSheets(source.sheets, file.warn)
  return source
}

/** The body's files already ingested: the ones --replace retires, and the payments this file's rows may repeat. */
interface OtherFiles {
  replacing: SpendFileRecord[]
  /** The body's files of the same name (and an overlapping period) that --replace does not name. */
  sameName(period: Period | null): SpendFileRecord[]
  duplicates: DuplicateIndex | null
  /**
   * The body's files (not retired by --replace) whose payments cannot be checked against this
   * file's for repeats, judged by what each really holds (undated.ts).
   */
  uncheckable(mine: ThisFile): ReturnType<typeof undatedClashes>
}

function otherFiles({ db, fileName, options, warn }: FileRun, chosen: ChosenBody, sha256: string, hint: Period | null, reperiod: SpendFileRecord | null): OtherFiles {
  if (reperiod && reperiod.bodyId !== chosen.body?.id) {
    throw new Refusal(
      'ALREADY_INGESTED',
      `these exact bytes were ingested on ${reperiod.ingestedAt} as "${reperiod.fileName}" for body ${reperiod.bodyId}, without dates: to give them another --period, ingest them again for that body`,
    )
  }
  // The earlier landing of these bytes (given its period now) is no other file: its rows are these.
  const bodyFiles = chosen.body ? Landing.ingestedFiles(db, chosen.body.id).filter((f) => f.id !== reperiod?.id) : []
  const replacing = replacedFiles(bodyFiles, options.replace ?? null, sha256)
  const sameName = (period: Period | null) => Landing.sameName(bodyFiles, fileName, sha256, period).filter((f) => !replacing.includes(f))
  if (sameName(hint).length) throw needsReplace(sameName(hint))
  // The files --replace will retire are no payments to duplicate: their rows stand in for them.
  const leaving = [...replacing, ...(reperiod ? [reperiod] : [])].map((f) => f.id)
  const duplicates = chosen.body && bodyFiles.length ? loadDuplicates(db, chosen.body.id, leaving, warn) : null
  const body = chosen.body
  // What the other files hold once the retired ones are gone: their repeats promoted (holdings()).
  const uncheckable = (mine: ThisFile) =>
    body && bodyFiles.length
      ? undatedClashes(bodyFiles.filter((f) => !replacing.includes(f)), holdings(db, body.id, leaving), mine)
      : []
  return { replacing, sameName, duplicates, uncheckable }
}

/**
 * A file without dates beside another of the body's files holding payments in its period (or a
 * dated file in the period of an undated one): their rows cannot be checked against each other
 * for repeated payments, so a payment in both would count twice. Refused unless --replace names
 * the other.
 */
function refuseUncheckable(others: OtherFiles, mine: ThisFile): void {
  const clashes = others.uncheckable(mine)
  if (clashes.length) throw new Refusal('UNDATED_OVERLAP', describeClashes(clashes, mine))
}

/**
 * A file none of whose payments has a date: it has no date column, or a date column
 * with no date on any row (all blank, `N/A`, `00:00:00`), which is no date column either. Such a
 * file is read only with a period we can trust (periodForUndated), its payments stored undated
 * within it; a date column none of whose dates could be read refuses the file.
 */
function checkUndated({ fileName, report, warn }: FileRun, plan: FilePlan, rows: FileRows, hint: FileReport['period']): void {
  if (rows.earliest !== null || report.accepted === 0) return
  const header = plan.headers.date
  // No date column: readColumns let it through only with such a period, and warned.
  if (header === undefined) return
  const unreadable = rows.rejectedAs('BAD_DATE')
  if (unreadable) {
    throw new Refusal(
      'NO_DATES',
      `no row's date could be read: column "${header}" gave ${unreadable} rows a date we do not read (BAD_DATE) and the rest none. ` +
        `Name the column that holds the payment dates with --map date="HEADER"; if none does, pass --no-date-column --period YYYY-MM[..YYYY-MM] to store the payments undated within that period`,
      null,
      header,
    )
  }
  if (!hint || !periodForUndated(hint, fileName)) {
    throw new Refusal(
      'NO_DATES',
      `column "${header}" has no date on any row (${rows.dateNoteSummary()}): this file's payments have no dates, so it is read only with the period it covers. ` +
        `Pass --period YYYY-MM[..YYYY-MM]${hint ? ` (the file name's ${hint.start}..${hint.end} is not enough: a name that gives the month as a number may mean a financial year)` : ''}: its payments are then stored undated within that period`,
      null,
      header,
    )
  }
  warn(
    'NO_DATE_COLUMN',
    `column "${header}" has no date on any row: every payment is stored with its date unknown, within the file's period ${hint.start}..${hint.end} (${periodSource(hint)}); no date was invented`,
  )
}

/**
 * A workbook none of whose sheets reads as spend with a date column gives the pipeline its first
 * sheet alone. When another sheet also reads as spend (without dates, or with --map), the
 * workbook is refused, whatever the period: each such sheet is its own file, read with --sheet
 * and its own period (sheets without dates cannot be compared for a sheet repeating another,
 * nor given one period between them), never the first sheet landed for the whole workbook.
 */
async function refuseUndatedSheets(path: string, book: WorkbookRows, overrides: Overrides | undefined): Promise<void> {
  if (book.skipped.length < 2) return
  const found = (rows: string[][], o: Overrides | undefined, undated: boolean) => {
    try {
      return findHeader(rows, o, { undated }).found
    } catch (error) {
      if (error instanceof OverrideError) return false
      throw error
    }
  }
  const all = await readSheets(path)
  // A sheet that --map (or the profile) reads with its dates is a dated workbook, read as ever.
  if (overrides && all.some((s) => found(s.rows, overrides, false))) return
  const sheets = all.filter((s) => found(s.rows, overrides, true) || found(s.rows, undefined, true)).map((s) => s.name)
  if (sheets.length < 2) return
  throw new Refusal(
    'SHEETS_UNDATED',
    `${sheets.length} sheets read as spend, none with a date column we read (${sheets.map((s) => `"${s}"`).join(', ')}): such a workbook is read one sheet at a time, ` +
      `each with the period it covers: --sheet "${sheets[0]}" --period YYYY-MM (--period may be left out when the sheet's name gives its month in words, as "APR 24" does, and the workbook's name gives no other month or year); sheets without dates cannot be checked for a sheet that repeats another`,
  )
}

/** A landing under way, with the body it is for (registered now if it is new). */
type OpenLanding = Landing & { readonly body: KnownBody; readonly sourceId: string; readonly now: Date }

/**
 * The landing starts: one transaction for the whole file, the body registered if new, and
 * the file's source and spend_files rows written first so payments can point at them.
 */
async function startLanding(
  file: FileRun,
  bytes: Bytes,
  existing: SpendFileRecord | undefined,
  { headerIndex, plan, chosen }: Columns,
  source: RowSource,
  reperiod: SpendFileRecord | null,
): Promise<OpenLanding> {
  const { options, report, fileName } = file
  const writer = file.openWriter()
  const landing = new Landing(file.db, writer)
  const now = (options.now ?? (() => new Date()))()
  // The file's rows, estimated from the rows held so far, tell the landing how big a load this is.
  await landing.begin(source.bytesRead ? Math.round((bytes.size * source.held.rows.length) / source.bytesRead) : 0)
  if (existing?.status === 'replaced') landing.forget(existing)
  if (reperiod) {
    landing.retire(reperiod)
    landing.forget(reperiod)
  }
  let body = chosen.body
  if (!body) {
    body = registerBody(file.db, (sql, params) => writer.run(sql, params), chosen.register!)
    file.warn('BODY_REGISTERED', `registered a new body "${body.name}" (${body.id})`)
  }
  report.body = body.id
  report.bodyName = body.name
  const sourceId = `spend-${bytes.sha256.slice(0, 16)}`
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
    sha256: bytes.sha256,
    encoding: bytes.encoding,
    delimiter: source.delimiter,
    headerLine: source.held.lines[headerIndex]!,
    columns: JSON.stringify(plan.headers),
    ingestedAt: now.toISOString(),
  })
  return Object.assign(landing, { body, sourceId, now })
}

/** Every row below the header, mapped and landed (or rejected), batch by batch as they are read. */
async function landRows(
  file: FileRun,
  source: RowSource,
  { headerIndex, plan, chosen }: Columns,
  landing: OpenLanding,
  others: OtherFiles,
  hint: FileReport['period'],
  size: number,
): Promise<FileRows> {
  const { report, hooks, fileName } = file
  const suppliers = new SupplierResolver(file.db, (sql, params) => landing.writer.run(sql, params), landing.sourceId)
  const rows = new FileRows(report, plan, landing, suppliers, {
    body: landing.body,
    directory: chosen.directory,
    onFlagsWord: chosen.onFlagsWord,
    registeredName: chosen.register ? normaliseBodyName(chosen.register.name) : null,
    hint,
    strict: file.options.strict ?? false,
    duplicates: others.duplicates,
    withReference: plan.columns.transactionRef !== undefined,
  })
  // Rows above the header are read and skipped; the header itself is not a row.
  // (In a workbook, so are the later sheets' headers and what is above them.)
  const aboveHeaders = headerIndex + (source.sheets?.aboveHeaders ?? 0)
  report.rowsRead += aboveHeaders
  report.skipped += aboveHeaders
  report.skippedBy.preamble = aboveHeaders
  const progress = () => hooks.onProgress?.({ file: fileName, bytesRead: source.bytesRead, size, rows: report.rowsRead })
  let sinceProgress = 0
  for await (const batch of source.rest(headerIndex + 1)) {
    for (let i = 0; i < batch.rows.length; i++) rows.handle(batch.rows[i]!, batch.lines[i]!, batch.quoteErrors.has(i))
    await landing.ready()
    sinceProgress += batch.rows.length
    if (sinceProgress >= PROGRESS_EVERY) {
      sinceProgress = 0
      progress()
    }
  }
  landing.flush()
  progress()
  // Rows read in the order the file's dates implied, then one that only reads the other way: refuse the file.
  const swapped = dateOrderConflict(plan)
  if (swapped) throw new Refusal('DATE_ORDER_CONFLICT', swapped.message, swapped.line)
  if (report.rejected > report.accepted && !file.options.allowRejects) throw mostlyRejected(report, rows.commonestReject(), plan)
  return rows
}

/**
 * The file's period (stated, or from its dates), a same-name clash it reveals, and the files
 * --replace retires: their payments go, and this file's rows that repeated them count.
 */
function settlePeriod({ warn, report }: FileRun, rows: FileRows, hint: FileReport['period'], others: OtherFiles): Period | null {
  const period: FileReport['period'] = hint ?? (rows.earliest && rows.latest ? { ...periodFromDates(rows.earliest, rows.latest), from: 'dates' } : null)
  report.period = period
  if (!period) warn('NO_PERIOD', 'no period: the file name states none, no payment has a date, and no --period was given')
  if (others.sameName(period).length) throw needsReplace(others.sameName(period))
  return period
}

const periodFrom = (period: FileReport['period']) => (period ? (period.from === 'dates' ? 'from its dates' : periodSource(period)) : '')

/** The files --replace names leave: their payments out, the rows of others that repeated them counted. */
function retireReplaced({ warn }: FileRun, rows: FileRows, others: OtherFiles, landing: Landing): void {
  for (const old of others.replacing) {
    // Rows of this file that repeated the retired file's payments are promoted by retire().
    rows.promoteDuplicatesOf(old.id)
    landing.retire(old)
    warn('REPLACED', `replaced "${old.fileName}" (sha256 ${old.sha256.slice(0, 12)}…, ingested ${old.ingestedAt}): its payments were swapped for this file's`)
  }
}

/**
 * Totals, the file's own total, and what a reader needs to trust the numbers. Totals are
 * what the file adds: rows repeating earlier payments are left out (and said so). Returns the
 * total the file states, if any.
 */
function summarise({ report, warn }: FileRun, rows: FileRows, source: RowSource, encoding: string, body: KnownBody): bigint | null {
  for (const [currency, pence] of rows.countedTotals()) report.totals[currency] = formatPence(pence)
  if (report.duplicates) {
    const amounts = [...rows.duplicateTotals.entries()].map(([c, v]) => `${c} ${formatPence(v.value)}`).join(', ')
    warn(
      'DUPLICATE_ROWS',
      `${report.duplicates} row${report.duplicates === 1 ? ' repeats a payment' : 's repeat payments'} already ingested for ${body.name} ` +
        `(same date, amount, payee${rows.withReference ? ' and, where both rows have one, reference' : ''}; ${amounts}): stored with duplicate_of set, never counted in totals or answers`,
    )
  }
  const stated = chooseStatedTotal(rows.statedTotals)
  if (stated !== null) {
    // The file's own total is of every row it holds, repeats included.
    const currencies = [...rows.totals.keys()]
    const ours = rows.totals.get(currencies.length === 1 ? currencies[0]! : 'GBP')?.value ?? 0n
    report.fileTotal = { stated: formatPence(stated), matches: ours === stated }
    if (!report.fileTotal.matches) {
      const rejected = report.rejected ? ` (the ${report.rejected} rejected rows are not in our sum)` : ''
      warn('TOTAL_MISMATCH', `the file states a total of ${formatPence(stated)} but its accepted rows sum to ${formatPence(ours)}${rejected}`)
    }
  }
  rows.warn(warn, report.period)
  if (source.replacements) {
    warn(
      'REPLACEMENT_CHARACTERS',
      encoding.startsWith('utf')
        ? `the file itself holds ${source.replacements} U+FFFD (�) characters: its text was damaged before it was published`
        : `${source.replacements} characters could not be read as ${encoding} and became U+FFFD (�)`,
    )
  }
  return stated
}

/**
 * The rollups, the file's accounting (its totals_pence the same counted totals the report
 * gives) and the commit; a dry run rolls everything back instead.
 */
async function commit({ report, options }: FileRun, landing: Landing, rows: FileRows, period: Period | null, stated: bigint | null, sha256: string): Promise<void> {
  // The file's period first: the year rollup places payments whose date was lost by it.
  landing.finish({
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    rowsRead: report.rowsRead,
    accepted: report.accepted,
    rejected: report.rejected,
    skipped: report.skipped,
    totalsPence: Object.fromEntries([...rows.countedTotals()].map(([currency, pence]) => [currency, Number(pence)])),
    statedTotalPence: stated === null ? null : Number(stated),
    statedTotalMatches: report.fileTotal?.matches ?? null,
    warnings: JSON.stringify(report.warnings),
  })
  landing.applyRollup()
  landing.bumpDataVersion(sha256)
  await landing.writer.flush()
  if (options.dryRun) await landing.rollback()
  else await landing.commit()
  report.status = 'ingested'
}

/** --save-profile, once the file has landed: its columns read the body's next files. */
function saveProfile({ options, fileName, warn }: FileRun, { body, now }: OpenLanding, plan: FilePlan): void {
  const dir = profilesDirOf(options)
  const today = now.toISOString().slice(0, 10)
  const saved = writeProfile(dir, { body: body.id, columns: plan.headers }, `Columns of ${body.name}'s spend files, saved by --save-profile from "${fileName}" on ${today}.`)
  warn('PROFILE_SAVED', `the columns that read this file are saved in ${saved}: ${body.name}'s next files are read with them (--map still overrides)`)
}

/** The body --body or --new-body names, known before the file's header is read (for its profile). */
function flaggedBodyId(db: Database.Database, options: SpendOptions): string | null {
  if (!options.body && !options.newBody) return null
  const directory = loadBodyDirectory(db)
  if (options.body) return directory.resolve(options.body)?.id ?? null
  return directory.resolve(options.newBody!.name)?.id ?? slugify(options.newBody!.name)
}

const UNREADABLE = new Set(['MISSING_COLUMNS', 'AMBIGUOUS_COLUMNS'])

/** The profile of a body a cell of the first rows names (its body column), if it has one. */
function profileNamedInRows(db: Database.Database, rows: readonly (readonly string[])[], dir: string): Profile | null {
  const withProfiles = new Set(listProfiles(dir))
  if (withProfiles.size === 0) return null
  const directory = loadBodyDirectory(db)
  const tried = new Set<string>()
  for (const row of rows) {
    for (const cell of row) {
      const value = cell.trim()
      if (value === '' || value.length > 200 || tried.has(value) || tried.size > 5000) continue
      tried.add(value)
      const body = directory.resolve(value)
      if (body && withProfiles.has(body.id)) return loadProfile(dir, body.id)
    }
  }
  return null
}

function loadProfile(dir: string, bodyId: string): Profile | null {
  try {
    return readProfile(dir, bodyId)
  } catch (error) {
    if (error instanceof OverrideError) throw new Refusal(error.code, error.message)
    throw error
  }
}

/**
 * The header row, the columns (inferred, or from --map over the body's profile) and the
 * file's body; the report's columns and the warnings about them.
 */
interface Columns {
  headerIndex: number
  plan: FilePlan
  chosen: ChosenBody
}

async function readColumns({ db, options, report, warn, path, fileName }: FileRun, source: RowSource, hint: FileReport['period']): Promise<Columns> {
  const profilesDir = profilesDirOf(options)
  const mode: HeaderMode = { undated: hint !== null && periodForUndated(hint, fileName) ? hint.from : false, noDateColumn: options.noDateColumn ?? false }
  if (mode.noDateColumn && (!options.period || options.map?.date !== undefined)) {
    throw new Refusal('BAD_MAP', '--no-date-column says no column holds the payment dates: it goes with --period YYYY-MM[..YYYY-MM] (the period the file covers), and not with --map date=')
  }
  // With --no-date-column a profile's date column is not read either.
  const merge = (p: Profile | null) => mergeOverrides(p && mode.noDateColumn ? { ...p, columns: withoutField(p.columns, 'date') } : p, options.map, profilesDir)
  const flagged = flaggedBodyId(db, options)
  let profile = flagged ? loadProfile(profilesDir, flagged) : null
  if (source.sheets?.noSpendSheet && !options.sheet) await refuseUndatedSheets(path, source.sheets, merge(profile))
  let found: { headerIndex: number; plan: FilePlan }
  try {
    found = await findFileHeader(source, merge(profile), warn, mode)
  } catch (error) {
    // A header we cannot read alone may be one a body's profile reads: the body a cell names.
    const guess = !flagged && error instanceof Refusal && UNREADABLE.has(error.code) ? profileNamedInRows(db, source.held.rows, profilesDir) : null
    if (!guess) throw error
    found = await findFileHeader(source, merge(guess), warn, mode).catch(() => Promise.reject(error))
    profile = guess
  }
  let { headerIndex, plan } = found
  const chosen = await chooseBody(db, options, plan, source, headerIndex, warn)
  if (profile && !flagged && chosen.body?.id !== profile.body) {
    throw new Refusal('BAD_PROFILE', `the header was read with ${profile.body}'s profile, but the file's body column says ${chosen.body?.name ?? 'another body'}: name the columns with --map`)
  }
  // A body named by the file's own body column is known only now: its profile, if any, reads the file.
  if (!profile && chosen.body && (profile = loadProfile(profilesDir, chosen.body.id))) {
    report.warnings = report.warnings.filter((w) => w.code !== 'EXTRA_FIELDS' && w.code !== 'PROFILE_COLUMN_MISSING')
    ;({ headerIndex, plan } = await findFileHeader(source, merge(profile), warn, mode))
  }
  if (profile) warn('PROFILE_USED', `columns read as the profile ${profilePath(profilesDir, profile.body)} says${Object.keys(options.map ?? {}).length ? ', with --map over it' : ''}`)
  report.columns = plan.choices.map((c) => ({ field: c.field, column: c.column + 1, header: c.header, confidence: c.confidence, why: c.why }))
  const byValues = plan.choices.filter((c) => c.why === 'values')
  if (byValues.length) {
    warn(
      'COLUMNS_FROM_VALUES',
      `no header word names ${byValues.map((c) => c.field).join(', ')}: read from ${byValues.map((c) => `column ${c.column + 1} "${c.header}"`).join(', ')} by their values alone; ` +
        `if that is wrong, name the right columns with --map (e.g. ${byValues.map((c) => `--map ${c.field}="${c.header}"`).join(' ')} says this choice is right)`,
    )
  }
  if (plan.unmapped.length) warn('UNMAPPED_COLUMNS', `columns not read: ${plan.unmapped.map((h) => `"${h}"`).join(', ')}`)
  if (plan.columns.date === undefined && hint) {
    warn(
      'NO_DATE_COLUMN',
      `${mode.noDateColumn ? 'no column is read as the payment date (--no-date-column)' : 'no column holds payment dates'}: every payment is stored with its date unknown, within the file's period ${hint.start}..${hint.end} (${periodSource(hint)}); no date was invented. If a column does hold the payment dates, name it with --map date=HEADER`,
    )
  }
  return { headerIndex, plan, chosen }
}

function loadDuplicates(db: Database.Database, bodyId: string, retiring: readonly number[], warn: Warn): DuplicateIndex | null {
  const index = DuplicateIndex.load(db, bodyId, retiring)
  if (index !== 'too many') return index
  warn('DUPLICATES_UNCHECKED', `the body has more than ${MAX_INDEXED} payments: rows were not checked against them for duplicates`)
  return null
}

type FilePlan = MapPlan & { unmapped: string[]; choices: FieldChoice[] }

/**
 * How a header may be read without a date column: `undated` (a period we trust) when no row reads
 * as a header with dates and no column looks like dates; `noDateColumn` (--no-date-column) always,
 * any date column the inference finds set aside.
 */
interface HeaderMode {
  /** Where the trusted period came from, or false. */
  undated: false | NonNullable<FileReport['period']>['from']
  noDateColumn: boolean
}

function withoutField<T extends Partial<Record<Field, unknown>>>(fields: T, field: Field): T {
  const rest = { ...fields }
  delete rest[field]
  return rest
}

/** The inference with its date column set aside (--no-date-column): that column is not read. */
function withoutDate(mapping: Inference): Inference {
  const header = mapping.headers.date
  if (mapping.columns.date === undefined) return mapping
  return {
    ...mapping,
    columns: withoutField(mapping.columns, 'date'),
    headers: withoutField(mapping.headers, 'date'),
    choices: mapping.choices.filter((c) => c.field !== 'date'),
    unmapped: header === undefined ? mapping.unmapped : [...mapping.unmapped, header],
  }
}

/** Reads ahead until the header is found among the first rows, or refuses the file saying what it saw and the --map that would read it. */
async function findFileHeader(source: RowSource, overrides: Overrides | undefined, warn: Warn, mode: HeaderMode): Promise<{ headerIndex: number; plan: FilePlan }> {
  while (source.held.rows.length < HEADER_SEARCH_ROWS + VALUE_SAMPLE_ROWS && (await source.hold()));
  const { rows, lines } = source.held
  let header
  try {
    if (mode.noDateColumn) {
      header = findHeader(rows, overrides, { undated: true })
      if (header.found) header = { ...header, mapping: withoutDate(header.mapping) }
    } else header = findHeader(rows, overrides)
    // Only when no row reads as a header with dates: a title row above a dated header must not be
    // taken for an undated one.
    if (!header.found && mode.undated && !mode.noDateColumn) {
      const withoutDates = findHeader(rows, overrides, { undated: true })
      if (withoutDates.found) {
        // A column that looks like dates we cannot read is not "no date column": refused, not
        // landed undated with the dates the file states thrown away.
        const suspect = dateLikeColumn(withoutDates.cells, withoutDates.mapping.columns, rows.slice(withoutDates.index + 1, withoutDates.index + 1 + VALUE_SAMPLE_ROWS))
        if (suspect !== null) {
          throw new Refusal(
            'MISSING_COLUMNS',
            `no column's dates could be read, but column ${suspect + 1} "${withoutDates.cells[suspect]!.trim()}" looks like dates: name it with --map date="${withoutDates.cells[suspect]!.trim()}" if it holds the payment dates in a format we read; ` +
              'if it is not the payment date (an invoice or receipt date, a reference) and no column is, pass --no-date-column with --period to store the payments undated within that period',
            lines[withoutDates.index] ?? null,
          )
        }
        // A period from the file name alone does not set aside a column we do not read: it may
        // hold the payment dates in a form we do not recognise ("3rd of the 5th 2024").
        const unread = withoutDates.mapping.unmapped
        if (mode.undated === 'file name' && unread.length) {
          throw new Refusal(
            'MISSING_COLUMNS',
            `no column holds dates we read, and ${unread.length === 1 ? 'column' : 'columns'} ${unread.map((h) => `"${h}"`).join(', ')} ${unread.length === 1 ? 'is' : 'are'} not read: ` +
              `if one holds the payment dates, name it with --map date="${unread[0]}"; if none does, pass --period YYYY-MM[..YYYY-MM] (the period the file covers) to store the payments undated within it ` +
              '(a period taken from the file name alone is not enough to set a column aside)',
            lines[withoutDates.index] ?? null,
          )
        }
        header = withoutDates
      }
    }
    // A file that reads as spend without dates, where no period we trust was given: the way out is --period.
    if (!header.found && !mode.undated && !mode.noDateColumn && (!header.best || (header.best.mapping.missing.includes('date') && !header.best.mapping.ambiguous.length))) {
      const withoutDates = findHeader(rows, overrides, { undated: true })
      if (withoutDates.found) {
        const suspect = dateLikeColumn(withoutDates.cells, withoutDates.mapping.columns, rows.slice(withoutDates.index + 1, withoutDates.index + 1 + VALUE_SAMPLE_ROWS))
        const dates = suspect === null ? 'HEADER' : withoutDates.cells[suspect]!.trim()
        throw new Refusal(
          'MISSING_COLUMNS',
          `no column holds payment dates we read (the header ${withoutDates.cells.filter((c) => c.trim()).map((c) => `"${c.trim()}"`).join(', ')} reads as spend without them). ` +
            `If a column does hold the payment dates, name it with --map date="${dates}"${suspect === null ? '' : ' (it looks like dates)'}. ` +
            `A file without dates lands only with the period it covers: pass --period YYYY-MM[..YYYY-MM]${suspect === null ? '' : ' --no-date-column'} to store its payments undated within it ` +
            '(a file name is enough only when it gives the month in words and no other month or year: spend-may-2024.csv)',
          lines[withoutDates.index] ?? null,
        )
      }
    }
  } catch (error) {
    if (error instanceof OverrideError) throw new Refusal(error.code, error.message)
    throw error
  }
  if (header.found) {
    const cells = header.cells
    const extra = extraFields(rows, header.index, cells.length)
    if (extra) {
      warn('EXTRA_FIELDS', `every data row has ${extra} fields but the header names ${cells.length}: the named columns are read by position and the unnamed ones ignored`)
    }
    const plan = makePlan(cells, header.mapping, source.delimiter, extra)
    plan.sheetStarts = new Set(source.sheets?.spans.slice(1).map((s) => s.firstLine))
    for (const { field, header: missing } of header.mapping.profileMissing ?? []) {
      warn('PROFILE_COLUMN_MISSING', `the profile names ${field}="${missing}", which this file does not have: ${field} was inferred instead`)
    }
    for (const [code, message] of inferenceNotes(header.mapping)) warn(code, message)
    if (plan.signColumn !== null) {
      warn('DEBIT_CREDIT', `column "${cells[plan.signColumn]!.trim()}" marks debits and credits: an amount marked credit is counted as negative`)
    }
    return { headerIndex: header.index, plan: { ...plan, unmapped: header.mapping.unmapped, choices: header.mapping.choices } }
  }
  if (!header.best) {
    throw new Refusal(
      'MISSING_COLUMNS',
      `found no header row in the first ${Math.min(rows.length, HEADER_SEARCH_ROWS)} rows (none has text in ${requiredFields.length} or more cells). ` +
        'If the file has a header, name its columns with --map, e.g. --map date="Paid" --map amount="Value" --map supplier="Payee"',
    )
  }
  const best = header.best
  const line = lines[best.index] ?? null
  if (best.mapping.missing.length === 0 && best.mapping.ambiguous.length) {
    throw new Refusal('AMBIGUOUS_COLUMNS', describeAmbiguity(best.mapping), line)
  }
  throw new Refusal('MISSING_COLUMNS', describeUnreadable(best.mapping), line)
}

/**
 * The width every non-blank row below the header shares when it is wider than the header and
 * has text there; else null. Rows of different widths are not a short header but a shifted
 * cell somewhere: the guard against that stays on.
 */
function extraFields(rows: readonly (readonly string[])[], headerIndex: number, width: number): number | null {
  let shared: number | null = null
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i]!
    if (row.every((c) => c.trim() === '')) continue
    if (row.length <= width || row.slice(width).every((c) => c.trim() === '')) return null
    if (shared !== null && row.length !== shared) return null
    shared = row.length
  }
  return shared
}

/** --map over the body's profile: each field --map names replaces the profile's. */
function mergeOverrides(profile: Profile | null, map: Partial<Record<Field, string>> | undefined, profilesDir?: string): Overrides | undefined {
  const fromMap = map && Object.keys(map).length > 0
  if (!profile && !fromMap) return undefined
  // A header --map takes for one field is not also the profile's for another.
  const taken = new Set(Object.values(map ?? {}).map((h) => h.trim().toLowerCase()))
  const merged: Partial<Record<Field, string>> = {}
  for (const [field, header] of Object.entries(profile?.columns ?? {}) as Array<[Field, string]>) {
    if (map?.[field] === undefined && !taken.has(header.trim().toLowerCase())) merged[field] = header
  }
  const profileFields = new Set(Object.keys(merged) as Field[])
  Object.assign(merged, map ?? {})
  return {
    map: merged,
    from: fromMap ? '--map' : 'profile',
    profileFields,
    ...(profile && profilesDir ? { profilePath: profilePath(profilesDir, profile.body) } : {}),
  }
}

interface ChosenBody {
  /** The file's body, or null when it is to be registered (register). */
  body: KnownBody | null
  register: NewBody | null
  directory: BodyDirectory
  /** True when --body or --new-body says whose file it is: unknown body cells are then taken on its word. */
  onFlagsWord: boolean
}

/** The file's body: --body, --new-body, or the first body cell of the rows. */
async function chooseBody(
  db: Database.Database,
  options: SpendOptions,
  plan: MapPlan,
  source: RowSource,
  headerIndex: number,
  warn: (code: string, message: string) => void,
): Promise<ChosenBody> {
  const directory = loadBodyDirectory(db)
  const describe = (bodies: KnownBody[]) =>
    bodies.length ? bodies.map((b) => `"${b.name}" (${b.id})`).join(', ') : 'none: no bodies are loaded yet'
  if (options.body) {
    const body = directory.resolve(options.body)
    if (!body) {
      throw new Refusal(
        'UNKNOWN_BODY',
        `--body "${options.body}" is not a body we know. Closest: ${describe(directory.closest(options.body))}. Use one of those, or register it with --new-body "<official name>"`,
      )
    }
    return { body, register: null, directory, onFlagsWord: true }
  }
  if (options.newBody) {
    const known = directory.resolve(options.newBody.name)
    if (known) warn('BODY_EXISTS', `--new-body "${options.newBody.name}" is already known as ${known.name} (${known.id}); ingesting for it`)
    return { body: known, register: known ? null : options.newBody, directory, onFlagsWord: true }
  }
  if (plan.columns.body === undefined && plan.columns.bodyCode === undefined) {
    throw new Refusal(
      'NO_BODY',
      'the file has no body column: say whose file it is with --body <id or name>, or --new-body "<official name>" for a body not yet known',
    )
  }
  const cell = (cells: string[], i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim())
  let i = headerIndex + 1
  for (;;) {
    const { rows, lines } = source.held
    for (; i < rows.length; i++) {
      const name = cell(rows[i]!, plan.columns.body)
      const code = cell(rows[i]!, plan.columns.bodyCode)
      if (!name && !code) continue
      // A code or URI is more exact than a name (Leeds' "Body name" also names ALMOs and area committees).
      const body = (code && directory.resolve(code)) || (name && directory.resolve(name)) || null
      if (body) return { body, register: null, directory, onFlagsWord: false }
      const shown = name || code
      throw new Refusal(
        'UNKNOWN_BODY',
        `the file's body "${shown}" is not a body we know. Closest: ${describe(directory.closest(shown))}. ` +
          'Pass --body <id> if it is one of those (and add the alias to data/), or --new-body "<official name>" to register it',
        lines[i] ?? null,
        plan.headers.body ?? plan.headers.bodyCode ?? null,
      )
    }
    if (rows.length > headerIndex + BODY_SEARCH_ROWS || !(await source.hold())) break
  }
  throw new Refusal('NO_BODY', 'the body column is empty: say whose file it is with --body <id or name>')
}

interface PayeeEntry {
  payeeClass: PayeeClass
  supplierId: string | null
  supplierMatch: SupplierMatchMethod | null
  supplierRule: string | null
}
const INDIVIDUAL: PayeeEntry = { payeeClass: 'individual', supplierId: null, supplierMatch: null, supplierRule: null }

/**
 * Every row of one file after its header: mapped, checked against the file's body, its payee
 * resolved (once per name), classified, landed or rejected, and counted for the report.
 */
class FileRows {
  readonly totals = new Map<Currency, PenceSum>()
  readonly statedTotals: Array<{ pence: number; grand: boolean; label: string; line: number }> = []
  earliest: string | null = null
  latest: string | null = null
  /** The months (YYYY-MM) of payments dated to the day or month: what the file holds, beside the body's undated files. */
  readonly months = new Set<string>()
  /** Payments with no month (no date, or a year alone): placed in the file's period, never checked for repeats. */
  unplaced = 0
  private readonly dateNotes = new Map<string, number>()
  private readonly unresolvedBodies = new Map<string, number>()
  private readonly bodies = new Map<string, KnownBody | null>()
  private readonly payees = new Map<string, PayeeEntry>()
  private outside = 0
  private rounded = 0
  private blankPayees = 0

  constructor(
    private readonly report: FileReport,
    private readonly plan: MapPlan,
    private readonly landing: Landing,
    private readonly suppliers: SupplierResolver,
    private readonly file: {
      body: KnownBody
      directory: BodyDirectory
      onFlagsWord: boolean
      registeredName: string | null
      hint: Period | null
      strict: boolean
      duplicates: DuplicateIndex | null
      withReference: boolean
    },
  ) {}

  handle(cells: string[], line: number, malformed: boolean): void {
    const report = this.report
    report.rowsRead++
    const outcome = mapRow(cells, line, this.plan, malformed)
    switch (outcome.kind) {
      case 'skip':
        report.skipped++
        if (outcome.reason === 'blank') report.skippedBy.blank++
        else if (outcome.reason === 'footer') report.skippedBy.footer++
        else report.skippedBy.repeatedHeader++
        return
      case 'total':
        report.skipped++
        report.skippedBy.total++
        if (outcome.pence !== null) this.statedTotals.push({ pence: outcome.pence, grand: outcome.grand, label: outcome.label, line })
        return
      case 'reject': {
        const only = outcome.amountOnly
        // A bare amount equal to everything so far is the file's own (unlabelled) total.
        if (only && report.accepted > 0 && BigInt(only.pence) === (this.totals.get(only.currency)?.value ?? 0n)) {
          report.skipped++
          report.skippedBy.total++
          this.statedTotals.push({ pence: only.pence, grand: true, label: '(unlabelled)', line })
          return
        }
        return this.reject(outcome.reject)
      }
      case 'payment': {
        const wrongBody = this.checkBody(outcome.payment)
        if (wrongBody) return this.reject({ ...wrongBody, raw: rawRow(cells, this.plan.delimiter) })
        return this.accept(outcome.payment)
      }
    }
  }

  /** The file `fileId` is retired: this file's rows that repeated its payments count after all. */
  promoteDuplicatesOf(fileId: number): void {
    for (const d of this.duplicatesByFile.get(fileId) ?? []) {
      this.report.duplicates--
      this.duplicateTotals.get(d.currency)!.add(-d.pence)
    }
    this.duplicatesByFile.delete(fileId)
  }

  /** Of `totals`, the rows that repeat an earlier payment: stored, not counted. */
  readonly duplicateTotals = new Map<Currency, PenceSum>()

  /** Per currency (in code order), what the file adds: its accepted rows less those that repeat earlier payments. */
  countedTotals(): Map<Currency, bigint> {
    const counted = new Map<Currency, bigint>()
    for (const currency of [...this.totals.keys()].sort()) {
      counted.set(currency, this.totals.get(currency)!.value - (this.duplicateTotals.get(currency)?.value ?? 0n))
    }
    return counted
  }

  /** True when the file has a reference column (duplicates then compare references too). */
  get withReference(): boolean {
    return this.file.withReference
  }

  /** The same, by the file of the earlier payment: a retired file's duplicates count again. */
  private readonly duplicatesByFile = new Map<number, Array<{ currency: Currency; pence: number }>>()

  private accept(p: PaymentDraft): void {
    // A payee-type column that marks a person wins over the name: no supplier is made for them.
    const payee = isIndividualType(p.payeeType) ? INDIVIDUAL : this.payeeOf(p)
    const duplicateOf = this.file.duplicates?.take(p, payee.supplierId) ?? null
    if (duplicateOf !== null) {
      this.report.duplicates++
      let dup = this.duplicateTotals.get(p.currency)
      if (!dup) this.duplicateTotals.set(p.currency, (dup = new PenceSum()))
      dup.add(p.amountPence)
      const fileId = this.file.duplicates!.fileOf(duplicateOf) ?? -1
      let list = this.duplicatesByFile.get(fileId)
      if (!list) this.duplicatesByFile.set(fileId, (list = []))
      list.push({ currency: p.currency, pence: p.amountPence })
    }
    if (payee.payeeClass !== 'supplier' && p.payeeName === '') this.blankPayees++
    this.landing.addPayment({
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
      consultancyRule: classifyConsultancy({
        expenseType: p.expenseType,
        expenseCategory: p.expenseCategory,
        description: p.description,
        payeeName: p.payeeName,
        payeeClass: payee.payeeClass,
        supplierRule: payee.supplierRule,
      }),
      duplicateOf,
    })
    this.report.accepted++
    let sum = this.totals.get(p.currency)
    if (!sum) this.totals.set(p.currency, (sum = new PenceSum()))
    sum.add(p.amountPence)
    if (p.amountRounded) this.rounded++
    if (p.paidPrecision !== 'day' && p.paidPrecision !== 'month') this.unplaced++
    if (p.paidOn === null) {
      const why = p.dateNote ?? 'no date'
      this.dateNotes.set(detach(why), (this.dateNotes.get(why) ?? 0) + 1)
      return
    }
    if (this.earliest === null || p.paidOn < this.earliest) this.earliest = p.paidOn
    if (this.latest === null || p.paidOn > this.latest) this.latest = p.paidOn
    if (p.paidPrecision === 'day' || p.paidPrecision === 'month') this.months.add(p.paidOn.slice(0, 7))
    const hint = this.file.hint
    const n = p.paidOn.length
    if (hint && (p.paidOn < hint.start.slice(0, n) || p.paidOn > hint.end.slice(0, n))) this.outside++
  }

  /** Rejects by code and column, with the first line of each: what a refusal for too many rejects names. */
  private readonly rejectKinds = new Map<string, { code: string; column: string | null; rows: number; line: number; message: string }>()

  /** How many rows were rejected with `code`, in any column. */
  rejectedAs(code: string): number {
    let rows = 0
    for (const kind of this.rejectKinds.values()) if (kind.code === code) rows += kind.rows
    return rows
  }

  /** What the undated rows' date cells said, commonest first ("blank: 3"). */
  dateNoteSummary(): string {
    return [...this.dateNotes].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([why, n]) => `${why}: ${n}`).join('; ')
  }

  /** The code and column most rows were rejected for, with its first instance. */
  commonestReject(): { code: string; column: string | null; rows: number; line: number; message: string } | null {
    let best = null
    for (const kind of this.rejectKinds.values()) if (!best || kind.rows > best.rows) best = kind
    return best
  }

  private reject(r: RejectDraft): void {
    const report = this.report
    report.rejected++
    const kindKey = `${r.code}\t${r.column ?? ''}`
    const kind = this.rejectKinds.get(kindKey)
    if (kind) kind.rows++
    else this.rejectKinds.set(detach(kindKey), { code: r.code, column: r.column, rows: 1, line: r.line, message: detach(r.message) })
    this.landing.addReject(r)
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line: r.line, column: r.column, code: r.code, message: r.message })
    if (this.file.strict) {
      throw new Refusal('STRICT', `--strict: line ${r.line} was rejected (${r.code}: ${r.message}), so the file is refused`, r.line, r.column)
    }
  }

  /** A row whose body cell names another body, or (without --body) no known body, is rejected. */
  private checkBody(p: PaymentDraft): Omit<RejectDraft, 'raw'> | null {
    if (p.body === null && p.bodyCode === null) return null
    const { body, directory, registeredName } = this.file
    const key = `${p.body ?? ''}\u001f${p.bodyCode ?? ''}`
    let resolved = this.bodies.get(key)
    if (resolved === undefined) {
      resolved = (p.bodyCode && directory.resolve(p.bodyCode)) || (p.body && directory.resolve(p.body)) || null
      if (!resolved && registeredName && [p.body, p.bodyCode].some((v) => v && normaliseBodyName(v) === registeredName)) resolved = body
      this.bodies.set(detach(key), resolved)
    }
    const column = this.plan.headers.body ?? this.plan.headers.bodyCode ?? null
    if (resolved && resolved.id !== body.id) {
      return { line: p.line, column, code: 'BODY_MISMATCH', message: `the row is for ${resolved.name} (${resolved.id}); the file is ${body.name}'s` }
    }
    if (!resolved) {
      const shown = p.body ?? p.bodyCode ?? ''
      if (!this.file.onFlagsWord) return { line: p.line, column, code: 'UNKNOWN_BODY', message: `"${shown}" is not a body we know` }
      this.unresolvedBodies.set(detach(shown), (this.unresolvedBodies.get(shown) ?? 0) + 1)
    }
    return null
  }

  /** Each payee name is classed, resolved and judged by the supplier rules once per file. */
  private payeeOf(p: PaymentDraft): PayeeEntry {
    let entry = this.payees.get(p.payeeName)
    if (entry) return entry
    const payeeClass = classifyPayee(p.payeeName)
    if (payeeClass === 'supplier') {
      const match = this.suppliers.resolve(p.payeeName, p.companyNumber)
      entry = { payeeClass, supplierId: match.supplierId, supplierMatch: match.method, supplierRule: supplierRule(p.payeeName) }
    } else {
      entry = { payeeClass, supplierId: null, supplierMatch: null, supplierRule: null }
    }
    if (this.payees.size >= PAYEE_CACHE) this.payees.clear()
    this.payees.set(detach(p.payeeName), entry)
    return entry
  }

  /** The warnings a reader needs to trust the file's numbers. */
  warn(warn: (code: string, message: string) => void, period: Period | null): void {
    const unknownDates = [...this.dateNotes.values()].reduce((a, b) => a + b, 0)
    if (unknownDates) {
      // Without a date column the cells are not "empty": there are none.
      const why =
        this.plan.columns.date === undefined
          ? 'the file has no date column'
          : [...this.dateNotes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([w, n]) => `${n} ${w}`).join(', ')
      warn(
        'DATES_UNKNOWN',
        `${unknownDates} payment${unknownDates === 1 ? ' has' : 's have'} no date (${why}): stored with date unknown${period ? `, in the file's period ${period.start}..${period.end}` : ''}; no date was invented`,
      )
    }
    const hint = this.file.hint
    if (this.outside && hint) warn('DATES_OUTSIDE_PERIOD', `${this.outside} payments are dated outside the file's period ${hint.start}..${hint.end}`)
    if (this.rounded) warn('AMOUNTS_ROUNDED', `${this.rounded} amounts had more than two decimals and were rounded to the penny`)
    if (this.blankPayees) warn('BLANK_PAYEES', `${this.blankPayees} payments have no payee name: counted as redacted`)
    for (const [value, n] of this.unresolvedBodies) {
      warn('BODY_VALUE_UNRESOLVED', `${n} rows name the body "${value}", which is not a known alias of ${this.file.body.name}; accepted on --body's word`)
    }
    const currencies = [...this.totals.keys()]
    if (currencies.length > 1 || (currencies.length === 1 && currencies[0] !== 'GBP')) {
      warn('CURRENCIES', `payments in ${currencies.sort().join(', ')}: each currency is totalled separately, never added into GBP`)
    }
    if (this.report.accepted === 0) warn('NO_PAYMENTS', 'no payment was accepted from this file')
  }
}

/** Which sheets of a workbook were read, and which were passed over. */
function warnSheets(book: WorkbookRows, warn: (code: string, message: string) => void): void {
  if (book.noSpendSheet) {
    // (Also a workbook of one sheet without dates, which may then land undated within a period we trust.)
    warn('SHEETS', `no sheet's header row reads as spend with a date column (${book.skipped.map((s) => `"${s}"`).join(', ')}): the first sheet is read alone`)
    return
  }
  const read = book.spans.map((s) => `"${s.sheet}" (rows ${s.firstRow}–${s.firstRow + s.rows - 1})`)
  const passed = book.skipped.length ? `; passed over (no header row reads as spend): ${book.skipped.map((s) => `"${s}"`).join(', ')}` : ''
  warn('SHEETS', `read ${read.length} sheet${read.length === 1 ? '' : 's'}: ${read.join(', ')}${passed}. ${book.aboveHeaders ? ` The ${book.aboveHeaders} rows at or above the later sheets' headers are skipped as preamble.` : ''} Line numbers count across the sheets read; each rejected row names its sheet and row`)
}

function magicHint(head: Buffer): string {
  if (head[0] === 0x50 && head[1] === 0x4b) return ' It starts like a zip archive: an .xlsx or .ods spreadsheet? Save it as CSV first.'
  if (head[0] === 0xd0 && head[1] === 0xcf) return ' It starts like an old Excel .xls workbook: save it as CSV first.'
  if (head[0] === 0x25 && head[1] === 0x50) return ' It starts like a PDF.'
  return ''
}

/**
 * More rows rejected than accepted: the columns were most likely read wrongly (a mis-chosen
 * column, an amount format we do not read), and what would land is a wrong total. Refused, with
 * the commonest reason and the ways out.
 */
function mostlyRejected(report: FileReport, commonest: ReturnType<FileRows['commonestReject']>, plan: MapPlan): Refusal {
  const why = commonest
    ? ` ${commonest.rows} of them ${commonest.code}${commonest.column ? ` in column "${commonest.column}"` : ''} (first at line ${commonest.line}: ${commonest.message}).`
    : ''
  const field = commonest?.column ? Object.entries(plan.headers).find(([, header]) => header === commonest.column)?.[0] : undefined
  const remap = field ? ` If "${commonest?.column}" is not the ${field} column, name the right one with --map ${field}=HEADER.` : ' If a column was read as the wrong field, name the right one with --map field=HEADER.'
  return new Refusal(
    'MOSTLY_REJECTED',
    `${report.rejected} of ${report.rejected + report.accepted} data rows were rejected and only ${report.accepted} accepted, so the file is refused rather than landed with a total that leaves most of it out.${why}${remap} To land the readable rows anyway (the rejected ones kept in spend_rejects), pass --allow-rejects.`,
    commonest?.line ?? null,
    commonest?.column ?? null,
  )
}

const describeFile = (c: SpendFileRecord) =>
  `"${c.fileName}" (sha256 ${c.sha256.slice(0, 12)}…, period ${c.periodStart ?? '?'}..${c.periodEnd ?? '?'}, ingested ${c.ingestedAt})`

/** The files --replace names, among the body's ingested files; a name that matches none refuses the file. */
function replacedFiles(bodyFiles: readonly SpendFileRecord[], name: string | null, sha256: string): SpendFileRecord[] {
  if (name === null) return []
  const named = Landing.named(bodyFiles, name).filter((f) => f.sha256 !== sha256)
  if (named.length) return named
  const known = bodyFiles.length ? bodyFiles.slice(-20).map(describeFile).join('; ') : 'none'
  throw new Refusal('REPLACE_NOT_FOUND', `--replace "${name}" names no file ingested for this body (by file name or sha256). Its files: ${known}`)
}

// A file of the same name is most likely the same publication corrected; another file of the
// same period is not a clash at all (invoices beside card payments, a supplement, a quarter).
function needsReplace(clash: SpendFileRecord[]): Refusal {
  return new Refusal(
    'NEEDS_REPLACE',
    `a different file with this name is already ingested for this body: ${clash.map(describeFile).join('; ')}. ` +
      `If this one corrects it, pass --replace "${clash[0]!.fileName}" to swap it for this one; if it is another file, give it its own name`,
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
      `SELECT f.rows_read AS rowsRead, f.accepted, f.rejected, f.skipped, f.stated_total_pence AS statedTotalPence,
              f.stated_total_matches AS statedTotalMatches, f.period_start AS periodStart, f.period_end AS periodEnd, b.name AS bodyName
       FROM spend_files f JOIN bodies b ON b.id = f.body_id WHERE f.id = ?`,
    )
    .all(existing.id)[0] as {
    rowsRead: number
    accepted: number
    rejected: number
    skipped: number
    statedTotalPence: number | null
    statedTotalMatches: number | null
    periodStart: string | null
    periodEnd: string | null
    bodyName: string
  }
  const fileTotals = db.prepare(FILE_TOTALS_SQL).get(existing.id) as { totals: string }
  Object.assign(report, {
    status: 'unchanged',
    body: existing.bodyId,
    bodyName: row.bodyName,
    rowsRead: row.rowsRead,
    accepted: row.accepted,
    rejected: row.rejected,
    skipped: row.skipped,
    // From its payments as they count now, not the stored totals_pence: a database filled before
    // duplicates were left out stores sums with them in, and rows promoted since count now.
    totals: Object.fromEntries(Object.entries(JSON.parse(fileTotals.totals) as Record<string, number>).map(([c, pence]) => [c, formatPence(pence)])),
    fileTotal: row.statedTotalPence === null ? null : { stated: formatPence(row.statedTotalPence), matches: row.statedTotalMatches === 1 },
    period: row.periodStart && row.periodEnd ? { start: row.periodStart, end: row.periodEnd, from: 'earlier ingest' } : null,
  } satisfies Partial<FileReport>)
  report.duplicates = (db.prepare('SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ? AND duplicate_of IS NOT NULL').get(existing.id) as { n: number }).n
  // The rejects it had then, as the report gave them.
  report.errors = db
    .prepare(`SELECT line, "column", code, message FROM spend_rejects WHERE spend_file_id = ? ORDER BY line LIMIT ${MAX_REPORTED_ERRORS}`)
    .all(existing.id) as FileReport['errors']
  report.warnings.push({
    code: 'UNCHANGED',
    message: `these exact bytes were ingested on ${existing.ingestedAt} as "${existing.fileName}"; nothing changed`,
  })
}
