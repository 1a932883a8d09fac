import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ingestShipped, parseShippedManifest } from '../../../ingest/spend/shipped'
import { type TempDb, openTempDb } from './helpers'

const dir = join(import.meta.dirname, '../../../data/spend')
const manifestText = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8')
const files = parseShippedManifest(manifestText)
/** The extra columns the manifest keeps for checking: payment rows and totals as the corpus manifest computed them. */
const extra = new Map(
  manifestText
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map((c) => [c[0]!, { rows: Number(c[8]), total: /GBP (-?\d+\.\d{2})/.exec(c[9]!)![1]! }]),
)

const monthIndex = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1

describe('the shipped dataset (data/spend)', () => {
  it('lists every file it holds, each the bytes its sha256 names, under 25 MB in all', () => {
    const onDisk = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'MANIFEST.tsv')
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort()
    expect(files.map((f) => f.file).sort()).toEqual(onDisk)
    let bytes = 0
    for (const f of files) {
      const raw = readFileSync(join(dir, f.file))
      bytes += raw.length
      const content = f.file.endsWith('.gz') ? gunzipSync(raw) : raw
      expect(createHash('sha256').update(content).digest('hex'), f.file).toBe(f.sha256)
      expect(f.licence).toBe('Open Government Licence v3.0')
    }
    expect(bytes).toBeLessThan(25 * 1024 * 1024)
  })

  it('holds at least 12 consecutive months of several bodies', () => {
    const byBody = new Map<string, number[]>()
    for (const f of files) byBody.set(f.body, [...(byBody.get(f.body) ?? []), monthIndex(f.period)])
    const runs = [...byBody.values()].map((months) => {
      const sorted = [...new Set(months)].sort((a, b) => a - b)
      let best = 1
      let run = 1
      for (let i = 1; i < sorted.length; i++) best = Math.max(best, (run = sorted[i] === sorted[i - 1]! + 1 ? run + 1 : 1))
      return best
    })
    expect(runs.filter((r) => r >= 12).length).toBeGreaterThanOrEqual(3)
  })

  describe('ingested as npm start does', () => {
    let db: TempDb
    let copy: string
    // Two bodies' small files: the whole set is ingested by npm start (and measured in the README).
    const chosen = files.filter((f) => /cabinetoffice_2019-0[67]|harrogate_2015-05/.test(f.file))
    beforeEach(async () => {
      db = await openTempDb([])
      copy = join(db.dir, 'spend')
      const head = manifestText.split('\n')[0]
      const lines = manifestText.split('\n').filter((l) => chosen.some((f) => l.startsWith(`${f.file}\t`)))
      for (const f of chosen) {
        mkdirSync(dirname(join(copy, f.file)), { recursive: true })
        copyFileSync(join(dir, f.file), join(copy, f.file))
      }
      writeFileSync(join(copy, 'MANIFEST.tsv'), [head, ...lines].join('\n'))
    })
    afterEach(() => db.cleanup())

    it('lands each file with the payment rows and total its manifest gives, then reads nothing while the manifest is unchanged', async () => {
      expect(chosen).toHaveLength(3)
      const first = await ingestShipped(db, copy)
      expect(first.unchanged).toBe(false)
      expect(first.mismatched).toEqual([])
      for (const f of chosen) {
        const report = first.reports.find((r) => r.sha256 === f.sha256)!
        expect(report, f.file).toMatchObject({ status: 'ingested', accepted: extra.get(f.file)!.rows, totals: { GBP: extra.get(f.file)!.total } })
      }
      expect(db.all('SELECT DISTINCT b.name AS n FROM payments p JOIN bodies b ON b.id = p.body_id ORDER BY n')).toEqual(
        [...new Set(chosen.map((f) => f.body))].sort().map((n) => ({ n })),
      )
      expect(await ingestShipped(db, copy)).toEqual({ unchanged: true, reports: [], mismatched: [] })

      // A changed manifest (a file taken out of it) is read again: what is there is unchanged.
      const manifest = join(copy, 'MANIFEST.tsv')
      writeFileSync(manifest, readFileSync(manifest, 'utf8').split('\n').slice(0, -1).join('\n'))
      const again = await ingestShipped(db, copy)
      expect(again.reports.map((r) => r.status)).toEqual(['unchanged', 'unchanged'])
      expect(statSync(manifest).size).toBeGreaterThan(0)
    })
  })
})
