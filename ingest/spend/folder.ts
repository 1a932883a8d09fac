// A folder of spend files -> the files to ingest, in period order: a body's months land in the
// order they happened, so each report reads in time and a replacement comes after what it replaces.
import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { periodFromFileName } from './parse'

/** What `ingest spend DIR` reads: CSV, gzipped CSV and XLSX workbooks. */
export const SPEND_FILE = /\.(csv|csv\.gz|xlsx)$/i

/** Every spend file under `dir`, recursively, hidden files and folders left out. */
export async function spendFilesIn(dir: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (at: string): Promise<void> => {
    const entries = await readdir(at, { withFileTypes: true })
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(at, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile() && SPEND_FILE.test(entry.name)) found.push(path)
    }
  }
  await walk(dir)
  return inPeriodOrder(found)
}

/** Files whose names state a period first, earliest first (then the longer period first); the rest by path. */
export function inPeriodOrder(paths: readonly string[]): string[] {
  const keyed = paths.map((path) => ({ path, period: periodFromFileName(basename(path).replace(/\.gz$/i, '')) }))
  return keyed
    .sort((a, b) => {
      if (a.period && b.period) {
        if (a.period.start !== b.period.start) return a.period.start < b.period.start ? -1 : 1
        if (a.period.end !== b.period.end) return a.period.end > b.period.end ? -1 : 1
      } else if (a.period || b.period) {
        return a.period ? -1 : 1
      }
      return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
    })
    .map((k) => k.path)
}
