import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { createClient } from '@libsql/client'
import { dumpForD1 } from './dump'
import { DEFAULT_DB_URL } from '../../schema/database-url'

const HELP = `usage: npm run ingest -- d1 [--db <url>] [--out <file.sql>] [--apply-local <dir>]

Writes the whole database (migrations, the curated data, every ingested payment) as SQL for
Cloudflare D1, in statements under D1's size limit.
  --db <url>            the libsql database to read (default: $DATABASE_URL or ${DEFAULT_DB_URL})
  --out <file>          where to write the SQL (default: .wrangler/consultwatch-seed.sql)
  --apply-local <dir>   then replace the local D1 kept in <dir> with it (wrangler d1 execute --local)`

/** `npm run ingest -- d1`: the database as a D1 seed script, optionally applied to a local D1. */
export async function runD1Command(argv: string[]): Promise<number> {
  let values: { db?: string; out?: string; 'apply-local'?: string; help?: boolean }
  try {
    values = parseArgs({ args: argv, options: { db: { type: 'string' }, out: { type: 'string' }, 'apply-local': { type: 'string' }, help: { type: 'boolean' } } }).values
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${HELP}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DB_URL
  const out = values.out ?? '.wrangler/consultwatch-seed.sql'
  if (url.startsWith('file:') && !existsSync(url.slice('file:'.length))) {
    process.stderr.write(`no database at ${url}: load one first with \`npm run ingest -- data\` (and \`npm run ingest -- spend <files>\`), or point --db at it\n`)
    return 1
  }
  await writeSeed(url, out)
  process.stdout.write(`wrote ${out} from ${url}\n`)
  if (values['apply-local']) {
    const code = applyLocal(out, values['apply-local'])
    if (code !== 0) return 1
    process.stdout.write(`applied to the local D1 in ${values['apply-local']}\n`)
  }
  return 0
}

export async function writeSeed(url: string, out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true })
  const client = createClient({ url })
  const file = createWriteStream(out)
  try {
    for await (const chunk of dumpForD1(client)) {
      if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', () => resolve()))
    }
  } finally {
    file.end()
    client.close()
  }
  await finished(file)
}

/** Replaces the local D1 state in `persistDir` with the seed (a fresh database, no stale rows). */
export function applyLocal(seedFile: string, persistDir: string, config?: string, timeoutMs = 300_000): number {
  rmSync(join(persistDir, 'v3', 'd1'), { recursive: true, force: true })
  // wrangler's own entry point, not `npx`: a timeout kills the process that does the work
  // (wrangler once spun forever on a seed it could not split, and npx passed the kill on to nobody).
  const wrangler = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin', 'wrangler.js')
  const args = [wrangler, 'd1', 'execute', 'DB', '--local', '--persist-to', persistDir, '--file', seedFile, '--yes']
  if (config) args.push('--config', config)
  const result = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  if (result.error || result.signal) {
    process.stderr.write(`wrangler d1 execute did not finish within ${timeoutMs / 1000} s (${result.error?.message ?? result.signal}); ${seedFile} was not applied\n`)
    return 1
  }
  return result.status ?? 1
}
