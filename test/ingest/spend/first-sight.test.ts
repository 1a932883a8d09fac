import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatPence } from '../../../ingest/spend/parse'
import { parseProfile } from '../../../ingest/spend/profile'
import { type TempDb, csv, openTempDb } from './helpers'

// A new body's file read on first sight: columns inferred, --map and profiles, duplicates of
// payments already ingested, and rows that do not fit.

let db: TempDb
let profilesDir: string
beforeEach(async () => {
  db = await openTempDb()
  profilesDir = join(db.dir, 'profiles')
})
afterEach(() => db.cleanup())

const sum = (amounts: string[]) => formatPence(amounts.reduce((s, a) => s + BigInt(a.replace('.', '')), 0n))

describe('currencies', () => {
  it('finds a currency column by its codes under any header: no dollar enters the GBP total, an unknown code is a rejected row', async () => {
    const rows = [
      ['01/05/2023', 'Acme Ltd', '100.00', 'GBP'],
      ['02/05/2023', 'Globex Inc', '250.00', 'USD'],
      ['03/05/2023', 'Acme Ltd', '20.50', 'GBP'],
      ['04/05/2023', 'Nippon KK', '999.00', 'JPY'],
    ]
    const report = await db.ingest(db.file('fx-2023-05.csv', csv([['Posted', 'Payee', 'Value', 'Kind'], ...rows])), { body: 'oxford', profilesDir })
    expect(report.status).toBe('ingested')
    expect(report.totals).toEqual({ GBP: sum(['100.00', '20.50']), USD: '250.00' })
    expect(report.errors).toEqual([{ line: 5, column: 'Kind', code: 'UNSUPPORTED_CURRENCY', message: 'currency "JPY" is not one we hold (GBP, EUR, USD)' }])
    expect(report.columns.find((c) => c.field === 'currency')).toEqual({ field: 'currency', column: 4, header: 'Kind', confidence: 0.9, why: 'values' })
  })
})

describe('a currency code where no column is read as the currency', () => {
  it('rejects the row rather than count a foreign amount as pounds', async () => {
    // The code is past the rows the inference samples, in a column no header word names.
    const rows = Array.from({ length: 300 }, (_, i) => ['03/05/2023', `Supplier ${i} Ltd`, '10.00', ''])
    rows[250]![3] = 'USD'
    const report = await db.ingest(db.file('late-2023-05.csv', csv([['Payment Date', 'Supplier Name', 'Net Amount', 'Kind'], ...rows])), { body: 'oxford', profilesDir })
    expect(report).toMatchObject({ status: 'ingested', accepted: 299, rejected: 1, totals: { GBP: '2990.00' } })
    expect(report.errors).toEqual([
      {
        line: 252,
        column: 'Kind',
        code: 'UNREAD_CURRENCY',
        message: 'column "Kind", which we do not read, says USD: the amount may not be in pounds. If that column is the currency, pass --map currency="Kind"',
      },
    ])
  })
})

describe('--map and profiles', () => {
  // Each month's rows are dated in that month: no file repeats another's payments.
  const odd = (name: string, extra: string[][] = []) => {
    const month = /(\d{2})\.csv$/.exec(name)![1]
    return db.file(name, csv([['When', 'Who', 'How much', 'Other'], [`01/${month}/2023`, 'Acme Ltd', '12.50', '3.00'], [`02/${month}/2023`, 'Beta Ltd', '13.50', '4.00'], ...extra]))
  }

  it('refuses two equally likely amount columns, naming both and the --map that settles it', async () => {
    const report = await db.ingest(odd('odd-2023-05.csv'), { body: 'oxford', profilesDir })
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ code: 'AMBIGUOUS_COLUMNS', line: 1 })
    expect(report.errors[0]!.message).toContain('column 3 "How much" (0.4, values) or column 4 "Other" (0.4, values)')
    expect(report.errors[0]!.message).toContain('--map amount="How much"')
  })

  it('--map settles it; --save-profile remembers it; the profile reads the next file; --map overrides the profile', async () => {
    const first = await db.ingest(odd('odd-2023-05.csv'), { body: 'oxford', map: { amount: 'How much' }, saveProfile: true, profilesDir })
    expect(first).toMatchObject({ status: 'ingested', totals: { GBP: '26.00' } })
    expect(first.warnings.map((w) => w.code)).toContain('PROFILE_SAVED')
    const saved = parseProfile(readFileSync(join(profilesDir, 'oxford.yaml'), 'utf8'), 'oxford.yaml')
    expect(saved).toEqual({ body: 'oxford', columns: { date: 'When', amount: 'How much', supplier: 'Who' } })

    const second = await db.ingest(odd('odd-2023-06.csv', [['03/06/2023', 'Gamma Ltd', '1.00', '9.00']]), { body: 'oxford', profilesDir })
    expect(second).toMatchObject({ status: 'ingested', duplicates: 0, totals: { GBP: '27.00' } })
    expect(second.columns.find((c) => c.field === 'amount')).toEqual({ field: 'amount', column: 3, header: 'How much', confidence: 1, why: 'profile' })
    expect(second.warnings.map((w) => w.code)).toContain('PROFILE_USED')

    const third = await db.ingest(odd('odd-2023-07.csv', [['03/07/2023', 'Gamma Ltd', '1.00', '9.00']]), { body: 'oxford', map: { amount: 'Other' }, profilesDir })
    expect(third).toMatchObject({ status: 'ingested', totals: { GBP: '16.00' } })
    expect(third.columns.find((c) => c.field === 'amount')).toMatchObject({ header: 'Other', why: '--map' })
  })

  it('the profile of a body named by the file\'s own body column is used too', async () => {
    mkdirSync(profilesDir, { recursive: true })
    writeFileSync(join(profilesDir, 'oxford.yaml'), 'body: oxford\ncolumns:\n  amount: Other\n')
    const file = db.file('col-2023-05.csv', csv([['Client', 'When', 'Who', 'How much', 'Other'], ['OCC', '01/05/2023', 'Acme Ltd', '12.50', '3.00']]))
    const report = await db.ingest(file, { profilesDir })
    expect(report).toMatchObject({ status: 'ingested', body: 'oxford', totals: { GBP: '3.00' } })
  })

  it('a --map header the file lacks, or a broken profile, refuses the file naming the problem (a usage error)', async () => {
    const missing = await db.ingest(odd('odd-2023-05.csv'), { body: 'oxford', map: { amount: 'Net Amt' }, profilesDir })
    expect(missing.errors[0]).toMatchObject({ code: 'BAD_MAP', message: expect.stringContaining('--map says amount="Net Amt", but the header has no such column') })
    mkdirSync(profilesDir, { recursive: true })
    writeFileSync(join(profilesDir, 'oxford.yaml'), 'body: oxford\ncolumns:\n  amout: How much\n')
    const broken = await db.ingest(odd('odd-2023-05.csv'), { body: 'oxford', profilesDir })
    expect(broken.errors[0]).toMatchObject({ code: 'BAD_PROFILE', message: expect.stringContaining('"amout" is not a field') })
    expect(db.all('SELECT 1 FROM spend_files')).toEqual([])
  })

  it('a file refused or a dry run saves no profile', async () => {
    await db.ingest(odd('odd-2023-05.csv'), { body: 'oxford', saveProfile: true, profilesDir })
    await db.ingest(odd('odd-2023-05.csv'), { body: 'oxford', map: { amount: 'Other' }, saveProfile: true, dryRun: true, profilesDir })
    expect(existsSync(join(profilesDir, 'oxford.yaml'))).toBe(false)
  })
})

describe('duplicates of payments already ingested', () => {
  const header = ['Payment Date', 'Supplier Name', 'Transaction Number', 'Net Amount']
  const invoices = [
    ['03/05/2023', 'Acme Ltd', 'T1', '100.00'],
    ['04/05/2023', 'Beta Ltd', 'T2', '200.00'],
    ['05/05/2023', 'Gamma Ltd', 'T3', '300.00'],
  ]

  it('stores them with duplicate_of, leaves them out of totals and rollups, and warns DUPLICATE_ROWS', async () => {
    await db.ingest(db.file('oxford-invoices-2023-05.csv', csv([header, ...invoices])), { body: 'oxford', profilesDir })
    // A quarterly file beside the month: two rows repeat it (one with a different reference is a different payment).
    const quarter = [invoices[0]!, invoices[1]!, ['05/05/2023', 'Gamma Ltd', 'T9', '300.00'], ['20/06/2023', 'Delta Ltd', 'T4', '40.00']]
    const report = await db.ingest(db.file('oxford-2023-q1.csv', csv([header, ...quarter])), { body: 'oxford', period: { start: '2023-04-01', end: '2023-06-30' }, profilesDir })
    expect(report).toMatchObject({ status: 'ingested', accepted: 4, duplicates: 2, totals: { GBP: sum(['300.00', '40.00']) } })
    expect(report.warnings.find((w) => w.code === 'DUPLICATE_ROWS')?.message).toContain('2 rows repeat payments already ingested for Oxford City Council (same date, amount, payee and, where both rows have one, reference; GBP 300.00)')
    const earlier = db.all<{ id: number; ref: string }>("SELECT p.id, p.transaction_ref AS ref FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.file_name = 'oxford-invoices-2023-05.csv' ORDER BY p.line")
    expect(db.all("SELECT p.transaction_ref AS ref, p.duplicate_of AS dup FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.file_name = 'oxford-2023-q1.csv' ORDER BY p.line")).toEqual([
      { ref: 'T1', dup: earlier[0]!.id },
      { ref: 'T2', dup: earlier[1]!.id },
      { ref: 'T9', dup: null },
      { ref: 'T4', dup: null },
    ])
    expect(db.one('SELECT SUM(total_pence) AS t, SUM(payments) AS n FROM spend_rollup')).toEqual(
      db.one('SELECT SUM(amount_pence) AS t, COUNT(*) AS n FROM payments WHERE duplicate_of IS NULL'),
    )
    expect(db.one<{ n: number }>('SELECT SUM(payments) AS n FROM spend_rollup').n).toBe(5)
  })

  it('two identical rows in one file are both payments; each earlier payment is repeated at most once', async () => {
    await db.ingest(db.file('a-2023-05.csv', csv([header, invoices[0]!])), { body: 'oxford', profilesDir })
    const report = await db.ingest(db.file('b-2023-06.csv', csv([header, invoices[0]!, invoices[0]!])), { body: 'oxford', profilesDir })
    expect(report).toMatchObject({ accepted: 2, duplicates: 1, totals: { GBP: '100.00' } })
  })
})

describe('rows that do not fit', () => {
  it('skips and counts footer lines, rejects glued cells with their own code, and reports a stated total that does not match', async () => {
    const text = csv([
      ['Payment Date', 'Supplier Name', 'Net Amount'],
      ['01/05/2023', 'Acme Ltd', '10.00'],
      ['02/05/20235.00', 'Beta Ltd'],
      ['03/05/2023', 'Gamma Ltd', '7.00'],
      ['Total', '', '20.00'],
      ['© Crown copyright 2023. Produced by the Finance team'],
    ])
    const report = await db.ingest(db.file('rows-2023-05.csv', text), { body: 'oxford', profilesDir })
    expect(report).toMatchObject({ status: 'ingested', accepted: 2, rejected: 1, skipped: 2, skippedBy: { footer: 1, total: 1 }, totals: { GBP: '17.00' } })
    expect(report.errors).toEqual([
      { line: 3, column: 'Payment Date', code: 'GLUED_CELLS', message: '"02/05/20235.00" is a date run into an amount: the delimiter between two cells is missing, so the row\'s columns cannot be trusted' },
    ])
    expect(report.fileTotal).toEqual({ stated: '20.00', matches: false })
    expect(report.warnings.map((w) => w.code)).toContain('TOTAL_MISMATCH')
  })

  it('reads the named columns by position when every row is wider than its header, with a warning', async () => {
    const text = 'Payment Date,Supplier Name,Net Amount\r\n01/05/2023,Acme Ltd,10.00,X1,note\r\n02/05/2023,Beta Ltd,5.00,X2,\r\n'
    const report = await db.ingest(db.file('wide-2023-05.csv', text), { body: 'oxford', profilesDir })
    expect(report).toMatchObject({ status: 'ingested', accepted: 2, rejected: 0, totals: { GBP: '15.00' } })
    expect(report.warnings.find((w) => w.code === 'EXTRA_FIELDS')?.message).toBe(
      'every data row has 5 fields but the header names 3: the named columns are read by position and the unnamed ones ignored',
    )
  })

  it('joins back a text cell split at an unquoted ", " when only one way reads, and rejects a row it cannot tell (an unquoted delimiter)', async () => {
    const text = 'Payment Date,Supplier Name,Net Amount\r\n01/05/2023,Acme Ltd,10.00\r\n02/05/2023,Beta, Ltd,5.00\r\n03/05/2023,Gamma,Ltd,7.00\r\n'
    const report = await db.ingest(db.file('shift-2023-05.csv', text), { body: 'oxford', profilesDir })
    // "Beta, Ltd": the space after the comma says where it stood. "Gamma,Ltd": nothing does.
    expect(report).toMatchObject({ accepted: 2, rejected: 1, totals: { GBP: '15.00' } })
    expect(report.errors.map((e) => [e.code, e.line])).toEqual([['TOO_MANY_FIELDS', 4]])
    expect(db.all('SELECT payee_name AS payee FROM payments ORDER BY line')).toEqual([{ payee: 'Acme Ltd' }, { payee: 'Beta, Ltd' }])
  })
})
