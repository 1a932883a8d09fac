import { existsSync, readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileReport } from '../../../ingest/spend/report'
import { hasShared, needsShared, realdataDir } from '../../helpers/shared'
import { type TempDb, openTempDb } from './helpers'

// Every file of ../shared/realdata/corpus, ingested as a new user would: `--new-body "<body>"`
// and nothing else, into one fresh database with no bodies. Expected rows and totals are the
// manifest's, computed independently (Python Decimal); nothing here is copied from our output.

const corpusDir = `${realdataDir}corpus/`
const manifestPath = `${corpusDir}MANIFEST.tsv`

interface Entry {
  file: string
  body: string
  paymentRows: number
  totals: Record<string, string>
  stated: string | null
  notes: string
}

function readManifest(): Entry[] {
  if (!existsSync(manifestPath)) return []
  const parsed = Papa.parse<Record<string, string>>(readFileSync(manifestPath, 'utf8'), { delimiter: '\t', header: true, skipEmptyLines: true })
  return parsed.data.map((r) => ({
    file: r.file!,
    body: r.body!,
    paymentRows: Number(r.payment_rows),
    // "GBP 27805428.31", possibly several "; "-separated, possibly with a note in brackets after.
    totals: Object.fromEntries([...r.totals!.matchAll(/\b([A-Z]{3}) (-?\d+\.\d{2})\b/g)].map((m) => [m[1]!, m[2]!])),
    stated: r.stated_total?.trim() ? r.stated_total.trim() : null,
    notes: r.notes ?? '',
  }))
}

/** Notes that say a row is not clearly a payment: the accepted count is then not checked. */
const AMBIGUOUS = /not a payment|ambiguous|aggregate/i
const entries = readManifest()

describe.skipIf(!hasShared)(`the corpus: every file on first sight, with --new-body only${needsShared}`, () => {
  let db: TempDb
  const reports = new Map<string, FileReport>()

  beforeAll(async () => {
    db = await openTempDb([])
    for (const e of entries) {
      reports.set(e.file, await db.ingest(`${corpusDir}${e.file}`, { newBody: { name: e.body, gssCode: null, kind: 'other' }, writer: 'direct' }))
    }
  }, 600_000)
  afterAll(() => db?.cleanup())

  it('has a manifest of 87 files, 86 CSV and one XLSX workbook, every one of them read', () => {
    expect(entries.length).toBe(87)
    expect(entries.filter((e) => e.file.toLowerCase().endsWith('.xlsx')).length).toBe(1)
    expect(entries.filter((e) => !reports.has(e.file))).toEqual([])
  })

  describe.each(entries)('$file', (e) => {
    it(`lands with ${e.paymentRows} payment rows and the manifest's totals`, () => {
      const r = reports.get(e.file)!
      expect({ status: r.status, refusal: r.status === 'refused' ? r.errors[0] : null }).toEqual({ status: 'ingested', refusal: null })
      expect(r.totals).toEqual(e.totals)
      if (!AMBIGUOUS.test(e.notes)) expect(r.accepted).toBe(e.paymentRows)
      expect(r.rowsRead).toBe(r.accepted + r.rejected + r.skipped)
      // The file's own total is recognised where the manifest finds one, and none is invented where it finds none.
      expect(r.fileTotal).toEqual(e.stated === null ? null : { stated: e.stated, matches: e.stated === e.totals.GBP })
    })
  })

  it('never adds a foreign amount into GBP: every payment is GBP in these files, and the stored sums equal the reports', () => {
    const stored = db.all<{ currency: string; t: number }>('SELECT currency, SUM(amount_pence) AS t FROM payments GROUP BY currency')
    const reported = new Map<string, bigint>()
    for (const r of reports.values()) for (const [c, v] of Object.entries(r.totals)) reported.set(c, (reported.get(c) ?? 0n) + BigInt(v.replace('.', '')))
    expect(stored.map((s) => [s.currency, BigInt(s.t)])).toEqual([...reported.entries()].sort())
  })
})
