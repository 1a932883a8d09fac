// `npm run ingest -- start`, which `npm start` runs before serving: the curated dataset (data/),
// then the shipped spend files (data/spend/). Nothing here stops the server from starting: a
// problem is printed, and the API serves what the database holds.
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_DB_URL, filePathOf } from '../schema/database-url'
import { runDataCommand } from './data/command'
import { openLandingDatabase } from './spend/database'
import { ingestShipped } from './spend/shipped'
import { formatRunSummary } from './spend/summary'

const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url))
const SPEND_DIR = fileURLToPath(new URL('../data/spend', import.meta.url))

const USAGE = `usage: npm run ingest -- start [--db <url>] [--data <dir>] [--spend <dir>]

What \`npm start\` runs before serving: the curated dataset (default data/), then the shipped spend
files (default data/spend/, as its MANIFEST.tsv lists them). Always exits 0: a problem is printed
and the server still starts.`

/** Exit code 0 whatever the data did, so `npm start` always serves; 2 only for a usage error. */
export async function runStartCommand(argv: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({ args: argv, strict: true, options: { db: { type: 'string' }, data: { type: 'string' }, spend: { type: 'string' } } }))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    return 2
  }
  const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DB_URL
  const say = (line: string) => process.stderr.write(`${line}\n`)
  const data = await runDataCommand(['--db', url, '--dir', values.data ?? DATA_DIR], { out: say, err: say })
  if (data !== 0) say('start: the curated dataset did not load (above); serving what the database already holds')
  if (filePathOf(url) === null) {
    say('start: the shipped spend files are ingested into a local file database only; skipped for this URL')
    return 0
  }
  const started = performance.now()
  const database = await openLandingDatabase(url)
  try {
    const run = await ingestShipped(database, values.spend ?? SPEND_DIR, (r) => {
      if (r.status !== 'unchanged') say(`spend: ${r.file}: ${r.status}${r.status === 'refused' ? ` (${r.errors[0]?.code}: ${r.errors[0]?.message})` : ''}`)
    })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    if (run.unchanged) say('spend: the shipped files in data/spend are already in, nothing to read')
    else say(`spend: data/spend read in ${seconds} s\n${formatRunSummary(run.reports)}`)
    for (const file of run.mismatched) say(`spend: warning: data/spend/${file} is not the file its manifest's sha256 names`)
  } catch (error) {
    say(`start: the shipped spend files were not ingested: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    database.close()
  }
  return 0
}
