import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseSpendArgs, runSpendCommand } from '../../../ingest/spend/command'
import { type TempDb, csv, openTempDb } from './helpers'

let db: TempDb
let out: string[]
let err: string[]
beforeEach(async () => {
  db = await openTempDb()
  out = []
  err = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
})
afterEach(() => {
  vi.restoreAllMocks()
  db.cleanup()
})

const good = () => db.file('oxford-2023-05.csv', csv([['Body name', 'Payment Date', 'Supplier', 'Amount'], ['OCC', '01/05/2023', 'Acme Ltd', '1,000.50'], ['OCC', '02/05/2023', 'Acme Ltd', '(0.50)']]))

describe('ingest spend command', () => {
  it('prints one JSON object per file and exits 0 when every file landed', async () => {
    const file = good()
    expect(await runSpendCommand([file, '--db', db.url, '--json'])).toBe(0)
    expect(await runSpendCommand([file, '--db', db.url, '--json'])).toBe(0)
    const reports = out.join('').trim().split('\n').map((line) => JSON.parse(line))
    expect(reports.map((r) => r.status)).toEqual(['ingested', 'unchanged'])
    expect(Object.keys(reports[0]).slice(0, 14)).toEqual([
      'file', 'sha256', 'body', 'bodyName', 'status', 'encoding', 'rowsRead', 'accepted', 'rejected', 'skipped', 'totals', 'fileTotal', 'errors', 'warnings',
    ])
    expect(reports[0]).toMatchObject({ file: 'oxford-2023-05.csv', body: 'oxford', rowsRead: 2, accepted: 2, totals: { GBP: '1000.00' } })
  })

  it('exits 1 when any file was refused, still landing the others', async () => {
    const missing = `${db.dir}/nope.csv`
    expect(await runSpendCommand([good(), missing, '--db', db.url, '--json'])).toBe(1)
    const reports = out.join('').trim().split('\n').map((line) => JSON.parse(line))
    expect(reports.map((r) => [r.status, r.errors[0]?.code ?? null])).toEqual([
      ['ingested', null],
      ['refused', 'FILE_NOT_FOUND'],
    ])
  })

  it('prints a human summary without --json', async () => {
    expect(await runSpendCommand([good(), '--db', db.url])).toBe(0)
    const text = out.join('')
    expect(text).toContain('oxford-2023-05.csv → Oxford City Council (oxford): ingested')
    expect(text).toContain('rows read 2: accepted 2, rejected 0, skipped 0')
    expect(text).toContain('totals: GBP 1,000.00')
  })

  it.each([
    [[]],
    [['x.csv', '--body', 'a', '--new-body', 'B']],
    [['x.csv', '--gss', 'E1']],
    [['x.csv', '--new-body', 'B', '--kind', 'castle']],
    [['x.csv', '--period', 'spring']],
    [['x.csv', '--bogus']],
    [['x.csv', '--db', 'libsql://example.turso.io']],
  ])('exits 2 on a usage error: %j', async (argv) => {
    expect(await runSpendCommand(argv)).toBe(2)
    expect(err.join('')).toMatch(/ingest spend: /)
  })

  it('reads the database from --db, else DATABASE_URL, else the default', () => {
    expect(parseSpendArgs(['a.csv'], {})).toMatchObject({ dbUrl: 'file:.data/consultwatch.db' })
    expect(parseSpendArgs(['a.csv'], { DATABASE_URL: 'file:/tmp/x.db' })).toMatchObject({ dbUrl: 'file:/tmp/x.db' })
    expect(parseSpendArgs(['a.csv', '--db', 'file:y.db'], { DATABASE_URL: 'file:/tmp/x.db' })).toMatchObject({ dbUrl: 'file:y.db' })
    expect(parseSpendArgs(['a.csv', '--new-body', 'X Council', '--gss', 'E1', '--kind', 'district_council', '--period', '2014-04..2014-06'], {})).toMatchObject({
      options: { newBody: { name: 'X Council', gssCode: 'E1', kind: 'district_council' }, period: { start: '2014-04-01', end: '2014-06-30' } },
    })
    expect(parseSpendArgs(['--help'], {})).toBe('help')
  })

  it('--allow-rejects is off unless given', () => {
    expect(parseSpendArgs(['a.csv'], {})).toMatchObject({ options: { allowRejects: false } })
    expect(parseSpendArgs(['a.csv', '--allow-rejects'], {})).toMatchObject({ options: { allowRejects: true } })
  })

  it('parses repeatable --map field=HEADER and --save-profile', () => {
    expect(parseSpendArgs(['a.csv', '--map', 'amount=Net Amt (£)', '--map', 'date = Posted', '--save-profile'], {})).toMatchObject({
      options: { map: { amount: 'Net Amt (£)', date: 'Posted' }, saveProfile: true },
    })
  })

  it.each([
    [['x.csv', '--map', 'amout=Net']],
    [['x.csv', '--map', 'amount']],
    [['x.csv', '--map', 'amount=A', '--map', 'amount=B']],
  ])('exits 2 on a --map that is not field=HEADER of a known field: %j', async (argv) => {
    expect(await runSpendCommand(argv)).toBe(2)
    expect(err.join('')).toMatch(/ingest spend: --map/)
  })

  it('exits 2 when a --map names a header the file does not have, saying which', async () => {
    expect(await runSpendCommand([good(), '--db', db.url, '--json', '--map', 'amount=Net Amt'])).toBe(2)
    const report = JSON.parse(out.join('').trim())
    expect(report.errors[0]).toMatchObject({ code: 'BAD_MAP', message: expect.stringContaining('amount="Net Amt"') })
  })
})
