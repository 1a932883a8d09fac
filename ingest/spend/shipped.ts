// The spend files that ship with the project (data/spend/, listed in its MANIFEST.tsv): ingested
// by `npm start` on first run and again whenever the manifest changes. The manifest carries each
// file's sha256, so a changed file changes the manifest; an unchanged manifest costs one read.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bodyKinds } from '../../schema/tables/enums'
import type { BodyKind } from '../resolve/bodies'
import type { LandingDatabase } from './database'
import { inPeriodOrder } from './folder'
import { DEFAULT_LICENCE, ingestSpendFile } from './ingest'
import type { FileReport } from './report'

export interface ShippedFile {
  /** Path under data/spend/. */
  file: string
  body: string
  kind: BodyKind
  period: string
  publisherUrl: string | null
  licence: string
  sha256: string
}

const COLUMNS = ['file', 'body', 'kind', 'period', 'publisher_url', 'licence', 'sha256'] as const
const META_KEY = 'shipped_spend'

/** MANIFEST.tsv -> its files; a malformed manifest is an error naming the line. */
export function parseShippedManifest(text: string): ShippedFile[] {
  const [head = '', ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const names = head.split('\t')
  const at = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>
  const missing = COLUMNS.filter((c) => at[c] < 0)
  if (missing.length) throw new Error(`data/spend/MANIFEST.tsv lacks the column(s) ${missing.join(', ')}`)
  return lines.map((line, i) => {
    const cells = line.split('\t')
    const cell = (c: (typeof COLUMNS)[number]) => (cells[at[c]] ?? '').trim()
    const kind = cell('kind') as BodyKind
    if (!bodyKinds.includes(kind)) throw new Error(`data/spend/MANIFEST.tsv line ${i + 2}: kind "${kind}" is not one of ${bodyKinds.join(', ')}`)
    if (!/^[0-9a-f]{64}$/.test(cell('sha256'))) throw new Error(`data/spend/MANIFEST.tsv line ${i + 2}: sha256 is not 64 hex digits`)
    return {
      file: cell('file'),
      body: cell('body'),
      kind,
      period: cell('period'),
      publisherUrl: cell('publisher_url') || null,
      licence: cell('licence') || DEFAULT_LICENCE,
      sha256: cell('sha256'),
    }
  })
}

export interface ShippedRun {
  /** True when the manifest is the one already ingested: nothing was read. */
  unchanged: boolean
  reports: FileReport[]
  /** Files whose bytes are not those the manifest lists (they are still ingested, being real files). */
  mismatched: string[]
}

/** Ingests data/spend/ as its manifest lists it, unless that manifest was already ingested whole. */
export async function ingestShipped(database: LandingDatabase, dir: string, onReport: (r: FileReport) => void = () => {}): Promise<ShippedRun> {
  const text = await readFile(join(dir, 'MANIFEST.tsv'), 'utf8')
  const hash = createHash('sha256').update(text).digest('hex')
  const done = database.db.prepare('SELECT value FROM meta WHERE key = ?').all(META_KEY)[0] as { value: string } | undefined
  if (done?.value === hash) return { unchanged: true, reports: [], mismatched: [] }
  const files = parseShippedManifest(text)
  const byPath = new Map(files.map((f) => [join(dir, f.file), f]))
  const reports: FileReport[] = []
  const mismatched: string[] = []
  for (const path of inPeriodOrder([...byPath.keys()])) {
    const f = byPath.get(path)!
    const report = await ingestSpendFile(database, path, {
      newBody: { name: f.body, gssCode: null, kind: f.kind },
      licence: f.licence,
      url: f.publisherUrl,
    })
    if (report.sha256 && report.sha256 !== f.sha256) mismatched.push(f.file)
    reports.push(report)
    onReport(report)
  }
  // Only a run where every file is in remembers the manifest: a refused file is tried again next start.
  if (reports.every((r) => r.status !== 'refused')) {
    database.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(META_KEY, hash)
  }
  return { unchanged: false, reports, mismatched }
}
