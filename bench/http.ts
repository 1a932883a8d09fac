// `npm run bench -- http`: requests per second through the real app in-process (Hono + Yoga +
// Pothos + libsql), for a 50-item answer, against a bare Hono handler returning the same JSON,
// in the same run. Also the same query as a cached GET, the lever for repeated reads.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@libsql/client'
import { Hono } from 'hono'
import { createApp } from '../api/app'
import { memoryCache } from '../api/http/cache'
import { readDataset } from '../ingest/data/read'
import { loadDataset } from '../ingest/data/load'
import { dbFromLibsql } from '../schema/client'
import { migrate } from '../schema/migrate'

const QUERY = '{ bodies(first: 50) { edges { node { slug name kind region } } } }'
const SECONDS = 3

async function rate(label: string, request: () => Response | Promise<Response>): Promise<number> {
  for (let i = 0; i < 200; i++) await (await request()).arrayBuffer() // warm-up
  let n = 0
  const end = performance.now() + SECONDS * 1000
  while (performance.now() < end) {
    await (await request()).arrayBuffer()
    n++
  }
  const perSecond = n / SECONDS
  console.log(`  ${label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} req/s  ${(1e6 / perSecond).toFixed(0).padStart(5)} µs/req`)
  return perSecond
}

export async function benchHttp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-bench-'))
  const client = createClient({ url: `file:${join(dir, 'bench.db')}` })
  try {
    const db = dbFromLibsql(client)
    await migrate(db)
    await loadDataset(db, await readDataset(fileURLToPath(new URL('../data/', import.meta.url))))
    const app = createApp({ db: () => db })
    const cached = createApp({ db: () => db, cache: { store: memoryCache(), maxAgeSeconds: 60 } })
    const post = () => app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) })
    const answer = await (await post()).text()
    const items = (JSON.parse(answer) as { data: { bodies: { edges: unknown[] } } }).data.bodies.edges.length

    const bare = new Hono().post('/graphql', (c) => c.json(JSON.parse(answer)))
    console.log(`http, in-process, ${items}-item answer, ${SECONDS} s each:`)
    const base = await rate('baseline: bare Hono c.json of the same answer', () => bare.request('/graphql', { method: 'POST' }))
    const ours = await rate('consultwatch POST /graphql (parse→SQL→JSON)', post)
    const get = `/graphql?query=${encodeURIComponent(QUERY)}`
    const hot = await rate('consultwatch GET /graphql, cached answer', () => cached.request(get))
    const hotPost = await rate('consultwatch POST /graphql, cached answer', () =>
      cached.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) }),
    )
    console.log(`  ratio to baseline: POST ${(ours / base).toFixed(3)}x, cached GET ${(hot / base).toFixed(3)}x, cached POST ${(hotPost / base).toFixed(3)}x`)
  } finally {
    client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchHttp()
