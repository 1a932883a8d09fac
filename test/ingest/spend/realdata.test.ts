import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileReport } from '../../../ingest/spend/report'
import { hasShared, needsShared, realdataDir } from '../../helpers/shared'
import { type TempDb, openTempDb } from './helpers'

// The seven raw files in ../shared/realdata, ingested as published. Expected bodies, payment
// rows and totals are the ones its README publishes; everything else is checked against the
// bytes of the file itself, never against numbers copied from our own output.

const expected = [
  { file: 'leeds_2011-05_raw.csv', body: 'leeds', payments: 7299, total: '77290968.66' },
  { file: 'hyndburn_2017-03_1703.csv', body: 'hyndburn', payments: 256, total: '568545.31' },
  { file: 'hyndburn_2023-06_June-23-csv.csv', body: 'hyndburn', payments: 547, total: '1097070.88' },
  { file: 'hyndburn_2024-02_SpendOver250Feb24.csv', body: 'hyndburn', payments: 569, total: '2030035.04' },
  { file: 'hyndburn_2025-12_Spend-over-250-Dec-25.csv', body: 'hyndburn', payments: 449, total: '2131314.37' },
  { file: 'oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv', body: 'oxford', payments: 3836, total: '14165887.28' },
  { file: 'oxford_2018-q4_expenditure-over-500-jan-mar-2018.csv', body: 'oxford', payments: 1220, total: '4339765.85' },
] as const

describe.skipIf(!hasShared)(`real spend files${needsShared}`, () => {
  let db: TempDb
  const reports = new Map<string, FileReport>()
  const fileId = (name: string) => db.one<{ id: number }>('SELECT id FROM spend_files WHERE file_name = ?', name).id

  beforeAll(async () => {
    db = await openTempDb()
    // Leeds and Oxford name their body in a column (a URI, a name, "OCC"); Hyndburn's files have
    // no body column, so they take --body, as their README says.
    for (const { file, body } of expected) {
      const needsFlag = file.startsWith('hyndburn')
      reports.set(file, await db.ingest(`${realdataDir}${file}`, needsFlag ? { body } : {}))
    }
  }, 120_000)
  afterAll(() => db?.cleanup())

  describe.each(expected)('$file', ({ file, body, payments, total }) => {
    it(`lands for ${body} with ${payments} payments totalling £${total}, every row accounted for`, () => {
      const r = reports.get(file)!
      expect(r.errors).toEqual([])
      expect(r).toMatchObject({ status: 'ingested', body, accepted: payments, rejected: 0, totals: { GBP: total } })
      expect(r.rowsRead).toBe(r.accepted + r.rejected + r.skipped)
      const id = fileId(file)
      expect(db.one('SELECT COUNT(*) AS n, SUM(amount_pence) AS t FROM payments WHERE spend_file_id = ?', id)).toEqual({
        n: payments,
        t: Number(total.replace('.', '')),
      })
      expect(db.one('SELECT rows_read AS r, accepted AS a, rejected AS j, skipped AS s, totals_pence AS totals FROM spend_files WHERE id = ?', id)).toEqual({
        r: r.rowsRead,
        a: payments,
        j: 0,
        s: r.skipped,
        totals: JSON.stringify({ GBP: Number(total.replace('.', '')) }),
      })
    })

    it('says unchanged when the same bytes come again', async () => {
      const again = await db.ingest(`${realdataDir}${file}`, file.startsWith('hyndburn') ? { body } : {})
      expect(again).toMatchObject({ status: 'unchanged', sha256: reports.get(file)!.sha256, accepted: payments })
    })
  })

  it('keeps spend_rollup equal to the payments, body by body', () => {
    expect(db.all('SELECT body_id AS b, SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup GROUP BY body_id ORDER BY b')).toEqual(
      db.all('SELECT body_id AS b, SUM(amount_pence) AS t, COUNT(*) AS n FROM payments WHERE duplicate_of IS NULL GROUP BY body_id ORDER BY b'),
    )
    expect(db.all('PRAGMA foreign_key_check')).toEqual([])
  })

  it('Leeds: body from the URI column, "26-May-11" dates (checked against the published clean file), April and May', () => {
    const r = reports.get('leeds_2011-05_raw.csv')!
    expect(r.encoding).toBe('ascii')
    expect(r.period).toEqual({ start: '2011-05-01', end: '2011-05-31', from: 'file name' })
    const clean = Papa.parse<string[]>(readFileSync(`${realdataDir}expected/leeds_2011-05_clean.csv`, 'utf8'), { skipEmptyLines: true }).data.slice(1)
    const ours = db.all<{ paidOn: string; pence: number; ref: string }>(
      'SELECT paid_on AS paidOn, amount_pence AS pence, transaction_ref AS ref FROM payments WHERE spend_file_id = ? ORDER BY line',
      fileId('leeds_2011-05_raw.csv'),
    )
    expect(ours.map((p) => [p.ref, p.paidOn])).toEqual(clean.map((c) => [c[8], c[7]]))
    const months = db.all<{ m: string; n: number }>("SELECT substr(paid_on, 1, 7) AS m, COUNT(*) AS n FROM payments WHERE body_id = 'leeds' GROUP BY m ORDER BY m")
    expect(months.map((x) => x.m)).toEqual(['2011-04', '2011-05'])
    expect(r.warnings.map((w) => w.code)).toContain('DATES_OUTSIDE_PERIOD')
    // The misspelt header "Service divison label" is read as the service division.
    expect(db.one<{ n: number }>("SELECT COUNT(*) AS n FROM payments WHERE body_id = 'leeds' AND service_division IS NOT NULL").n).toBe(7299)
    // "REDACTED PERSONAL DATA" payees are a payee class, not a supplier.
    const redactedRows = clean.filter((c) => /^REDACTED/.test(c[11]!)).length
    expect(redactedRows).toBeGreaterThan(0)
    expect(db.one("SELECT COUNT(*) AS n, COUNT(supplier_id) AS s FROM payments WHERE body_id = 'leeds' AND payee_class = 'redacted'")).toEqual({ n: redactedRows, s: 0 })
    expect(db.all("SELECT 1 FROM suppliers WHERE name LIKE 'REDACTED%'")).toEqual([])
  })

  it('Hyndburn 2017: £ as byte 0x9C is read as DOS code page 850', () => {
    const r = reports.get('hyndburn_2017-03_1703.csv')!
    expect(readFileSync(`${realdataDir}hyndburn_2017-03_1703.csv`).includes(0x9c)).toBe(true)
    expect(r.encoding).toBe('cp850')
    expect(db.one('SELECT columns FROM spend_files WHERE id = ?', fileId('hyndburn_2017-03_1703.csv'))).toEqual({
      columns: expect.stringContaining('"amount":"Net Amount(£)"'),
    })
  })

  it('Hyndburn 2023: BOM, an empty row above the header, three date formats, quoted thousands, 5 credits', () => {
    const r = reports.get('hyndburn_2023-06_June-23-csv.csv')!
    expect(r).toMatchObject({ encoding: 'utf-8-bom', skipped: 1, skippedBy: { preamble: 1 } })
    const id = fileId('hyndburn_2023-06_June-23-csv.csv')
    expect(db.one('SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ? AND amount_pence < 0', id)).toEqual({ n: 5 })
    expect(db.one("SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ? AND paid_precision = 'day'", id)).toEqual({ n: 547 })
    // One example of each date shape in the file, and the day it names.
    const raw = readFileSync(`${realdataDir}hyndburn_2023-06_June-23-csv.csv`, 'utf8')
    const examples = [/,(\d) Jun 2023,/, /,(\d\d) Jun 2023,/, /,(\d\d)-Jun-23,/].map((re) => re.exec(raw)![1]!.padStart(2, '0'))
    for (const day of examples) {
      expect(db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ? AND paid_on = ?', id, `2023-06-${day}`).n).toBeGreaterThan(0)
    }
  })

  it('Hyndburn 2024: ISO-8859-1 £, a comma-only junk row on top and 253 trailing empty rows skipped', () => {
    const r = reports.get('hyndburn_2024-02_SpendOver250Feb24.csv')!
    const raw = readFileSync(`${realdataDir}hyndburn_2024-02_SpendOver250Feb24.csv`, 'latin1')
    const lines = raw.split('\r\n').filter((l, i, all) => i < all.length - 1 || l !== '')
    const commaOnly = lines.filter((l) => /^,*$/.test(l)).length
    expect(r).toMatchObject({ encoding: 'windows-1252', rowsRead: lines.length - 1, skipped: commaOnly })
    expect(r.skippedBy).toMatchObject({ preamble: 1, blank: commaOnly - 1 })
  })

  it('Hyndburn 2025: spacer columns, "Name:  ", line breaks inside quotes, and the credit written "688.83-"', () => {
    const r = reports.get('hyndburn_2025-12_Spend-over-250-Dec-25.csv')!
    expect(r.encoding).toBe('windows-1252')
    const id = fileId('hyndburn_2025-12_Spend-over-250-Dec-25.csv')
    expect(db.one('SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ? AND amount_pence = -68883', id)).toEqual({ n: 1 })
    expect(db.one<{ n: number }>("SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ? AND description LIKE '%' || char(10) || '%'", id).n).toBeGreaterThan(0)
    // Line numbers count every line break, those inside quoted fields too: the last row (which
    // has none inside it) starts on the file's last line.
    const breaks = readFileSync(`${realdataDir}hyndburn_2025-12_Spend-over-250-Dec-25.csv`, 'latin1').split('\n').length - 1
    expect(db.one<{ last: number }>('SELECT MAX(line) AS last FROM payments WHERE spend_file_id = ?', id).last).toBe(breaks)
    expect(r.rowsRead).toBeLessThan(breaks - 1)
  })

  it('Oxford 2014: every date lost as "00:00:00" is unknown, and the quarter from the file name is kept', () => {
    const r = reports.get('oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv')!
    const id = fileId('oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv')
    expect(db.all('SELECT DISTINCT paid_on AS on_, paid_precision AS p FROM payments WHERE spend_file_id = ?', id)).toEqual([{ on_: null, p: 'unknown' }])
    expect(db.one('SELECT period_start AS s, period_end AS e FROM spend_files WHERE id = ?', id)).toEqual({ s: '2014-04-01', e: '2014-06-30' })
    expect(r.warnings.find((w) => w.code === 'DATES_UNKNOWN')?.message).toContain('3836 payments have no date')
    expect(db.one("SELECT COUNT(*) AS n FROM spend_rollup WHERE body_id = 'oxford' AND month IS NULL")).not.toEqual({ n: 0 })
  })

  it('Oxford 2018: "Client" OCC resolves through the alias, transaction numbers kept as published', () => {
    const id = fileId('oxford_2018-q4_expenditure-over-500-jan-mar-2018.csv')
    expect(db.one('SELECT transaction_ref AS ref, expense_type AS type, capital_or_revenue AS cr FROM payments WHERE spend_file_id = ? ORDER BY line LIMIT 1', id)).toEqual({
      ref: '46296351 - 1',
      type: 'Developer Contributions Unapplied (capital)',
      cr: 'revenue',
    })
  })
})
