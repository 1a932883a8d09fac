// `npm run bench -- http [--json]`: requests per second through the real app in-process (Hono +
// Yoga + Pothos + libsql) for a 50-item answer, against a bare Hono handler returning the same
// JSON, measured in the same run, interleaved with ours (see compare). Figures (ratio = ours ÷
// baseline, higher is better):
//   post-uncached  POST /graphql, every request executed (no answer store)
//   get-cached     GET /graphql?query=…, answered from the Node server's answer cache
//   post-no-execution  the uncached POST through the same app and Yoga, but with execution
//                  replaced by the finished answer: the ceiling of any executor behind Yoga
// Without --json it also prints where an uncached request's time goes (see README, "Speed").
// First: NODE_ENV=production before graphql loads, also when this file is run directly.
import './production'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@libsql/client'
import Database from 'libsql'
import { sql } from 'drizzle-orm'
import { execute, parse, print } from 'graphql'
import { Hono } from 'hono'
import { createApp } from '../api/app'
import { dbFromFile } from '../api/node-db'
import { createGraphQL, yoga } from '../api/graphql'
import { memoryCache } from '../api/http/cache'
import { readDataset } from '../ingest/data/read'
import { loadDataset } from '../ingest/data/load'
import { dbFromLibsql } from '../schema/client'
import { schema } from '../schema/graphql/index'
import { migrate } from '../schema/migrate'
import { printFigure, wantsJson } from './figure'

const BASELINE = 'bare Hono, the same JSON (the baseline)'
const CONNECTION = '  of which the connection alone (edges { __typename })'
const NO_EXECUTION = 'the whole app, execution replaced by the answer'
export const QUERY = '{ bodies(first: 50) { edges { node { slug name kind region } } } }'
/** Pairs of slices per figure, and the length of one slice: about 12 s per figure. */
const PAIRS = 24
const SLICE_MS = 250

/** Requests completed in `ms` milliseconds, one after another. */
async function count(request: () => unknown | Promise<unknown>, ms: number): Promise<number> {
  let n = 0
  const end = performance.now() + ms
  while (performance.now() < end) {
    await request()
    n++
  }
  return n
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/**
 * Ours against the baseline, interleaved: `PAIRS` pairs of short slices, in alternating order
 * (ours first, then baseline first), each pair giving one ratio. The machine is shared, and load
 * comes and goes within seconds: two slices a quarter-second apart see nearly the same load, so
 * their ratio is stable where rates measured one after the other are not. The figures are the
 * medians over the pairs: requests per second of each, and the ratio.
 */
async function compare(ours: () => unknown, baseline: () => unknown): Promise<{ value: number; baseline: number; ratio: number }> {
  await count(ours, 1000) // warm-up: JIT, caches, prepared statements
  await count(baseline, 1000)
  const rates: number[] = []
  const bases: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < PAIRS; i++) {
    const first = i % 2 === 0
    const a = await count(first ? ours : baseline, SLICE_MS)
    const b = await count(first ? baseline : ours, SLICE_MS)
    const [mine, theirs] = first ? [a, b] : [b, a]
    rates.push((mine * 1000) / SLICE_MS)
    bases.push((theirs * 1000) / SLICE_MS)
    ratios.push(mine / theirs)
  }
  return { value: median(rates), baseline: median(bases), ratio: median(ratios) }
}

/** Microseconds of CPU per call (this process, all threads), over `ms` of calls after a warm-up. */
async function cpuPerCall(call: () => unknown, ms = 1500): Promise<number> {
  await count(call, 300)
  const before = process.cpuUsage()
  const n = await count(call, ms)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / n
}

const drain = async (res: Response | Promise<Response>) => (await res).arrayBuffer()

/**
 * The curated dataset in a fresh libsql file, served as api/node.ts serves an embedded file:
 * through the synchronous driver. `close` closes it and removes the file.
 */
export async function curatedBenchDb(): Promise<{ path: string; served: ReturnType<typeof dbFromFile>; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-bench-'))
  const path = join(dir, 'bench.db')
  const remove = () => rmSync(dir, { recursive: true, force: true })
  const client = createClient({ url: `file:${path}` })
  try {
    const db = dbFromLibsql(client)
    await migrate(db)
    await loadDataset(db, await readDataset(fileURLToPath(new URL('../data/', import.meta.url))))
  } catch (error) {
    remove()
    throw error
  } finally {
    client.close()
  }
  const served = dbFromFile(path)
  return {
    path,
    served,
    close: () => {
      served.close()
      remove()
    },
  }
}

export async function benchHttp(argv: string[] = []): Promise<void> {
  const json = wantsJson(argv)
  const { path, served, close } = await curatedBenchDb()
  try {
    const app = createApp({ db: () => served.db })
    // Configured as api/node.ts configures the Node server's cache.
    const cached = createApp({ db: () => served.db, cache: { store: memoryCache(), maxAgeSeconds: 60, versionTtlMs: 1000 } })
    // As any HTTP client sends a string body: with its Content-Length (a chunked body is the
    // exception, and costs one more copy in the body cap).
    const body = JSON.stringify({ query: QUERY })
    const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body })
    const answer = await (await app.request('/graphql', init())).text()
    const items = (JSON.parse(answer) as { data: { bodies: { edges: unknown[] } } }).data.bodies.edges.length

    const bare = new Hono().post('/graphql', (c) => c.json(JSON.parse(answer)))
    const baseline = () => drain(bare.request('/graphql', { method: 'POST' }))
    if (!json) console.log(`http, in-process, ${items}-item answer, medians of ${PAIRS} interleaved pairs of ${SLICE_MS} ms slices:`)
    const figure = (name: string, f: { value: number; baseline: number; ratio: number }) =>
      printFigure({ bench: 'http', name, value: Math.round(f.value), unit: 'req/s', baseline: Math.round(f.baseline), ratio: f.ratio }, json)
    figure('post-uncached', await compare(() => drain(app.request('/graphql', init())), baseline))
    const get = `/graphql?query=${encodeURIComponent(QUERY)}`
    figure('get-cached', await compare(() => drain(cached.request(get)), baseline))
    // Every plugin, check and limit as in `app`, and Yoga's request handling and JSON, but the
    // executor hands back the answer already built: no resolver, no SQL.
    const finished = (JSON.parse(answer) as { data: unknown }).data
    const noExecution = createApp({
      db: () => served.db,
      graphql: createGraphQL({ plugins: [{ onExecute: ({ setExecuteFn }) => setExecuteFn(() => ({ data: finished })) }] }),
    })
    const ceiling = await compare(() => drain(noExecution.request('/graphql', init())), baseline)
    figure('post-no-execution', ceiling)
    if (json) return

    // Where an uncached request's time goes: each step adds one layer over the one before.
    const document = parse(QUERY)
    // The same page with nothing asked of its nodes: the drizzle plugin's connection (plan, SQL,
    // edges with their cursors), which any execution of the query runs.
    const connectionOnly = parse(QUERY.replace('node { slug name kind region }', '__typename'))
    if (print(connectionOnly) === print(document)) throw new Error('the connection-only query is the full query')
    // The one statement the answer runs, as the app builds it (drizzle's relational query for the
    // page, one row extra to tell whether there is a next page, only the columns asked for),
    // captured from the app itself, prepared once, rows as arrays as drizzle reads them.
    const statements: string[] = []
    const probe = dbFromFile(path, { logger: { logQuery: (q) => statements.push(q) } })
    await drain(createApp({ db: () => probe.db }).request('/graphql', init()))
    probe.close()
    if (statements.length !== 1) throw new Error(`The answer ran ${statements.length} statements; the breakdown expects one.`)
    const captured = statements[0] as string
    const raw = new Database(path, { readonly: true })
    const statement = raw.prepare(captured).raw(true)
    // drizzle's step asks for the captured statement's columns, in its order, with its `where 1 = 1`
    // (the plugin's empty filter), and must build that very statement, or the step measures another.
    const columns = Object.fromEntries([...captured.matchAll(/"d0"\."\w+" as "(\w+)"/g)].map((m) => [m[1] as string, true as const]))
    const sameRows = () => served.db.query.bodies.findMany({ columns, where: { RAW: sql`1 = 1` }, orderBy: { name: 'asc', id: 'asc' }, limit: 51 })
    const built = sameRows().toSQL().sql
    if (built !== captured) throw new Error(`drizzle's step builds\n  ${built}\nbut the app ran\n  ${captured}`)
    const contextValue = { db: served.db }
    const steps: Array<[string, () => unknown]> = [
      ['libsql sync driver: the SQL the app runs', () => statement.all(51)],
      ['drizzle, sync driver: the same statement', () => sameRows()],
      ['graphql execute (parsed, validated once)', () => execute({ schema, document, contextValue })],
      [CONNECTION, () => execute({ schema, document: connectionOnly, contextValue })],
      ['yoga.fetch (parse/validate cached, JSON)', () => drain(yoga.fetch(new Request('http://x/graphql', init()), { db: served.db }))],
      ['the whole app (CORS, limits, cache check)', () => drain(app.request('/graphql', init()))],
      [NO_EXECUTION, () => drain(noExecution.request('/graphql', init()))],
    ]
    console.log('  where the time of an uncached POST goes (µs of CPU per request; each line adds layers to the one above):')
    const cpu = new Map<string, number>()
    for (const [label, step] of [...steps, [BASELINE, baseline] as [string, () => unknown]]) {
      cpu.set(label, await cpuPerCall(step))
      console.log(`    ${label.padEnd(52)} ${(cpu.get(label) as number).toFixed(0).padStart(6)}`)
    }
    // Any execution runs the connection, and Yoga and the app around it: their sum is a floor.
    const floor = (cpu.get(NO_EXECUTION) as number) + (cpu.get(CONNECTION) as number)
    console.log(`  floor of any executor behind Yoga and this schema's connection: ${floor.toFixed(0)} µs, at most ${((cpu.get(BASELINE) as number) / floor).toFixed(2)}× of the baseline`)
    raw.close()
  } finally {
    close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchHttp(process.argv.slice(2))
