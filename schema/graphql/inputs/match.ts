import { type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import { ApiError } from '../errors'

/** Checks a free-text filter value and turns it into a case-insensitive LIKE pattern. */
export function containsPattern(field: string, text: string): string {
  const trimmed = text.trim()
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new ApiError({ code: 'BAD_FILTER', message: `${field} must be 1 to 200 characters of a name or id, e.g. "impower"` })
  }
  return `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** column IN the suppliers whose id is `text` or whose name or any alias contains it. */
export function supplierMatches(column: SQLWrapper, field: string, text: string): SQL {
  const p = containsPattern(field, text)
  return sql`${column} IN (SELECT id FROM suppliers WHERE id = ${text.trim()} OR name LIKE ${p} ESCAPE '\\'
    UNION SELECT supplier_id FROM supplier_aliases WHERE raw_name LIKE ${p} ESCAPE '\\')`
}

/** column IN the bodies whose id is `text` or whose name or any alias contains it. */
export function bodyMatches(column: SQLWrapper, field: string, text: string): SQL {
  const p = containsPattern(field, text)
  return sql`${column} IN (SELECT id FROM bodies WHERE id = ${text.trim()} OR name LIKE ${p} ESCAPE '\\'
    UNION SELECT body_id FROM body_aliases WHERE alias LIKE ${p} ESCAPE '\\')`
}

/** column IN the programmes whose id is `text` or whose name contains it. */
export function programmeMatches(column: SQLWrapper, field: string, text: string): SQL {
  const p = containsPattern(field, text)
  return sql`${column} IN (SELECT id FROM programmes WHERE id = ${text.trim()} OR name LIKE ${p} ESCAPE '\\')`
}
