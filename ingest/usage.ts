/** A command line a command cannot run as given: it exits 2 with the message and its usage. */
export class UsageError extends Error {}

/**
 * The parsed arguments of `ingest <command>`, or how to exit: `--help` prints the usage (0), and
 * a usage error prints `ingest <command>: <what is wrong>` then the usage (2).
 */
export function argsOrExit<T extends object>(command: string, usage: string, argv: string[], parse: (argv: string[]) => T | 'help'): T | { exit: number } {
  let parsed: T | 'help'
  try {
    parsed = parse(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`ingest ${command}: ${error.message}\n\n${usage}\n`)
    return { exit: 2 }
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`)
    return { exit: 0 }
  }
  return parsed
}
