// `npm run ingest -- foi <file...>`: argv -> options -> one report per file -> exit code.
// The only file under ingest/foi that prints.
import { parseArgs } from 'node:util'
import { createClient } from '@libsql/client'
import { dbFromLibsql } from '../../schema/client'
import { migrate } from '../../schema/migrate'
import { DatabaseUrlError, DEFAULT_DB_URL, databasePath } from '../spend/database'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type FoiReport, ingestFoiFile } from './ingest'
import { type FoiFormat, foiFormats } from './read'
import { argsOrExit, UsageError } from '../usage'

export const FOI_USAGE = `usage: npm run ingest -- foi <file...> [options]

Reads Freedom of Information material, each file whole or not at all:
  WhatDoTheyKnow request lists (CSV) and all-authorities.csv / body JSON (bodies gain their url_name),
  council disclosure logs (CSV, Infreemation JSON, iCasework XML), and FOI records (YAML, see README).

options:
  --format <format>   skip detection: ${foiFormats.join(', ')}
  --body <id|name>    whose disclosure log this is (when the file names no authority)
  --db <url>          file: URL or path (default: $DATABASE_URL, else ${DEFAULT_DB_URL})
  --dry-run           read, check and report, then roll back: nothing is written
  --json              one JSON report per file on stdout, nothing else

exit codes: 0 every file landed (or was already there), 1 a file was refused, 2 usage error`


export function parseFoiArgs(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        body: { type: 'string' },
        db: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const v = parsed.values
  if (v.help) return 'help' as const
  if (parsed.positionals.length === 0) throw new UsageError('name at least one file')
  if (v.format !== undefined && !(foiFormats as readonly string[]).includes(v.format)) throw new UsageError(`--format must be one of: ${foiFormats.join(', ')}`)
  if (v.body !== undefined && v.body.trim() === '') throw new UsageError('--body needs a body id, name or alias')
  return {
    files: parsed.positionals,
    dbUrl: v.db ?? env.DATABASE_URL ?? DEFAULT_DB_URL,
    json: v.json ?? false,
    format: (v.format ?? null) as FoiFormat | null,
    body: v.body ?? null,
    dryRun: v['dry-run'] ?? false,
  }
}

export function formatFoiSummary(r: FoiReport): string {
  const head = `${r.file}: ${r.status}${r.dryRun ? ' (dry run: nothing written)' : ''}${r.format ? ` [${r.format}]` : ''}`
  const lines = [head]
  if (r.status !== 'refused') {
    if (r.format === 'foi-record') for (const rec of r.records) lines.push(`  record ${rec.id}: ${rec.status}, version ${rec.version}: ${rec.contracts} contracts, ${rec.claims} claims, ${rec.outcomes} outcomes${rec.attachments.map((a) => `; ${a.file}: ${a.payments} payments`).join('')}`)
    else if (r.bodiesNamed) lines.push(`  ${r.bodiesNamed} bodies with their WhatDoTheyKnow url_name`)
    else if (r.status === 'ingested') {
      const statuses = Object.entries(r.byStatus).sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n} ${s}`).join(', ')
      lines.push(`  ${r.requests} requests (${statuses}); ${r.consultancy} about consultants, interims, outsourcing or named firms`)
    }
  }
  for (const e of r.errors) lines.push(`  error${e.line !== null ? ` line ${e.line}` : ''}${e.column ? ` (${e.column})` : ''}: ${e.code}: ${e.message}`)
  for (const w of r.warnings) lines.push(`  warning: ${w}`)
  return lines.join('\n')
}

export async function runFoiCommand(argv: string[]): Promise<number> {
  const parsed = argsOrExit('foi', FOI_USAGE, argv, parseFoiArgs)
  if ('exit' in parsed) return parsed.exit
  let path: string
  try {
    path = databasePath(parsed.dbUrl)
  } catch (error) {
    if (!(error instanceof DatabaseUrlError)) throw error
    process.stderr.write(`ingest foi: ${error.message}\n`)
    return 2
  }
  const memory = path === ':memory:'
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true })
  const client = createClient({ url: memory ? ':memory:' : `file:${resolve(path)}` })
  let refused = 0
  try {
    const db = dbFromLibsql(client)
    await migrate(db)
    for (const file of parsed.files) {
      const report = await ingestFoiFile(db, file, { format: parsed.format, body: parsed.body, dryRun: parsed.dryRun, databasePath: memory ? null : resolve(path) })
      if (report.status === 'refused') refused++
      process.stdout.write(`${parsed.json ? JSON.stringify(report) : formatFoiSummary(report)}\n`)
    }
  } finally {
    client.close()
  }
  return refused ? 1 : 0
}
