import { mkdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { createClient } from '@libsql/client'
import { sql } from 'drizzle-orm'
import { dbFromLibsql } from '../../schema/client'
import { migrate } from '../../schema/migrate'
import { loadDataset } from './load'
import { DatasetError, readDataset } from './read'
import { DEFAULT_DB_URL, fileFolderOf } from '../../schema/database-url'

const USAGE = `usage: npm run ingest -- data [--db <url>] [--dir data] [--force]

Loads the curated dataset (data/*.yaml) into the database, unless the same files are already loaded.

  --db <url>   libsql URL (default: $DATABASE_URL, else ${DEFAULT_DB_URL})
  --dir <dir>  the data folder (default: data)
  --force      load even if the database already holds this dataset`

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
}

const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

/** `npm run ingest -- data`: migrate, read data/, load it unless already loaded. Returns the exit code. */
export async function runDataCommand(argv: string[], io: Output = stdio): Promise<number> {
  let values: { db?: string; dir?: string; force?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        dir: { type: 'string', default: 'data' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    return 2
  }
  if (values.help) {
    io.out(USAGE)
    return 0
  }
  const dir = values.dir ?? 'data'
  const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DB_URL

  let dataset
  try {
    dataset = await readDataset(dir)
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error
    printProblems(io, dir, error)
    return 1
  }

  const folder = fileFolderOf(url)
  if (folder) await mkdir(folder, { recursive: true })
  const client = createClient({ url })
  try {
    const db = dbFromLibsql(client)
    await migrate(db)
    const [loaded] = await db.all<{ value: string }>(sql`SELECT value FROM meta WHERE key = 'dataset_hash'`)
    if (loaded?.value === dataset.hash && !values.force) {
      io.out(`data: unchanged (${dataset.hash.slice(0, 12)}), nothing to load; --force loads it again`)
      return 0
    }
    let summary
    try {
      summary = await loadDataset(db, dataset)
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error
      printProblems(io, dir, error)
      return 1
    }
    const counts = Object.entries(summary.counts)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ')
    io.out(`data: loaded ${summary.dataVersion}: ${counts}`)
    return 0
  } finally {
    client.close()
  }
}

function printProblems(io: Output, dir: string, error: DatasetError): void {
  const shown = dir.replace(/\/+$/, '') || '.'
  for (const p of error.problems) io.err(`${shown}/${p.file}: ${p.record}: ${p.reason}`)
  io.err(`data: not loaded (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'})`)
}
