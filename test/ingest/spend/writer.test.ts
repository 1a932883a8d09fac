import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LANDING_PRAGMAS } from '../../../ingest/spend/database'
import { ThreadWriter } from '../../../ingest/spend/writer'

// The writer thread sends single statements to its thread several to a message: these check
// that they still run in the order they were given, interleaved with bulk statements, and that
// a failure part way through a message leaves nothing once rolled back.

let dir: string
let db: Database.Database
let writer: ThreadWriter
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consultwatch-writer-'))
  const path = join(dir, 'w.db')
  db = new Database(path)
  db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL UNIQUE)')
  writer = new ThreadWriter(path, LANDING_PRAGMAS)
})
afterEach(async () => {
  await writer.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const INSERT = 'INSERT INTO t (v) VALUES (?)'
const stored = () => (db.prepare('SELECT v FROM t ORDER BY seq').all() as Array<{ v: string }>).map((r) => r.v)

describe('the writer thread', () => {
  it('runs single and bulk statements in the order they were given, across message boundaries', async () => {
    const expected: string[] = []
    writer.exec('BEGIN IMMEDIATE')
    // More single statements than one message carries, then bulk rows, then singles again.
    for (let i = 0; i < 700; i++) {
      writer.run(INSERT, [`one ${i}`])
      expected.push(`one ${i}`)
    }
    const bulk = Array.from({ length: 50 }, (_, i) => `bulk ${i}`)
    writer.runEach(INSERT, bulk, 1)
    expected.push(...bulk)
    for (let i = 0; i < 3; i++) {
      writer.run(INSERT, [`tail ${i}`])
      expected.push(`tail ${i}`)
    }
    writer.exec('COMMIT')
    await writer.flush()
    expect(stored()).toEqual(expected)
  })

  it('reports a failure in the middle of a message on flush, skips the rest, and a rollback leaves nothing', async () => {
    writer.exec('BEGIN IMMEDIATE')
    for (let i = 0; i < 400; i++) writer.run(INSERT, [i === 300 ? 'one 10' : `one ${i}`])
    await expect(writer.flush()).rejects.toThrow(/UNIQUE/)
    await writer.rollback()
    expect(stored()).toEqual([])
    // The writer is usable again after the rollback.
    writer.exec('BEGIN IMMEDIATE')
    writer.run(INSERT, ['after'])
    writer.exec('COMMIT')
    await writer.flush()
    expect(stored()).toEqual(['after'])
  })
})
