import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import ExcelJS from 'exceljs'
import { dbFromLibsql } from '../../../schema/client'
import { migrate } from '../../../schema/migrate'
import { bodies, bodyAliases } from '../../../schema/tables'
import { normaliseBodyName } from '../../../ingest/resolve/normalise'
import { type LandingDatabase, openLandingDatabase } from '../../../ingest/spend/database'
import { ingestSpendFile, type SpendOptions } from '../../../ingest/spend/ingest'

export interface TestBody {
  id: string
  name: string
  gssCode?: string
  aliases?: string[]
}

/** The three councils of ../shared/realdata, with aliases the curated dataset gives them. */
export const councils: TestBody[] = [
  { id: 'leeds', name: 'Leeds City Council', gssCode: 'E08000035', aliases: ['http://statistics.data.gov.uk/doc/local-authority/00DA', '00DA'] },
  { id: 'hyndburn', name: 'Hyndburn Borough Council', gssCode: 'E07000120', aliases: ['HBC'] },
  { id: 'oxford', name: 'Oxford City Council', gssCode: 'E07000178', aliases: ['OCC'] },
]

export interface TempDb extends LandingDatabase {
  dir: string
  url: string
  /** Writes `text` (or bytes) to a file in the temp folder and returns its path. */
  file(name: string, content: string | Buffer): string
  ingest(path: string, options?: SpendOptions): ReturnType<typeof ingestSpendFile>
  /** Rows of a query, for assertions. */
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[]
  one<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T
  cleanup(): void
}

/** A fresh, migrated libsql file database in a temp folder, with `seed` bodies inserted through drizzle. */
export async function openTempDb(seed: TestBody[] = councils): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-spend-'))
  const path = join(dir, 'test.db')
  const url = `file:${path}`
  const client = createClient({ url })
  const drizzle = dbFromLibsql(client)
  await migrate(drizzle)
  for (const b of seed) {
    await drizzle.insert(bodies).values({ id: b.id, name: b.name, kind: 'other', gssCode: b.gssCode ?? null })
    for (const alias of b.aliases ?? []) {
      await drizzle.insert(bodyAliases).values({ bodyId: b.id, alias, normalised: normaliseBodyName(alias) })
    }
  }
  client.close()
  const database = await openLandingDatabase(url)
  return {
    ...database,
    dir,
    url,
    file(name, content) {
      const p = join(dir, name)
      writeFileSync(p, content)
      return p
    },
    ingest(p, options = {}) {
      return ingestSpendFile(database, p, options)
    },
    all(sql, ...params) {
      return database.db.prepare(sql).all(...params) as never
    },
    one(sql, ...params) {
      // libsql's get() adds a `_metadata` key; all() does not.
      return database.db.prepare(sql).all(...params)[0] as never
    },
    cleanup() {
      database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A CSV text from rows of cells, quoting where needed, CRLF by default. */
export function csv(rows: string[][], newline = '\r\n'): string {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join(newline) + newline
}

/** Counts of what a file left in the database. */
export function landed(db: TempDb, sha256: string) {
  const file = db.all<{ id: number }>('SELECT id FROM spend_files WHERE sha256 = ?', sha256)[0]
  if (!file) return { file: false, payments: 0, rejects: 0 }
  return {
    file: true,
    payments: db.one<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE spend_file_id = ?', file.id).n,
    rejects: db.one<{ n: number }>('SELECT COUNT(*) AS n FROM spend_rejects WHERE spend_file_id = ?', file.id).n,
  }
}

/**
 * Writes a workbook of `sheets` (name -> rows) with exceljs into the temporary database's folder.
 * A Date cell gets a date format, as Excel gives it, unless `dateFormat` is false (a bare serial).
 */
export async function writeWorkbook(db: TempDb, name: string, sheets: Record<string, ExcelJS.CellValue[][]>, dateFormat = true): Promise<string> {
  const book = new ExcelJS.Workbook()
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(sheetName)
    for (const row of rows) {
      const added = sheet.addRow(row)
      row.forEach((v, i) => {
        if (v instanceof Date && dateFormat) added.getCell(i + 1).numFmt = 'dd/mm/yyyy'
      })
    }
  }
  const path = db.file(name, Buffer.alloc(0))
  await book.xlsx.writeFile(path)
  return path
}
