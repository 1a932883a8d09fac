// `npm run bench -- <name> [options]`: benchmarks, never part of `npm test`.
import { runIngestBench } from './ingest'

const benches: Record<string, (argv: string[]) => Promise<number>> = {
  ingest: runIngestBench,
}

const [name, ...rest] = process.argv.slice(2)
const bench = name ? benches[name] : undefined
if (!bench) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]\n`)
  process.exit(2)
}
bench(rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
