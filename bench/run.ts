// `npm run bench -- <name> [options]`: benchmarks, never part of `npm test`. Each bench is
// imported only when asked for, so one bench's dependencies never slow or break another.
export type Bench = (argv: string[]) => Promise<number | void>

const benches: Record<string, () => Promise<Bench>> = {
  ingest: async () => (await import('./ingest')).runIngestBench,
  http: async () => {
    const { benchHttp } = await import('./http')
    return () => benchHttp()
  },
  worker: async () => {
    const { benchWorker } = await import('./worker')
    return () => benchWorker()
  },
}

const [name, ...rest] = process.argv.slice(2)
const load = name ? benches[name] : undefined
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]\n`)
  process.exit(2)
}
load()
  .then((bench) => bench(rest))
  .then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
