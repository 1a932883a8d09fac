import { statSync } from 'node:fs'
import iconv from 'iconv-lite'
import Database from 'libsql'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ingestSpendFile } from '../../../ingest/spend/ingest'
import { type TempDb, csv, landed, openTempDb } from './helpers'

const HEADER = ['Body name', 'Payment Date', 'Supplier Name', 'Expenditure Category', 'Transaction No', 'Net Amount']
const rows = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ['Oxford City Council', `0${1 + ((from + i) % 9)}/05/2023`, `Supplier ${(from + i) % 4} Ltd`, (from + i) % 3 ? 'Repairs' : 'Consultants Fees', `T${from + i}`, `${from + i}.50`])

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

for (const writer of ['thread', 'direct'] as const) {
  describe(`landing a file (${writer} writer)`, () => {
    it('lands every row, with sources, rollups and a new data version, and says so', async () => {
      const file = db.file('oxford-2023-05.csv', csv([HEADER, ...rows(20)]))
      const report = await db.ingest(file, { writer })
      expect(report).toMatchObject({
        status: 'ingested',
        body: 'oxford',
        bodyName: 'Oxford City Council',
        encoding: 'ascii',
        rowsRead: 20,
        accepted: 20,
        rejected: 0,
        skipped: 0,
        totals: { GBP: '220.00' },
        fileTotal: null,
        errors: [],
        period: { start: '2023-05-01', end: '2023-05-31', from: 'file name' },
      })
      expect(landed(db, report.sha256!)).toEqual({ file: true, payments: 20, rejects: 0 })
      const source = db.one('SELECT s.kind, s.title, s.publisher, s.licence FROM spend_files f JOIN sources s ON s.id = f.source_id')
      expect(source).toEqual({ kind: 'spend_file', title: 'oxford-2023-05.csv', publisher: 'Oxford City Council', licence: 'Open Government Licence v3.0' })
      expect(db.one('SELECT SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup')).toEqual({ t: 22000, n: 20 })
      expect(db.one("SELECT SUM(total_pence) AS t FROM spend_rollup WHERE consultancy_rule IS NOT NULL")).toEqual({
        t: db.one<{ t: number }>("SELECT SUM(amount_pence) AS t FROM payments WHERE consultancy_rule = 'expense-consultancy'").t,
      })
      expect(db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'data_version'").value).toMatch(/^spend:[0-9a-f]{12}:\d+$/)
      expect(db.all('PRAGMA foreign_key_check')).toEqual([])
      expect(db.all('SELECT DISTINCT supplier_match AS m FROM payments ORDER BY m')).toEqual([{ m: 'exact' }])
    })

    it('keeps every rejected row verbatim with its line, column and reason', async () => {
      const bad = [
        ['Oxford City Council', '31/02/2023', 'Acme', 'Repairs', 'T1', '10.00'],
        ['Oxford City Council', '01/05/2023', 'Acme', 'Repairs', 'T2', 'ten pounds'],
      ]
      const file = db.file('oxford-2023-05.csv', csv([HEADER, ...rows(3), ...bad]))
      const report = await db.ingest(file, { writer })
      expect(report).toMatchObject({ status: 'ingested', rowsRead: 5, accepted: 3, rejected: 2 })
      expect(report.errors).toEqual([
        { line: 5, column: 'Payment Date', code: 'BAD_DATE', message: '"31/02/2023" is not a day: 02/2023 has 28 days' },
        { line: 6, column: 'Net Amount', code: 'BAD_AMOUNT', message: '"ten pounds" is not an amount' },
      ])
      expect(db.all('SELECT line, "column", code, raw FROM spend_rejects ORDER BY line')).toEqual([
        { line: 5, column: 'Payment Date', code: 'BAD_DATE', raw: 'Oxford City Council,31/02/2023,Acme,Repairs,T1,10.00' },
        { line: 6, column: 'Net Amount', code: 'BAD_AMOUNT', raw: 'Oxford City Council,01/05/2023,Acme,Repairs,T2,ten pounds' },
      ])
      // Ingesting the same bytes again reports the same rejects, from the database.
      const again = await db.ingest(file, { writer })
      expect(again).toMatchObject({ status: 'unchanged', rejected: 2, errors: report.errors })
    })

    it('refuses the whole file under --strict, leaving nothing behind', async () => {
      const file = db.file('oxford-2023-05.csv', csv([HEADER, ...rows(50), ['Oxford City Council', '01/05/2023', 'Acme', 'x', 'T', 'oops'], ...rows(50, 60)]))
      const report = await db.ingest(file, { writer, strict: true })
      expect(report.status).toBe('refused')
      expect(report.errors[0]).toMatchObject({ code: 'STRICT', line: 52, column: 'Net Amount' })
      expect(db.all('SELECT id FROM spend_files')).toEqual([])
      expect(db.all('SELECT id FROM payments')).toEqual([])
      expect(db.all('SELECT 1 FROM suppliers')).toEqual([])
      expect(db.all('SELECT 1 FROM sources')).toEqual([])
      expect(db.all("SELECT 1 FROM meta WHERE key = 'data_version'")).toEqual([])
    })
  })
}

describe('the same bytes, another file for the same period, --replace', () => {
  it('says unchanged for the same bytes and changes nothing', async () => {
    const file = db.file('oxford-2023-05.csv', csv([HEADER, ...rows(10)]))
    const first = await db.ingest(file)
    const version = db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'data_version'").value
    const again = await db.ingest(file)
    expect(again).toMatchObject({ status: 'unchanged', sha256: first.sha256, body: 'oxford', accepted: 10, totals: first.totals })
    expect(again.warnings.map((w) => w.code)).toEqual(['UNCHANGED'])
    expect(db.one('SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 10 })
    expect(db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'data_version'").value).toBe(version)
  })

  it('refuses a different file of the same name without --replace, and swaps only the file --replace names', async () => {
    const first = await db.ingest(db.file('oxford-2023-05.csv', csv([HEADER, ...rows(10)])))
    const corrected = db.file('oxford-2023-05.csv', csv([HEADER, ...rows(7, 100)]))
    const refused = await db.ingest(corrected)
    expect(refused.status).toBe('refused')
    expect(refused.errors[0]!.code).toBe('NEEDS_REPLACE')
    expect(refused.errors[0]!.message).toContain('--replace "oxford-2023-05.csv"')
    expect(db.one('SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 10 })

    const replaced = await db.ingest(corrected, { replace: 'oxford-2023-05.csv' })
    expect(replaced).toMatchObject({ status: 'ingested', accepted: 7 })
    expect(replaced.warnings.map((w) => w.code)).toContain('REPLACED')
    expect(db.all('SELECT sha256, status FROM spend_files ORDER BY id')).toEqual([
      { sha256: first.sha256, status: 'replaced' },
      { sha256: replaced.sha256, status: 'ingested' },
    ])
    const payments = db.one<{ n: number; t: number }>('SELECT COUNT(*) AS n, SUM(amount_pence) AS t FROM payments')
    expect(payments.n).toBe(7)
    expect(db.one('SELECT SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup')).toEqual({ t: payments.t, n: 7 })
    expect(db.one('SELECT COUNT(*) AS n FROM spend_rollup WHERE payments <= 0')).toEqual({ n: 0 })

    // The replaced bytes need --replace, naming the file now in their place, to come back.
    const old = await db.ingest(db.file('oxford-2023-05.csv', csv([HEADER, ...rows(10)])))
    expect(old.errors[0]!.code).toBe('ALREADY_REPLACED')
    const back = await db.ingest(db.file('oxford-2023-05.csv', csv([HEADER, ...rows(10)])), { replace: replaced.sha256!.slice(0, 12) })
    expect(back).toMatchObject({ status: 'ingested', accepted: 10 })
    expect(db.one('SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 10 })
    expect(db.all('PRAGMA foreign_key_check')).toEqual([])
  })
})

describe('bodies', () => {
  it('refuses an unknown body, naming the closest known ones', async () => {
    const file = db.file('x-2023-05.csv', csv([HEADER, ['Oxford Council', '01/05/2023', 'Acme', 'Repairs', 'T', '1.00']]))
    const report = await db.ingest(file)
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'UNKNOWN_BODY', line: 2, column: 'Body name' })
    expect(report.errors[0]!.message).toContain('"Oxford City Council" (oxford)')
    const flag = await db.ingest(file, { body: 'Oxfrd City Council' })
    expect(flag.errors[0]!.message).toMatch(/--body "Oxfrd City Council" is not a body we know\. Closest: "Oxford City Council" \(oxford\)/)
  })

  it('resolves the body column through aliases, and --body by id, name or alias', async () => {
    const occ = (n: number) => rows(n).map((r) => ['OCC', ...r.slice(1)])
    expect(await db.ingest(db.file('a-2023-05.csv', csv([HEADER, ...occ(3)])))).toMatchObject({ status: 'ingested', body: 'oxford' })
    const noBody = (from: number) => csv([HEADER.slice(1), ...rows(3, from).map((r) => r.slice(1))])
    expect((await db.ingest(db.file('b-2023-06.csv', noBody(10)))).errors[0]!.code).toBe('NO_BODY')
    expect(await db.ingest(db.file('c-2023-07.csv', noBody(20)), { body: 'HBC' })).toMatchObject({ status: 'ingested', body: 'hyndburn' })
    expect(await db.ingest(db.file('d-2023-08.csv', noBody(30)), { body: 'leeds' })).toMatchObject({ status: 'ingested', body: 'leeds' })
  })

  it('rejects rows that belong to another known body', async () => {
    const mixed = [...rows(2), ['Leeds City Council', '01/05/2023', 'Acme', 'Repairs', 'T9', '1.00']]
    const report = await db.ingest(db.file('m-2023-05.csv', csv([HEADER, ...mixed])))
    expect(report).toMatchObject({ accepted: 2, rejected: 1 })
    expect(report.errors[0]).toMatchObject({ code: 'BODY_MISMATCH', line: 4 })
  })

  it('registers a body with --new-body (and --gss), then finds it by name next time', async () => {
    const file = db.file('spend-2023-05.csv', csv([HEADER.slice(1), ...rows(2).map((r) => r.slice(1))]))
    const report = await db.ingest(file, { newBody: { name: 'Borsetshire County Council', gssCode: 'E10000999', kind: 'county_council' } })
    expect(report).toMatchObject({ status: 'ingested', body: 'borsetshire-county-council', accepted: 2 })
    expect(db.one("SELECT name, kind, gss_code AS gss, origin FROM bodies WHERE id = 'borsetshire-county-council'")).toEqual({
      name: 'Borsetshire County Council',
      kind: 'county_council',
      gss: 'E10000999',
      origin: 'ingest',
    })
    const next = db.file('spend-2023-06.csv', csv([HEADER.slice(1), ...rows(2, 5).map((r) => r.slice(1))]))
    expect(await db.ingest(next, { body: 'borsetshire county council' })).toMatchObject({ status: 'ingested', body: 'borsetshire-county-council' })
  })
})

describe('what a file says about itself', () => {
  it('checks its own total, and reports a mismatch', async () => {
    // rows(4) pays 1.50 + 2.50 + 3.50 + 4.50.
    const good = await db.ingest(db.file('t1-2023-05.csv', csv([HEADER, ...rows(4), ['', '', '', '', '', ''], ['Total', '', '', '', '', '12.00']])))
    expect(good).toMatchObject({ rowsRead: 6, accepted: 4, skipped: 2, skippedBy: { blank: 1, total: 1 }, fileTotal: { stated: '12.00', matches: true } })
    const bad = await db.ingest(db.file('t2-2023-06.csv', csv([HEADER, ...rows(4), ['Grand Total', '', '', '', '', '11.00']])))
    expect(bad.fileTotal).toEqual({ stated: '11.00', matches: false })
    expect(bad.warnings.map((w) => w.code)).toContain('TOTAL_MISMATCH')
  })

  it('takes an unlabelled bottom line equal to the sum as the total', async () => {
    const report = await db.ingest(db.file('t3-2023-05.csv', csv([HEADER, ...rows(4), ['', '', '', '', '', '12.00']])))
    expect(report).toMatchObject({ accepted: 4, rejected: 0, skipped: 1, fileTotal: { stated: '12.00', matches: true } })
    // Anything else that is only an amount is a reject, not a guess.
    const other = await db.ingest(db.file('t4-2023-06.csv', csv([HEADER, ...rows(4), ['', '', '', '', '', '99.00']])))
    expect(other).toMatchObject({ accepted: 4, rejected: 1, fileTotal: null })
    expect(other.errors[0]).toMatchObject({ code: 'INCOMPLETE_ROW', line: 6 })
  })

  it('totals each currency apart and never adds EUR into GBP', async () => {
    const header = [...HEADER, 'Currency']
    const report = await db.ingest(
      db.file('fx-2023-05.csv', csv([header, [...rows(1)[0]!, 'GBP'], [...rows(1, 2)[0]!, 'EUR'], [...rows(1, 3)[0]!, '']])),
    )
    expect(report.totals).toEqual({ EUR: '2.50', GBP: '5.00' })
    expect(report.warnings.map((w) => w.code)).toContain('CURRENCIES')
    expect(db.all('SELECT currency, SUM(total_pence) AS t FROM spend_rollup GROUP BY currency ORDER BY currency')).toEqual([
      { currency: 'EUR', t: 250 },
      { currency: 'GBP', t: 500 },
    ])
  })

  it('keeps unknown dates unknown, in month "unknown", with the period from the file name', async () => {
    const lost = rows(3).map((r) => [r[0]!, '00:00:00', ...r.slice(2)])
    const report = await db.ingest(db.file('expenditure-apr-jun-2014.csv', csv([HEADER, ...lost])))
    expect(report.period).toEqual({ start: '2014-04-01', end: '2014-06-30', from: 'file name' })
    expect(report.warnings.find((w) => w.code === 'DATES_UNKNOWN')?.message).toMatch(/^3 payments have no date \(3 time only \(00:00:00\)\)/)
    expect(db.all('SELECT DISTINCT paid_on AS on_, paid_precision AS p FROM payments')).toEqual([{ on_: null, p: 'unknown' }])
    expect(db.all('SELECT DISTINCT month FROM spend_rollup')).toEqual([{ month: null }])
    expect(db.one('SELECT period_start AS s, period_end AS e FROM spend_files')).toEqual({ s: '2014-04-01', e: '2014-06-30' })
  })

  it('takes the period from --period, else from the dates; a file with neither is refused', async () => {
    const flagged = await db.ingest(db.file('spend.csv', csv([HEADER, ...rows(2)])), { period: { start: '2023-04-01', end: '2023-06-30' } })
    expect(flagged.period).toEqual({ start: '2023-04-01', end: '2023-06-30', from: 'flag' })
    const dated = await db.ingest(db.file('spend2.csv', csv([HEADER, ['Oxford City Council', '28/02/2021', 'A', 'x', 'T', '1'], ['Oxford City Council', '02/01/2021', 'A', 'x', 'T', '1']])))
    expect(dated.period).toEqual({ start: '2021-01-01', end: '2021-02-28', from: 'dates' })
    // No date on any row and no period: its payments could be placed nowhere (undated.test.ts).
    const none = await db.ingest(db.file('spend3.csv', csv([HEADER, ['Oxford City Council', '', 'A', 'x', 'T', '1']])))
    expect(none.status).toBe('refused')
    expect(none.errors[0]).toMatchObject({ code: 'NO_DATES' })
    expect(none.errors[0]!.message).toContain('--period')
  })

  it('reads a Windows-1252 semicolon file with a preamble, and names the encoding it chose', async () => {
    const text = `Spend over £250 - May 2023\r\n;;;\r\n${['Payment Date', 'Name', 'Net Amount (£)', 'Description'].join(';')}\r\n01/05/2023;Café Rouge;1.234,00;x\r\n02/05/2023;Café Rouge;£12.00;Bought £12 of tea\r\n`
    const report = await db.ingest(db.file('hbc-may-2023.csv', iconv.encode(text, 'win1252')), { body: 'hyndburn' })
    expect(report).toMatchObject({ encoding: 'windows-1252', rowsRead: 4, accepted: 1, rejected: 1, skipped: 2, skippedBy: { preamble: 2 } })
    expect(report.errors[0]).toMatchObject({ code: 'BAD_AMOUNT', line: 4, column: 'Net Amount (£)' })
    expect(db.all('SELECT payee_name AS p, description AS d FROM payments')).toEqual([{ p: 'Café Rouge', d: 'Bought £12 of tea' }])
    expect(report.warnings.map((w) => w.code)).toContain('ENCODING_GUESSED')
  })

  it('warns about bytes Windows-1252 leaves undefined', async () => {
    const bytes = Buffer.concat([Buffer.from('Payment Date,Name,Net Amount (\xa3)\r\n01/05/2023,Caf', 'latin1'), Buffer.from([0x81]), Buffer.from(',1.00\r\n')])
    const report = await db.ingest(db.file('u-2023-05.csv', bytes), { body: 'hyndburn' })
    expect(report).toMatchObject({ status: 'ingested', encoding: 'windows-1252' })
    expect(report.warnings.map((w) => w.code)).toContain('UNDEFINED_BYTES')
  })

  it('reports progress: the file size at the start, the bytes read at the end', async () => {
    const file = db.file('p-2023-05.csv', csv([HEADER, ...rows(30)]))
    const seen: Array<[string, number, number]> = []
    await ingestSpendFile(db, file, {}, {
      onStart: (_f, size) => seen.push(['start', size, 0]),
      onProgress: (p) => seen.push(['progress', p.size, p.bytesRead]),
    })
    const size = statSync(file).size
    expect(seen[0]).toEqual(['start', size, 0])
    expect(seen.at(-1)).toEqual(['progress', size, size])
  })

  it('writes nothing on a dry run', async () => {
    const report = await db.ingest(db.file('dry-2023-05.csv', csv([HEADER, ...rows(5)])), { dryRun: true })
    expect(report).toMatchObject({ status: 'ingested', dryRun: true, accepted: 5 })
    expect(db.all('SELECT 1 FROM spend_files')).toEqual([])
    expect(db.all('SELECT 1 FROM payments')).toEqual([])
    expect(db.all('SELECT 1 FROM spend_rollup')).toEqual([])
  })

  it('refuses a file without the columns it needs, showing each column, its best guesses and the --map to use', async () => {
    const report = await db.ingest(db.file('odd.csv', csv([['Vendor', 'Cost Centre', 'Memo'], ['Acme', 'X', 'y']])), { body: 'oxford' })
    expect(report.status).toBe('refused')
    expect(report.errors[0]!.code).toBe('MISSING_COLUMNS')
    expect(report.errors[0]!.line).toBe(1)
    expect(report.errors[0]!.message).toContain('which column is date, amount')
    expect(report.errors[0]!.message).toContain('1 "Vendor": supplier')
    expect(report.errors[0]!.message).toContain('2 "Cost Centre": serviceArea')
    expect(report.errors[0]!.message).toContain('--map date=')
    expect(report.errors[0]!.message).toContain('--map amount=')
  })

  it('makes individuals marked by the file a payee class, not suppliers', async () => {
    const header = [...HEADER, 'Supplier Type']
    const report = await db.ingest(
      db.file('ind-2023-05.csv', csv([header, [...rows(1)[0]!, 'Individual'], ['Oxford City Council', '01/05/2023', 'REDACTED PERSONAL DATA', 'x', 'T', '3.00', 'Company'], [...rows(1, 2)[0]!, 'Company']])),
    )
    expect(report.accepted).toBe(3)
    expect(db.all('SELECT payee_class AS c, supplier_id AS s FROM payments ORDER BY line')).toEqual([
      { c: 'individual', s: null },
      { c: 'redacted', s: null },
      { c: 'supplier', s: 'supplier-2' },
    ])
    expect(db.all('SELECT supplier_id AS s, payee_class AS c FROM spend_rollup ORDER BY c')).toEqual([{ s: null, c: 'individual' }, { s: null, c: 'redacted' }, { s: 'supplier-2', c: 'supplier' }])
  })
})

describe('a database another process is writing to', () => {
  it('refuses the file as busy after waiting, and writes nothing', async () => {
    const other = new Database(db.path)
    other.pragma('busy_timeout = 0')
    other.exec('BEGIN IMMEDIATE')
    try {
      db.db.pragma('busy_timeout = 0')
      const report = await ingestSpendFile({ db: db.db, path: db.path }, db.file('busy-2023-05.csv', csv([HEADER, ...rows(2)])), { writer: 'direct' })
      expect(report.status).toBe('refused')
      expect(report.errors[0]!.code).toBe('DATABASE_BUSY')
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    expect(db.all('SELECT 1 FROM spend_files')).toEqual([])
  })
})

describe('rollups and VAT', () => {
  it('never adds net and gross amounts together in spend_rollup', async () => {
    const header = ['Body name', 'Payment Date', 'Supplier Name', 'Expenditure Category', 'Transaction No', 'Amount', 'VAT']
    const body = Array.from({ length: 6 }, (_, i) => ['Oxford City Council', '03/05/2023', 'Acme Ltd', 'Repairs', `T${i}`, '100.00', i % 2 ? 'Inc' : 'Exc'])
    const report = await db.ingest(db.file('oxford-vat-2023-05.csv', csv([header, ...body])), { writer: 'direct' })
    expect(report.status).toBe('ingested')
    const byBasis = db.all('SELECT vat_basis AS v, SUM(amount_pence) AS t FROM payments GROUP BY vat_basis ORDER BY v')
    expect(byBasis).toEqual([
      { v: 'gross', t: 30000 },
      { v: 'net', t: 30000 },
    ])
    expect(db.all('SELECT vat_basis AS v, SUM(total_pence) AS t FROM spend_rollup GROUP BY vat_basis ORDER BY v')).toEqual(byBasis)
  })
})
