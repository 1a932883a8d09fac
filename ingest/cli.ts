#!/usr/bin/env node
// consultwatch ingest CLI: argv -> command -> exit code. The only place in ingest/ that prints.
// Exit codes: 0 every file landed, 1 a file was refused or the data failed to load, 2 usage error.
import { runD1Command } from './d1/command'
import { runDataCommand } from './data/command'
import { runFoiCommand } from './foi/command'
import { runSpendCommand } from './spend/command'
import { runStartCommand } from './start'

const USAGE = `usage: npm run ingest -- <command> [options]

commands:
  data    load the curated dataset from data/ into the database (only when data/ changed)
  spend   read published spend files (CSV, .csv.gz, XLSX, or folders of them) into payments
  start   what \`npm start\` runs first: data/, then the shipped spend files in data/spend/
  d1      write the database as SQL for Cloudflare D1, optionally applying it to the local D1
  foi     read FOI request lists, disclosure logs and FOI records (see README "From an FOI answer to data")

Run a command with --help for its options.`

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  data: runDataCommand,
  spend: runSpendCommand,
  start: runStartCommand,
  d1: runD1Command,
  foi: runFoiCommand,
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`)
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${USAGE}\n`)
    return 2
  }
  return command(rest)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ingest failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
