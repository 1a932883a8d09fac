import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { dbFromFile } from '../../api/node-db'

describe('dbFromFile binds only what the synchronous driver can take', () => {
  const { db, close } = dbFromFile(join(mkdtempSync(join(tmpdir(), 'node-db-')), 'x.db'))

  it('a boolean parameter binds as 0/1 instead of aborting the process', async () => {
    // Without the guard libsql panics ("not yet implemented: bool") and the test process dies.
    const rows = await db.all<{ t: number; f: number }>(sql`select ${true} as t, ${false} as f`)
    expect(rows).toEqual([{ t: 1, f: 0 }])
  })

  it('a statement kept for reuse answers in the row mode each call asks for', async () => {
    const query = () => sql`select ${7} as n, ${'x'} as s`
    expect(await db.values(query())).toEqual([[7, 'x']])
    expect(await db.all(query())).toEqual([{ n: 7, s: 'x' }])
    expect(await db.values(query())).toEqual([[7, 'x']])
  })

  it('an object or array parameter is an ordinary error for that statement', async () => {
    await expect(async () => db.all(sql`select ${{ a: 1 } as never} as x`)).rejects.toSatisfy((e: any) => /Cannot bind a object/.test(String(e?.cause?.message)))
    await expect(async () => db.all(sql`select ${sql.param([true])} as x`)).rejects.toSatisfy((e: any) => /Cannot bind a array/.test(String(e?.cause?.message)))
    // The connection is still usable afterwards.
    expect(await db.all(sql`select ${'ok'} as s`)).toEqual([{ s: 'ok' }])
    close()
  })
})
