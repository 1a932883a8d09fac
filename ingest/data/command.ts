/** `npm run ingest -- data`: not built yet. */
export async function runDataCommand(_argv: string[]): Promise<number> {
  process.stderr.write('ingest data: not implemented yet\n')
  return 2
}
