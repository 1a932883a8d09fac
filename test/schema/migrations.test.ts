import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderMigrations } from '../../migrations/bundle'
import { openTestDb } from '../helpers/db'
import { migrate } from '../../schema/migrate'

describe('migrations', () => {
  it('migrations/sql.ts is generated from the drizzle-kit SQL (run `npm run db:generate`)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../migrations/sql.ts', import.meta.url)), 'utf8')
    expect(committed).toBe(renderMigrations())
  })

  it('apply once: a second migrate() does nothing', async () => {
    const t = await openTestDb({ dataset: false })
    try {
      expect(await migrate(t.db)).toEqual([])
    } finally {
      t.close()
    }
  })
})
