import { describe, expect, it } from 'vitest'
import { BACKFILL_TOTALS_SQL } from '../../ingest/spend/rollup'
import { migrations } from '../../migrations/sql'

// consultwatch_3 recomputes older files' totals without their duplicate rows. The statement is
// hand-added to the migration, so this keeps it the same as the one the ingest's tests exercise.
describe('the totals backfill in the migrations', () => {
  const norm = (sql: string) => sql.replace(/--[^\n]*\n/g, ' ').replace(/\s+/g, ' ').replace(/;\s*$/, '').trim()

  it('is the ingest’s own statement, word for word', () => {
    const migration = migrations.find((m) => m.tag.endsWith('_consultwatch_3'))
    expect(migration, 'migration consultwatch_3').toBeDefined()
    expect(migration?.statements.map(norm)).toContain(norm(BACKFILL_TOTALS_SQL))
  })
})
