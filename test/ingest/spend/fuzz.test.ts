import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SpendOptions } from '../../../ingest/spend/ingest'
import { formatPence } from '../../../ingest/spend/parse'
import type { FileReport } from '../../../ingest/spend/report'
import { type TempDb, csv, landed, openTempDb } from './helpers'

// Bad input of every kind: each gets a report (ingested with rejects, or refused with a clear
// error), never an exception, never part of a file in the database, never a row unaccounted for.

let db: TempDb
let run = 0
/** Property iterations so far (shrinking included), for references unique across runs. */
let properties = 0
beforeAll(async () => {
  db = await openTempDb()
})
afterAll(() => db.cleanup())

function counts() {
  return db.one<Record<string, number>>(
    `SELECT (SELECT COUNT(*) FROM spend_files) AS files, (SELECT COUNT(*) FROM payments) AS payments,
            (SELECT COUNT(*) FROM spend_rejects) AS rejects, (SELECT COUNT(*) FROM suppliers) AS suppliers,
            (SELECT COUNT(*) FROM sources) AS sources, (SELECT COUNT(*) FROM spend_rollup) AS rollups`,
  )
}

const seen = new Map<string, FileReport>()

/** Ingests `content` as a new file (its own name and period) and checks the invariants. */
async function check(content: string | Buffer, options: SpendOptions = {}): Promise<FileReport> {
  run++
  const before = counts()
  const key = Buffer.from(content).toString('base64')
  const earlier = seen.get(key)
  const period = { start: `${1990 + Math.floor(run / 12)}-${String((run % 12) + 1).padStart(2, '0')}-01`, end: '' }
  period.end = `${period.start.slice(0, 8)}28`
  const report = await db.ingest(db.file(`fuzz-${run}.csv`, content), { body: 'oxford', period, writer: 'direct', ...options })
  if (earlier?.status === 'ingested') {
    // The same bytes again: nothing changes, and the report says what landed the first time.
    expect(report).toMatchObject({ status: 'unchanged', rowsRead: earlier.rowsRead, accepted: earlier.accepted, totals: earlier.totals })
    expect(counts()).toEqual(before)
    return earlier
  }
  expect(['ingested', 'refused']).toContain(report.status)
  if (report.status === 'ingested') seen.set(key, report)
  expect(report.rowsRead).toBe(report.accepted + report.rejected + report.skipped)
  if (report.status === 'refused') {
    expect(report.errors[0]!.message.length).toBeGreaterThan(10)
    expect(counts()).toEqual(before)
  } else {
    expect(landed(db, report.sha256!)).toEqual({ file: true, payments: report.accepted, rejects: report.rejected })
    expect(db.one<{ n: number }>('SELECT COALESCE(SUM(payments), 0) AS n FROM spend_rollup').n).toBe(
      db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE duplicate_of IS NULL').n,
    )
  }
  return report
}

const valid = csv([
  ['Payment Date', 'Supplier Name', 'Description', 'Net Amount'],
  ['01/05/2023', 'Acme Ltd', 'Repairs, "urgent"\nsecond line', '1,200.00'],
  ['02/05/2023', 'Beta Consulting', 'Advice', '300.50'],
  ['03/05/2023', 'Gamma', 'Credit', '25.00-'],
  ['', '', '', ''],
  ['Total', '', '', '1,475.50'],
])

describe('bad input', () => {
  it('an empty file is refused', async () => {
    expect((await check('')).errors[0]!.code).toBe('EMPTY_FILE')
  })

  it('a BOM, or only line breaks, is refused for want of a header', async () => {
    expect((await check(Buffer.from([0xef, 0xbb, 0xbf]))).errors[0]!.code).toBe('MISSING_COLUMNS')
    expect((await check('\r\n\r\n\n')).errors[0]!.code).toBe('MISSING_COLUMNS')
  })

  it('a NUL byte means not a text file; a spreadsheet is named as one', async () => {
    const withNul = Buffer.from(valid.replace('Advice', 'Adv\u0000ice'))
    expect((await check(withNul)).errors[0]).toMatchObject({ code: 'NOT_TEXT' })
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
    expect((await check(xlsx)).errors[0]!.message).toMatch(/xlsx/)
  })

  it('a 10 MB field lands, and a 10 MB file of one field is refused', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024)
    const report = await check(csv([['Payment Date', 'Supplier', 'Description', 'Amount'], ['01/05/2023', 'Acme', big, '1.00'], ['02/05/2023', 'Acme', 'small', '2.00']]), { writer: 'thread' })
    expect(report).toMatchObject({ status: 'ingested', accepted: 2 })
    expect(db.one<{ n: number }>('SELECT MAX(LENGTH(description)) AS n FROM payments').n).toBe(big.length)
    expect((await check(big)).errors[0]!.code).toBe('MISSING_COLUMNS')
  })

  it('a 10 MB field followed by 200,000 rows: the rows held back behind it arrive in one go', async () => {
    const big = 'y'.repeat(10 * 1024 * 1024)
    const many = Array.from({ length: 200_000 }, (_, i) => `02/05/2023,S${i % 7},,1.00`).join('\r\n')
    // Its own body: the rows would otherwise repeat (and so be duplicates of) the earlier tests' payments.
    const report = await check(`Payment Date,Supplier,Description,Amount\r\n01/05/2023,Acme,"${big}",1.00\r\n${many}\r\n`, { body: 'leeds' })
    expect(report).toMatchObject({ status: 'ingested', accepted: 200_001, totals: { GBP: '200001.00' } })
  })

  it('mismatched quotes: a quote never closed refuses the file at its line; a malformed one rejects its row', async () => {
    const open = await check(`Payment Date,Supplier,Amount\r\n01/05/2023,Acme,1.00\r\n02/05/2023,"Acme,2.00\r\n03/05/2023,Beta,3.00\r\n`)
    expect(open.errors[0]).toMatchObject({ code: 'UNTERMINATED_QUOTE', line: 3 })
    const malformed = await check(`Payment Date,Supplier,Amount\r\n01/05/2023,"Acme" Ltd",1.00\r\n02/05/2023,Beta,3.00\r\n`)
    expect(malformed.status).toBe('ingested')
    expect(malformed.rejected + malformed.accepted).toBeGreaterThan(0)
  })

  it('10,000 columns', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `Column ${i}`)
    header[17] = 'Payment Date'
    header[5000] = 'Supplier'
    header[9999] = 'Amount'
    const row = Array.from({ length: 10_000 }, (_, i) => `v${i}`)
    row[17] = '01/05/2023'
    row[5000] = 'Acme'
    row[9999] = '9.99'
    const report = await check(csv([header, row, row]))
    expect(report).toMatchObject({ status: 'ingested', accepted: 2, totals: { GBP: '19.98' } })
    const wide = await check(csv([Array.from({ length: 10_000 }, (_, i) => `h${i}`), row]))
    expect(wide.errors[0]!.code).toBe('MISSING_COLUMNS')
  })

  it('truncated anywhere, a file is ingested with what is whole or refused', async () => {
    const bytes = Buffer.from(valid)
    for (let cut = 1; cut < bytes.length; cut += 7) await check(bytes.subarray(0, cut))
  })

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        await check(Buffer.from(bytes))
      }),
      { numRuns: 60 },
    )
  })

  it('random damage to a valid file', async () => {
    const bytes = Buffer.from(valid)
    const edit = fc.record({ at: fc.nat({ max: bytes.length }), kind: fc.constantFrom('flip', 'insert', 'delete'), byte: fc.integer({ min: 1, max: 255 }) })
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const b = [...bytes]
        for (const e of edits) {
          const at = Math.min(e.at, b.length)
          if (e.kind === 'flip' && at < b.length) b[at] = e.byte
          else if (e.kind === 'insert') b.splice(at, 0, e.byte)
          else b.splice(at, 1)
        }
        await check(Buffer.from(b))
      }),
      { numRuns: 60 },
    )
  })
})

// Row accounting, against a model: a file built from known rows must report exactly them.
type Spec =
  | { kind: 'payment'; day: number; supplier: string; description: string; pence: number; style: 'plain' | 'commas' | 'trailing' | 'brackets' | 'pound' }
  | { kind: 'blank' | 'commas' }
  | { kind: 'badAmount' | 'badDate' }

const spec: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('payment' as const),
      day: fc.integer({ min: 1, max: 28 }),
      supplier: fc.constantFrom('Acme Ltd', 'ACME LIMITED', 'The Acme', 'Beta, Gamma & Co', 'REDACTED PERSONAL DATA', 'Delta "Quoted" LLP'),
      description: fc.constantFrom('', 'plain', 'with, comma', 'two\nlines', 'three\r\nline\nbreaks', '£ sign'),
      pence: fc.integer({ min: -99_999_999, max: 999_999_999 }),
      style: fc.constantFrom('plain', 'commas', 'trailing', 'brackets', 'pound'),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'blank' as const }, { kind: 'commas' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'badAmount' as const }, { kind: 'badDate' as const }) },
)

function amountText(pence: number, style: string): string {
  const text = formatPence(Math.abs(pence))
  const grouped = text.replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',')
  if (pence >= 0) return style === 'commas' ? grouped : style === 'pound' ? `£${grouped}` : text
  if (style === 'trailing') return `${text}-`
  if (style === 'brackets') return `(${grouped})`
  return `-${style === 'commas' ? grouped : text}`
}

describe('row accounting (property)', () => {
  it('reports exactly the rows, rejects, skips, lines and totals the file holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { maxLength: 40 }), fc.boolean(), fc.constantFrom('\r\n', '\n'), async (specs, withTotal, newline) => {
        // Each payment carries a reference no other run's rows share: files of every run land for
        // one body, and a row repeating an earlier run's date, amount and payee would otherwise be a
        // duplicate, rightly left out of the total (fast-check's small values made that happen).
        const rows: string[][] = [['Payment Date', 'Supplier Name', 'Description', 'Net Amount (£)', 'Transaction Number']]
        const iteration = ++properties
        let total = 0n
        let line = 2
        const expectedRejects: number[] = []
        for (const s of specs) {
          if (s.kind === 'payment') {
            rows.push([`${String(s.day).padStart(2, '0')}/05/2023`, s.supplier, s.description, amountText(s.pence, s.style), `FZ${iteration}-${rows.length}`])
            total += BigInt(s.pence)
            line += 1 + (s.description.match(/\n/g)?.length ?? 0)
            continue
          }
          if (s.kind === 'blank') rows.push([''])
          else if (s.kind === 'commas') rows.push(['', '', '', '', ''])
          else {
            rows.push(s.kind === 'badAmount' ? ['01/05/2023', 'Acme', '', 'n/a pounds', ''] : ['31/04/2023', 'Acme', '', '1.00', ''])
            expectedRejects.push(line)
          }
          line++
        }
        const payments = specs.filter((s) => s.kind === 'payment').length
        if (withTotal && payments > 0) rows.push(['Grand Total', '', '', formatPence(total), ''])
        const bytes = Buffer.from(csv(rows, newline), 'utf8')
        // The same bytes landed by an earlier run (with --allow-rejects) are unchanged, not refused.
        const landedBefore = seen.has(bytes.toString('base64'))
        let report = await check(bytes)
        if (expectedRejects.length > payments && !landedBefore) {
          // More rows rejected than accepted: refused unless the user asks for the readable rows.
          expect(report.status).toBe('refused')
          expect(report.errors[0]?.code).toBe('MOSTLY_REJECTED')
          report = await check(bytes, { allowRejects: true })
        }
        const skipped = specs.filter((s) => s.kind === 'blank' || s.kind === 'commas').length + (withTotal && payments > 0 ? 1 : 0)
        expect(report).toMatchObject({
          status: 'ingested',
          rowsRead: rows.length - 1,
          accepted: payments,
          rejected: expectedRejects.length,
          skipped,
          totals: payments ? { GBP: formatPence(total) } : {},
          fileTotal: withTotal && payments > 0 ? { stated: formatPence(total), matches: true } : null,
        })
        expect(report.errors.map((e) => e.line)).toEqual(expectedRejects)
      }),
      { numRuns: 60 },
    )
  })
})
