import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { payments } from '../../../schema/tables'
import { insertSql } from '../../../ingest/spend/sql'
import { type TempDb, csv, openTempDb } from './helpers'

// How payments are written: the statements leave out the columns a file's first rows leave
// empty, so these tests check that a value arriving later is still stored.

let db: TempDb
beforeEach(async () => {
  db = await openTempDb()
})
afterEach(() => db.cleanup())

const header = ['Payment Date', 'Supplier Name', 'Transaction Number', 'Description', 'Net Amount']
const row = (i: number, ref: string, description: string) => [`${String((i % 28) + 1).padStart(2, '0')}/05/2023`, `Supplier ${i % 7} Ltd`, ref, description, `${i}.${String(i % 100).padStart(2, '0')}`]

describe('landing payments', () => {
  it.each([
    ['a thread', 'thread' as const],
    ['the caller', 'direct' as const],
  ])('through %s, keeps the values of columns that the first rows leave empty', async (_, writer) => {
    // 700 rows with no reference or description (more than one batch), then 650 with both.
    const rows = Array.from({ length: 1350 }, (_, i) => (i < 700 ? row(i, '', '') : row(i, `T${i}`, `item ${i}`)))
    const report = await db.ingest(db.file('oxford-2023-05.csv', csv([header, ...rows])), { body: 'oxford', writer })
    expect(report).toMatchObject({ status: 'ingested', accepted: rows.length, rejected: 0 })
    const stored = db.all<{ line: number; ref: string | null; description: string | null; pence: number; file: number; body: string }>(
      'SELECT line, transaction_ref AS ref, description, amount_pence AS pence, spend_file_id AS file, body_id AS body FROM payments ORDER BY line',
    )
    const file = db.one<{ id: number }>('SELECT id FROM spend_files').id
    expect(stored).toEqual(
      rows.map((r, i) => ({
        line: i + 2,
        ref: r[2] || null,
        description: r[3] || null,
        pence: Math.round(Number(r[4]) * 100),
        file,
        body: 'oxford',
      })),
    )
  })

  it('writes a body whose id has a quote in it as a literal, safely', async () => {
    const odd = await openTempDb([{ id: "o'brien", name: "O'Brien District Council" }])
    try {
      const rows = Array.from({ length: 70 }, (_, i) => row(i, `T${i}`, ''))
      const report = await odd.ingest(odd.file('o-2023-05.csv', csv([header, ...rows])), { body: "o'brien" })
      expect(report).toMatchObject({ status: 'ingested', accepted: 70 })
      expect(odd.one("SELECT COUNT(*) AS n FROM payments WHERE body_id = 'o''brien'")).toEqual({ n: 70 })
    } finally {
      odd.cleanup()
    }
  })

  it('refuses a literal holding a NUL (SQLite would read the statement only up to it), and quotes the rest', () => {
    expect(() => insertSql(payments, ['line'], 1, { bodyId: 'a\0b' })).toThrow(/NUL/)
    expect(insertSql(payments, ['line'], 1, { bodyId: "o'brien", spendFileId: 7 })).toContain("VALUES ('o''brien', 7, ?)")
  })
})
