import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runSpendCommand } from '../../../ingest/spend/command'
import { inPeriodOrder, spendFilesIn } from '../../../ingest/spend/folder'
import { formatPence } from '../../../ingest/spend/parse'
import type { FileReport } from '../../../ingest/spend/report'
import { formatRunSummary } from '../../../ingest/spend/summary'
import { type TempDb, csv, openTempDb } from './helpers'

const HEADER = ['Body name', 'Payment Date', 'Supplier Name', 'Expenditure Category', 'Transaction No', 'Net Amount']
const rows = (n: number, from: number, month = '05') =>
  Array.from({ length: n }, (_, i) => ['Oxford City Council', `1${i % 9}/${month}/2023`, `Supplier ${i % 3} Ltd`, 'Repairs', `T${from + i}`, `${from + i}.25`])
const sumOf = (r: string[][]) => formatPence(r.reduce((s, row) => s + Math.round(Number(row[5]) * 100), 0))

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

describe('several files for one body and period', () => {
  it('lands invoices, card payments and a quarter beside its months, each as its own file', async () => {
    const invoices = rows(5, 1)
    const cards = rows(3, 100)
    const quarter = [...rows(2, 200, '04'), ...rows(2, 300, '05'), ...rows(2, 400, '06')]
    const a = await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([HEADER, ...invoices])))
    const b = await db.ingest(db.file('oxford-card-payments-2023-05.csv', csv([HEADER, ...cards])))
    const c = await db.ingest(db.file('oxford-apr-jun-2023.csv', csv([HEADER, ...quarter])))
    expect([a, b, c].map((r) => [r.status, r.totals.GBP])).toEqual([
      ['ingested', sumOf(invoices)],
      ['ingested', sumOf(cards)],
      ['ingested', sumOf(quarter)],
    ])
    expect(db.all("SELECT status FROM spend_files WHERE status = 'ingested'")).toHaveLength(3)
    expect(db.one('SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 5 + 3 + 6 })
    expect(db.one('SELECT SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup')).toEqual(
      db.one('SELECT SUM(amount_pence) AS t, COUNT(*) AS n FROM payments'),
    )
  })

  it('--replace swaps only the file it names, by name or sha256, and leaves the other files of the month', async () => {
    const invoices = await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([HEADER, ...rows(5, 1)])))
    const cards = await db.ingest(db.file('oxford-card-payments-2023-05.csv', csv([HEADER, ...rows(3, 100)])))
    const corrected = rows(4, 500)
    const replaced = await db.ingest(db.file('oxford-invoices-2023-05-v2.csv', csv([HEADER, ...corrected])), { replace: invoices.sha256!.slice(0, 10) })
    expect(replaced).toMatchObject({ status: 'ingested', totals: { GBP: sumOf(corrected) } })
    expect(db.all('SELECT file_name AS f, status AS s FROM spend_files ORDER BY id')).toEqual([
      { f: 'oxford-invoices-2023-05.csv', s: 'replaced' },
      { f: 'oxford-card-payments-2023-05.csv', s: 'ingested' },
      { f: 'oxford-invoices-2023-05-v2.csv', s: 'ingested' },
    ])
    expect(db.one('SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 4 + 3 })
    expect(db.one('SELECT SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup')).toEqual(
      db.one('SELECT SUM(amount_pence) AS t, COUNT(*) AS n FROM payments'),
    )
    // By file name too; a name that matches no file of the body refuses, listing its files.
    const again = await db.ingest(db.file('cards-fixed.csv', csv([HEADER, ...rows(2, 900)])), { replace: 'oxford-card-payments-2023-05.csv' })
    expect(again.status).toBe('ingested')
    expect(db.one("SELECT status FROM spend_files WHERE sha256 = ?", cards.sha256)).toEqual({ status: 'replaced' })
    const nothing = await db.ingest(db.file('x-2023-05.csv', csv([HEADER, ...rows(1, 950)])), { replace: 'no-such-file.csv' })
    expect(nothing.errors[0]).toMatchObject({ code: 'REPLACE_NOT_FOUND' })
    expect(nothing.errors[0]!.message).toContain('cards-fixed.csv')
  })
})

describe('a folder at once', () => {
  let out: string[]
  beforeEach(() => {
    out = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  })
  afterEach(() => vi.restoreAllMocks())

  it('reads every CSV and .csv.gz under it, recursively, in period order, one report per file', async () => {
    const dir = join(db.dir, 'spend')
    mkdirSync(join(dir, '2023', 'june'), { recursive: true })
    writeFileSync(join(dir, '2023', 'oxford-2023-05.csv'), csv([HEADER, ...rows(3, 1)]))
    writeFileSync(join(dir, '2023', 'june', 'oxford-2023-06.csv.gz'), gzipSync(csv([HEADER, ...rows(2, 10, '06')])))
    writeFileSync(join(dir, 'oxford-2023-04.csv'), csv([HEADER, ...rows(4, 20, '04')]))
    writeFileSync(join(dir, 'README.txt'), 'not a spend file')
    expect((await spendFilesIn(dir)).map((p) => p.slice(dir.length + 1))).toEqual([
      'oxford-2023-04.csv',
      '2023/oxford-2023-05.csv',
      '2023/june/oxford-2023-06.csv.gz',
    ])
    expect(await runSpendCommand([dir, '--db', db.url, '--json'])).toBe(0)
    const reports = out.join('').trim().split('\n').map((l) => JSON.parse(l))
    expect(reports.map((r) => [r.file, r.status, r.accepted])).toEqual([
      ['oxford-2023-04.csv', 'ingested', 4],
      ['oxford-2023-05.csv', 'ingested', 3],
      ['oxford-2023-06.csv', 'ingested', 2],
    ])
    // The gzipped file is its CSV: the same bytes uncompressed are unchanged.
    const plain = db.file('oxford-2023-06.csv', csv([HEADER, ...rows(2, 10, '06')]))
    expect((await db.ingest(plain)).status).toBe('unchanged')
  })

  it('lands the files after one refused part way, through the same writer thread', async () => {
    const bad = db.file('oxford-2023-04.csv', csv([HEADER, ...rows(3, 1, '04'), ['Oxford City Council', '01/04/2023', 'Acme', 'Repairs', 'T', 'oops']]))
    const good = db.file('oxford-2023-05.csv', csv([HEADER, ...rows(3, 10)]))
    expect(await runSpendCommand([bad, good, '--db', db.url, '--json', '--strict'])).toBe(1)
    const reports = out.join('').trim().split('\n').map((l) => JSON.parse(l))
    expect(reports.map((r) => [r.status, r.errors[0]?.code ?? null])).toEqual([
      ['refused', 'STRICT'],
      ['ingested', null],
    ])
    expect(db.all('SELECT file_name AS f FROM spend_files')).toEqual([{ f: 'oxford-2023-05.csv' }])
    expect(db.one('SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 3 })
  })

  it('orders dated names first, a quarter before its first month, then the rest by path', () => {
    expect(inPeriodOrder(['b/notes.csv', 'x-2023-05.csv', 'a/x-apr-jun-2023.csv', 'x-2023-04.csv', 'a/misc.csv'])).toEqual([
      'a/x-apr-jun-2023.csv',
      'x-2023-04.csv',
      'x-2023-05.csv',
      'a/misc.csv',
      'b/notes.csv',
    ])
  })

  it('closes a run with one table: files ingested, unchanged and refused, payments and totals per body', () => {
    const report = (body: string | null, status: 'ingested' | 'unchanged' | 'refused', accepted: number, gbp?: string): FileReport => ({
      file: 'f.csv', sha256: null, body, bodyName: body && `${body} Council`, status, encoding: 'ascii', rowsRead: accepted, accepted, rejected: 0, skipped: 0,
      totals: gbp ? { GBP: gbp } : ({} as Record<string, string>), fileTotal: null, errors: [], warnings: [], period: null,
      skippedBy: { preamble: 0, blank: 0, total: 0, repeatedHeader: 0, footer: 0 }, dryRun: false, columns: [], duplicates: 0,
    })
    const table = formatRunSummary([report('oxford', 'ingested', 3, '1000.10'), report('oxford', 'unchanged', 2, '-0.20'), report(null, 'refused', 0)])
    const lines = table.split('\n')
    expect(lines[0]).toMatch(/^body\s+ingested\s+unchanged\s+refused\s+payments\s+rejected\s+totals$/)
    expect(lines).toContainEqual(expect.stringMatching(/^oxford Council\s+1\s+1\s+0\s+5\s+0\s+GBP 999\.90$/))
    expect(lines).toContainEqual(expect.stringMatching(/^\(body unknown\)\s+0\s+0\s+1\s+0\s+0$/))
    expect(lines[lines.length - 1]).toMatch(/^all files\s+1\s+1\s+1\s+5\s+0$/)
  })
})

describe('a fresh database', () => {
  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  })
  afterEach(() => vi.restoreAllMocks())

  it('loads the curated bodies before a --new-body ingest, so a curated body is found, not duplicated', async () => {
    const fresh = `file:${join(db.dir, 'fresh.db')}`
    const file = db.file('manchester-2011-04.csv', csv([
      ['Body Name', 'Invoice Payment Date', 'Supplier Name', 'Net Amount'],
      ['Manchester City Council', '2011-04-01', 'Acme Ltd', '10.00'],
    ]))
    expect(await runSpendCommand([file, '--db', fresh, '--new-body', 'Manchester City Council', '--json'])).toBe(0)
    const bodies = readFileSync(join(import.meta.dirname, '../../../data/bodies.yaml'), 'utf8')
    const curatedId = /id: (\S+)\n\s+name: Manchester City Council/.exec(bodies)?.[1]
    expect(curatedId).toBeTruthy()
    const { default: Database } = await import('libsql')
    const check = new Database(join(db.dir, 'fresh.db'))
    expect(check.prepare("SELECT id, origin FROM bodies WHERE name = 'Manchester City Council'").all()).toEqual([{ id: curatedId, origin: 'curated' }])
    expect(check.prepare('SELECT DISTINCT body_id AS b FROM payments').all()).toEqual([{ b: curatedId }])
    check.close()
  })
})
