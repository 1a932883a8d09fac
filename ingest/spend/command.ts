// `npm run ingest -- spend <file|folder...>`: argv -> options -> one report per file -> exit code.
// The only file under ingest/spend that prints.
import { stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { bodyKinds } from '../../schema/tables/enums'
import type { BodyKind } from '../resolve/bodies'
import { DEFAULT_DB_URL } from '../../schema/database-url'
import { runDataCommand } from '../data/command'
import { DatabaseUrlError, type LandingDatabase, openLandingDatabase } from './database'
import { spendFilesIn } from './folder'
import { DEFAULT_LICENCE, type Hooks, ingestSpendFile, type SpendOptions } from './ingest'
import { OverrideError } from './infer'
import { parsePeriodFlag } from './parse'
import { parseMapFlags } from './profile'
import { type FileReport, formatSummary } from './report'
import { formatRunSummary } from './summary'
import { argsOrExit, UsageError } from '../usage'

export const SPEND_USAGE = `usage: npm run ingest -- spend <file|folder...> [options]

Reads published spend files (CSV, .csv.gz, XLSX) into payments, each file whole or not at all.
A folder is read recursively, its files in period order; a run of several files ends, on a
terminal, with one table of what landed per body.

options:
  --body <id|name|alias>   whose files these are (else the file's body column says)
  --new-body "<name>"      register a body not yet known (official name), then ingest for it
    --gss <code>           its GSS code (with --new-body)
    --kind <kind>          its kind (with --new-body; default other): ${bodyKinds.join(', ')}
  --period YYYY-MM[..YYYY-MM]  the period the files cover (else from the file name, else the dates);
                           not with a folder, whose files each cover their own. A file without
                           dates needs it (unless its name gives the month in words and no other
                           month or year: apr-jun-2014):
                           its payments are stored undated within it
  --no-date-column         no column holds the payment date (an "Invoice Date" or "Date Received"
                           is not it): store the payments undated within --period, which it needs
  --db <url>               file: URL or path (default: $DATABASE_URL, else ${DEFAULT_DB_URL})
  --dry-run                read, check and report, then roll back: nothing is written
  --json                   one JSON report per file on stdout, nothing else
  --strict                 refuse a file if any row is rejected
  --allow-rejects          land a file even when more of its rows are rejected than accepted
                           (refused by default: a file read that badly would land a wrong total)
  --replace <name|sha256>  this file replaces the body's ingested file of that name or sha256
                           (only that file; other files of the same period stay)
  --sheet <name>           in an XLSX workbook, read only this sheet (else every sheet that reads as spend)
  --licence "<text>"       the files' licence (default: ${DEFAULT_LICENCE})
  --url <url>              where the file was published (stored on its source)
  --map field=HEADER       read this field from the column with this header (repeatable; overrides inference and profile)
  --save-profile           after a file lands, save its column mapping to data/profiles/<body>.yaml for the body's next files

exit codes: 0 every file landed (or was already there), 1 a file was refused, 2 usage error (also a --map or profile that does not fit)`


interface Parsed {
  files: string[]
  options: SpendOptions
  dbUrl: string
  json: boolean
}

export function parseSpendArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Parsed | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        body: { type: 'string' },
        'new-body': { type: 'string' },
        gss: { type: 'string' },
        kind: { type: 'string' },
        period: { type: 'string' },
        'no-date-column': { type: 'boolean' },
        db: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        'allow-rejects': { type: 'boolean' },
        replace: { type: 'string' },
        sheet: { type: 'string' },
        licence: { type: 'string' },
        url: { type: 'string' },
        map: { type: 'string', multiple: true },
        'save-profile': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const v = parsed.values
  if (v.help) return 'help'
  if (parsed.positionals.length === 0) throw new UsageError('name at least one spend file or folder')
  if (v.replace !== undefined && (v.replace.trim() === '' || parsed.positionals.length > 1)) {
    throw new UsageError('--replace names the one ingested file (its file name or sha256) that the one file given replaces')
  }
  if (v.sheet !== undefined && v.sheet.trim() === '') throw new UsageError('--sheet needs the name of a sheet')
  if (v.body !== undefined && v['new-body'] !== undefined) throw new UsageError('give --body or --new-body, not both')
  if (v.body !== undefined && v.body.trim() === '') throw new UsageError('--body needs a body id, name or alias')
  if (v['new-body'] !== undefined && v['new-body'].trim() === '') throw new UsageError('--new-body needs the body\'s official name')
  if ((v.gss !== undefined || v.kind !== undefined) && v['new-body'] === undefined) throw new UsageError('--gss and --kind go with --new-body')
  if (v.kind !== undefined && !(bodyKinds as readonly string[]).includes(v.kind)) {
    throw new UsageError(`--kind must be one of: ${bodyKinds.join(', ')}`)
  }
  let period = null
  if (v.period !== undefined) {
    period = parsePeriodFlag(v.period)
    if (!period) throw new UsageError(`--period must look like 2014-04 or 2014-04..2014-06 (got "${v.period}")`)
  }
  let map
  try {
    map = parseMapFlags(v.map ?? [])
  } catch (error) {
    if (error instanceof OverrideError) throw new UsageError(error.message)
    throw error
  }
  if (v['no-date-column'] && (period === null || map.date !== undefined)) {
    throw new UsageError('--no-date-column says no column holds the payment dates: it needs --period YYYY-MM[..YYYY-MM], the period the file covers, and goes without --map date=')
  }
  return {
    files: parsed.positionals,
    dbUrl: v.db ?? env.DATABASE_URL ?? DEFAULT_DB_URL,
    json: v.json ?? false,
    options: {
      body: v.body ?? null,
      newBody: v['new-body'] === undefined ? null : { name: v['new-body'].trim(), gssCode: v.gss ?? null, kind: (v.kind ?? 'other') as BodyKind },
      period,
      noDateColumn: v['no-date-column'] ?? false,
      strict: v.strict ?? false,
      allowRejects: v['allow-rejects'] ?? false,
      replace: v.replace?.trim() ?? null,
      sheet: v.sheet ?? null,
      dryRun: v['dry-run'] ?? false,
      licence: v.licence ?? DEFAULT_LICENCE,
      url: v.url ?? null,
      map,
      saveProfile: v['save-profile'] ?? false,
    },
  }
}

/** A progress bar on stderr (bytes, rows, rows/s) for files over 8 MB, when stderr is a terminal. */
function progressBar(): Hooks & { stop(): void } {
  let bar: cliProgress.SingleBar | null = null
  let started = 0
  const stop = () => {
    bar?.stop()
    bar = null
  }
  if (!process.stderr.isTTY) return { stop }
  return {
    stop,
    onStart(file, size) {
      stop()
      if (size < 8 * 1024 * 1024) return
      started = Date.now()
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${file} [{bar}] {percentage}% | {rows} rows | {rate} rows/s`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
      bar.start(size, 0, { rows: 0, rate: 0 })
    },
    onProgress({ bytesRead, size, rows }) {
      if (!bar) return
      const seconds = (Date.now() - started) / 1000
      bar.update(Math.min(bytesRead, size), { rows, rate: seconds > 0 ? Math.round(rows / seconds) : 0 })
    },
  }
}

/** The files named, folders expanded (recursively, in period order). A name that is neither stays, to be refused. */
async function expand(names: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const name of names) {
    const info = await stat(name).catch(() => null)
    if (info?.isDirectory()) files.push(...(await spendFilesIn(name)))
    else files.push(name)
  }
  return files
}

const DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url))

/**
 * A database with no bodies yet gets the curated dataset first, as `npm start` does: a body
 * given with --new-body then resolves to its curated record instead of becoming a rival of it.
 */
async function curatedFirst(database: LandingDatabase): Promise<void> {
  if (database.path === ':memory:' || database.db.prepare('SELECT 1 FROM bodies LIMIT 1').all().length) return
  const say = (line: string) => process.stderr.write(`${line}\n`)
  await runDataCommand(['--db', `file:${database.path}`, '--dir', DATA_DIR], { out: say, err: say })
}

/**
 * --period states one file's period; a folder's files each cover their own (a month, a quarter,
 * a year), so one period given to them all would misplace every file but one, and their undated
 * payments with them. The folder's files are read with the periods their names or dates give.
 */
async function refusePeriodForFolder(parsed: Parsed): Promise<UsageError | null> {
  if (!parsed.options.period) return null
  for (const name of parsed.files) {
    if ((await stat(name).catch(() => null))?.isDirectory()) {
      return new UsageError(
        `--period gives one file its period, but "${name}" is a folder, whose files each cover their own: leave --period out (each file's period then comes from its name or its dates), or name one file with --period`,
      )
    }
  }
  return null
}

export async function runSpendCommand(argv: string[]): Promise<number> {
  const parsed = argsOrExit('spend', SPEND_USAGE, argv, parseSpendArgs)
  if ('exit' in parsed) return parsed.exit
  const misuse = await refusePeriodForFolder(parsed)
  if (misuse) {
    process.stderr.write(`ingest spend: ${misuse.message}\n\n${SPEND_USAGE}\n`)
    return 2
  }
  let database
  try {
    database = await openLandingDatabase(parsed.dbUrl, { dryRun: parsed.options.dryRun })
  } catch (error) {
    if (error instanceof DatabaseUrlError) {
      process.stderr.write(`ingest spend: ${error.message}\n`)
      return 2
    }
    throw error
  }
  const progress = parsed.json ? null : progressBar()
  const reports: FileReport[] = []
  let misused = 0
  try {
    if (!parsed.options.dryRun) await curatedFirst(database)
    for (const file of await expand(parsed.files)) {
      const report = await ingestSpendFile(database, file, parsed.options, progress ?? {})
      progress?.stop()
      reports.push(report)
      if (report.status === 'refused' && USAGE_REFUSALS.has(report.errors[0]?.code ?? '')) misused++
      if (parsed.json) process.stdout.write(`${JSON.stringify(report)}\n`)
      else process.stdout.write(`${formatSummary(report)}\n`)
    }
  } finally {
    database.close()
  }
  if (!parsed.json && process.stdout.isTTY && reports.length > 1) process.stdout.write(`\n${formatRunSummary(reports)}\n`)
  return misused ? 2 : reports.some((r) => r.status === 'refused') ? 1 : 0
}

/** A file refused because --map or the body's profile does not fit it is a usage error. */
const USAGE_REFUSALS = new Set(['BAD_MAP', 'BAD_PROFILE'])
