import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BACKFILL_ACROSS_FILES_SQL, BACKFILL_TOTALS_SQL } from '../../ingest/spend/rollup'
import { migrations } from '../../migrations/sql'
import { csv, openTempDb, type TempDb } from '../ingest/spend/helpers'

const norm = (sql: string) => sql.replace(/--[^\n]*\n/g, ' ').replace(/\s+/g, ' ').replace(/;\s*$/, '').trim()

// consultwatch_3 recomputes older files' totals without their duplicate rows. The statement is
// hand-added to the migration, so this keeps it the same as the one the ingest's tests exercise.
describe('the totals backfill in the migrations', () => {
  it('is the ingest’s own statement, word for word', () => {
    const migration = migrations.find((m) => m.tag.endsWith('_consultwatch_3'))
    expect(migration, 'migration consultwatch_3').toBeDefined()
    expect(migration?.statements.map(norm)).toContain(norm(BACKFILL_TOTALS_SQL))
  })
})

// The migration that creates the rollups across files fills them from the wide rollup, by hand-added
// statements: they must be the ingest's own upserts, and give the rows the ingest keeps.
describe('the rollups-across-files backfill in the migrations', () => {
  it('is the ingest’s own statements, word for word, in the migration that creates the tables', () => {
    const migration = migrations.find((m) => m.statements.some((s) => /^CREATE TABLE `spend_rollup_year`/.test(s)))
    expect(migration, 'the migration creating spend_rollup_year').toBeDefined()
    const statements = migration!.statements.map(norm)
    expect(BACKFILL_ACROSS_FILES_SQL.length).toBe(2)
    for (const st of BACKFILL_ACROSS_FILES_SQL) expect(statements).toContain(norm(st))
  })

  describe('on a database of landed and replaced files', () => {
    let db: TempDb
    beforeEach(async () => {
      db = await openTempDb()
    })
    afterEach(() => db.cleanup())

    it('gives, row for row, what the ingest kept', async () => {
      const header = ['Payment Date', 'Supplier Name', 'Transaction Number', 'Expense Type', 'Net Amount']
      const rows = [
        ['03/05/2023', 'Acme Consulting Ltd', 'T1', 'Consultancy', '100.00'],
        ['04/05/2023', 'Redacted', 'T2', 'Care', '20.00'],
        ['00:00:00', 'Beta Print Ltd', 'T3', 'Printing', '-5.00'],
      ]
      const file = (name: string, body: string[][]) => db.file(name, csv([header, ...body]))
      await db.ingest(file('a-2023-05.csv', rows), { body: 'oxford', period: { start: '2023-05-01', end: '2023-05-31' } })
      await db.ingest(file('a-2023-q1.csv', [['00:00:00', 'Redacted', 'Q1', 'Care', '3.00'], rows[2]!]), { body: 'oxford', period: { start: '2023-03-01', end: '2023-04-30' } })
      await db.ingest(file('b-2023-05.csv', rows), { body: 'leeds', period: { start: '2023-05-01', end: '2023-05-31' } })
      await db.ingest(file('a-2023-05-b.csv', rows.slice(0, 2)), { body: 'oxford', period: { start: '2023-05-01', end: '2023-05-31' }, replace: 'a-2023-05.csv' })
      const keys = 'body_id, supplier_id, payee_class, consultancy_rule, currency, vat_basis'
      const read = () => ({
        supplier: db.all(`SELECT ${keys}, total_pence, payments FROM spend_rollup_supplier ORDER BY ${keys}`),
        year: db.all(`SELECT ${keys}, financial_year, total_pence, payments FROM spend_rollup_year ORDER BY ${keys}, financial_year`),
      })
      const kept = read()
      expect(kept.year.length).toBeGreaterThan(3)
      db.db.exec('DELETE FROM spend_rollup_supplier; DELETE FROM spend_rollup_year')
      for (const st of BACKFILL_ACROSS_FILES_SQL) db.db.exec(st)
      expect(read()).toEqual(kept)
    })
  })
})
