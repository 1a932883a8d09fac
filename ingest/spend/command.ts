/** `npm run ingest -- spend`: not built yet. */
export async function runSpendCommand(_argv: string[]): Promise<number> {
  process.stderr.write('ingest spend: not implemented yet\n')
  return 2
}
