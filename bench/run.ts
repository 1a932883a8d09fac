// `npm run bench -- <name> [options]`: benchmarks, never part of `npm test`. Each bench is
// imported only when asked for, so one bench's dependencies never slow or break another.

// Measured as `npm start` runs the server (NODE_ENV=production): see ./production.
import './production'

export type Bench = (argv: string[]) => Promise<number | void>

const benches: Record<string, () => Promise<Bench>> = {
  http: async () => {
    const { benchHttp } = await import('./http')
    return (argv) => benchHttp(argv)
  },
  worker: async () => {
    const { benchWorker } = await import('./worker')
    return () => benchWorker()
  },
  ingest: async () => (await import('./ingest')).runIngestBench,
  answers: async () => (await import('./answers')).runAnswersBench,
}

const [name, ...rest] = process.argv.slice(2)

/** No name: every bench, one after another (several minutes: ingest generates 1M- and 5M-row files). */
async function runAll(): Promise<number> {
  let worst = 0
  for (const [bench, load] of Object.entries(benches)) {
    console.log(`\n== ${bench} ==`)
    worst = Math.max(worst, (await (await load())([])) ?? 0)
  }
  return worst
}

if (name && !benches[name]) {
  process.stderr.write(`usage: npm run bench [-- <${Object.keys(benches).join('|')}> [options]]\n`)
  process.exit(2)
}
;(name ? (benches[name] as () => Promise<Bench>)().then((bench) => bench(rest)) : runAll())
  .then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
