// `npx tsx bench/http-profile.ts [requests] [profile.cpuprofile]`: the uncached POST of
// bench/http.ts, repeated, and V8's CPU profile of those requests only (not start-up or loading).
// First: NODE_ENV=production before graphql loads, also when this file is run directly.
import './production'
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { createApp } from '../api/app'
import { curatedBenchDb, QUERY } from './http'

const requests = Number(process.argv[2] ?? 5000)
const out = process.argv[3]
const { served, close } = await curatedBenchDb()
try {
  const app = createApp({ db: () => served.db })
  const body = JSON.stringify({ query: QUERY })
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
  const post = async () => (await app.request('/graphql', { method: 'POST', headers, body })).arrayBuffer()
  for (let i = 0; i < 500; i++) await post()
  const session = new Session()
  if (out) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 100 })
    await session.post('Profiler.start')
  }
  const start = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < requests; i++) await post()
  const used = process.cpuUsage(cpu)
  if (out) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile))
  console.log(`${requests} requests: ${(((performance.now() - start) * 1000) / requests).toFixed(0)} µs wall, ${((used.user + used.system) / requests).toFixed(0)} µs CPU each`)
} finally {
  close()
}
