// `npm run bench -- http [--json]`: requests per second through the real app in-process (Hono +
// Yoga + Pothos + libsql) for a 50-item answer, against a bare Hono handler returning the same
// JSON, measured in the same run. Figures (ratio = ours ÷ baseline, higher is better):
//   post-uncached  POST /graphql, every request executed (no answer store)
//   get-cached     GET /graphql?query=…, answered from the Node server's answer cache
// Without --json it also prints where an uncached request's time goes (see README, "Speed").
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@libsql/client'
import { execute, parse } from 'graphql'
import { Hono } from 'hono'
import { createApp } from '../api/app'
import { dbFromFile } from '../api/node-db'
import { yoga } from '../api/graphql'
import { memoryCache } from '../api/http/cache'
import { readDataset } from '../ingest/data/read'
import { loadDataset } from '../ingest/data/load'
import { dbFromLibsql } from '../schema/client'
import { schema } from '../schema/graphql/index'
import { migrate } from '../schema/migrate'
import { bodies } from '../schema/tables'
import { printFigure, wantsJson } from './figure'

const QUERY = '{ bodies(first: 50) { edges { node { slug name kind region } } } }'
const SECONDS = 3

/**
 * Requests per second: the best of `rounds` rounds. The machine is shared, and the best round is
 * the one least disturbed by other work, for ours and for the baseline alike.
 */
async function rate(request: () => unknown | Promise<unknown>, seconds = SECONDS, rounds = 3): Promise<number> {
  for (let i = 0; i < 200; i++) await request() // warm-up
  let best = 0
  for (let r = 0; r < rounds; r++) {
    let n = 0
    const end = performance.now() + (seconds * 1000) / rounds
    while (performance.now() < end) {
      await request()
      n++
    }
    best = Math.max(best, (n * rounds) / seconds)
  }
  return best
}

const drain = async (res: Response | Promise<Response>) => (await res).arrayBuffer()

export async function benchHttp(argv: string[] = []): Promise<void> {
  const json = wantsJson(argv)
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-bench-'))
  const client = createClient({ url: `file:${join(dir, 'bench.db')}` })
  try {
    const db = dbFromLibsql(client)
    await migrate(db)
    await loadDataset(db, await readDataset(fileURLToPath(new URL('../data/', import.meta.url))))
    // Served as api/node.ts serves an embedded file: through the synchronous driver.
    const served = dbFromFile(join(dir, 'bench.db'))
    const app = createApp({ db: () => served.db })
    // Configured as api/node.ts configures the Node server's cache.
    const cached = createApp({ db: () => served.db, cache: { store: memoryCache(), maxAgeSeconds: 60, versionTtlMs: 1000 } })
    const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) })
    const answer = await (await app.request('/graphql', init())).text()
    const items = (JSON.parse(answer) as { data: { bodies: { edges: unknown[] } } }).data.bodies.edges.length

    const bare = new Hono().post('/graphql', (c) => c.json(JSON.parse(answer)))
    if (!json) console.log(`http, in-process, ${items}-item answer, best of 3 rounds in ${SECONDS} s each:`)
    const base = await rate(() => drain(bare.request('/graphql', { method: 'POST' })))
    const post = await rate(() => drain(app.request('/graphql', init())))
    const get = `/graphql?query=${encodeURIComponent(QUERY)}`
    const hot = await rate(() => drain(cached.request(get)))
    const figure = (name: string, value: number) => printFigure({ bench: 'http', name, value: Math.round(value), unit: 'req/s', baseline: Math.round(base), ratio: value / base }, json)
    figure('post-uncached', post)
    figure('get-cached', hot)
    if (json) return

    // Where an uncached request's time goes: each step adds one layer over the one before.
    const document = parse(QUERY)
    const contextValue = { db: served.db }
    const steps: Array<[string, () => unknown]> = [
      ['driver: the 50 rows (libsql, raw SQL)', () => client.execute('select id, name, kind, region from bodies order by id limit 51')],
      ['drizzle, sync driver: the same rows', () => served.db.select({ id: bodies.id, name: bodies.name, kind: bodies.kind, region: bodies.region }).from(bodies).limit(51)],
      ['graphql execute (parsed, validated once)', () => execute({ schema, document, contextValue })],
      ['yoga.fetch (parse/validate cached, JSON)', () => drain(yoga.fetch(new Request('http://x/graphql', init()), { db: served.db }))],
      ['the whole app (CORS, limits, cache check)', () => drain(app.request('/graphql', init()))],
    ]
    console.log('  where the time of an uncached POST goes (µs per request):')
    for (const [label, step] of steps) console.log(`    ${label.padEnd(44)} ${(1e6 / (await rate(step, 1.5))).toFixed(0).padStart(6)}`)
    served.close()
  } finally {
    client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchHttp(process.argv.slice(2))
