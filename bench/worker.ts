// `npm run bench -- worker`: the Worker bundle's gzip size against its 1 MiB budget, and its
// global-scope start-up in workerd against a one-line Worker started the same way in the same run.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { Miniflare } from 'miniflare'

const root = fileURLToPath(new URL('../', import.meta.url))
const BUDGET = 1024 * 1024
const RUNS = 7

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** Time to a started isolate (global scope evaluated) and to its first answer, in ms. */
async function startUp(script: string, path: string): Promise<{ ready: number; firstAnswer: number }> {
  const t0 = performance.now()
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    d1Databases: { DB: 'bench-db' },
    bindings: { RATE_LIMIT_REQUESTS: '1000', RATE_LIMIT_PERIOD_SECONDS: '60' },
  })
  await mf.ready
  const ready = performance.now() - t0
  const res = await mf.dispatchFetch(`http://localhost${path}`)
  await res.arrayBuffer()
  const firstAnswer = performance.now() - t0
  await mf.dispose()
  return { ready, firstAnswer }
}

export async function benchWorker(): Promise<void> {
  const build = spawnSync('npm', ['run', '-s', 'build:worker'], { cwd: root, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`build:worker failed:\n${build.stderr}`)
  const bundle = readFileSync(`${root}dist/worker/worker.js`, 'utf8')
  const gzip = gzipSync(bundle).length
  console.log(`worker bundle: ${(bundle.length / 1024).toFixed(0)} KiB, gzip ${(gzip / 1024).toFixed(0)} KiB of the ${BUDGET / 1024} KiB budget (${((100 * gzip) / BUDGET).toFixed(0)}%)`)

  const baseline = 'export default { fetch() { return new Response("ok") } }'
  const ours: Array<{ ready: number; firstAnswer: number }> = []
  const base: Array<{ ready: number; firstAnswer: number }> = []
  for (let i = 0; i < RUNS; i++) {
    base.push(await startUp(baseline, '/'))
    ours.push(await startUp(bundle, '/'))
  }
  const oursReady = median(ours.map((r) => r.ready))
  const baseReady = median(base.map((r) => r.ready))
  const oursFirst = median(ours.map((r) => r.firstAnswer))
  const baseFirst = median(base.map((r) => r.firstAnswer))
  console.log(`start-up in workerd, median of ${RUNS} (includes starting workerd):`)
  console.log(`  one-line Worker: ready ${baseReady.toFixed(0)} ms, first answer ${baseFirst.toFixed(0)} ms`)
  console.log(`  consultwatch:    ready ${oursReady.toFixed(0)} ms, first answer ${oursFirst.toFixed(0)} ms`)
  console.log(`  global scope + first request cost: ${(oursFirst - baseFirst).toFixed(0)} ms over the baseline (ratio ${(oursFirst / baseFirst).toFixed(2)}x)`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchWorker()
