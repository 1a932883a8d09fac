import type { Client, InValue } from '@libsql/client'
import { migrationScript } from '../../schema/migrate'
import { migrations } from '../../migrations/sql'

/**
 * D1 documents 100 KB a statement, but this wrangler's local D1 refused a 90 KB INSERT as
 * SQLITE_TOOBIG (69 KB went through): stay well under both.
 */
const MAX_STATEMENT_BYTES = 60_000

/** Every table the migrations create, referenced tables before those that reference them (D1 enforces foreign keys). */
export async function tablesInDependencyOrder(client: Client): Promise<string[]> {
  const names: string[] = []
  for (const { statements } of migrations) {
    for (const s of statements) {
      const m = /^CREATE TABLE `([^`]+)`/.exec(s)
      if (m?.[1]) names.push(m[1])
      // A later migration may drop a table an earlier one created.
      const dropped = /^DROP TABLE `([^`]+)`/.exec(s)
      if (dropped?.[1] && names.includes(dropped[1])) names.splice(names.indexOf(dropped[1]), 1)
    }
  }
  // A migration that rebuilds a table creates it under a temporary name (`__new_x`) and renames it:
  // only the tables that exist at the end are dumped, each once.
  const existing = new Set((await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table'`)).rows.map((r) => String(r.name)))
  names.splice(0, names.length, ...new Set(names.filter((n) => existing.has(n))))
  const dependsOn = new Map<string, string[]>()
  for (const name of names) {
    const refs = (await client.execute(`PRAGMA foreign_key_list(\`${name}\`)`)).rows.map((r) => String(r.table))
    dependsOn.set(name, refs.filter((r) => r !== name))
  }
  const ordered: string[] = []
  const visiting = new Set<string>()
  const visit = (name: string) => {
    if (ordered.includes(name)) return
    if (visiting.has(name)) throw new Error(`foreign keys form a cycle through ${name}`)
    visiting.add(name)
    for (const dep of dependsOn.get(name) ?? []) visit(dep)
    visiting.delete(name)
    ordered.push(name)
  }
  for (const name of names) visit(name)
  return ordered
}

/** A SQLite literal for a value read back from libsql. */
export function literal(value: InValue | null | undefined): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as SQL`)
    return String(value)
  }
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`
  if (value instanceof Date) return `'${value.toISOString()}'`
  return `X'${Buffer.from(value as ArrayBuffer).toString('hex')}'`
}

/**
 * `wrangler d1 execute --file` splits a script on `;` itself, and after a `CASE` or `BEGIN` it
 * splits again only once it sees `END` followed by a space or `;`. A `CASE … END,` leaves it
 * treating the rest of the file as one statement, grown a character at a time: on a 2 MB seed
 * that never finished (and a shorter one came back SQLITE_TOOBIG). Refuse such a script here,
 * where the offending statement can be named, rather than hang in wrangler.
 */
export function splitsForWrangler(script: string): string {
  // Quoted strings and identifiers cannot hold the keywords wrangler looks at.
  const bare = script.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`/g, (m) => ' '.repeat(m.length))
  for (const m of bare.matchAll(/\bEND\b/gi)) {
    const at = m.index ?? 0
    if (!/\s/.test(bare[at - 1] ?? '') || m[0] !== 'END' || !/[\s;]/.test(bare[at + 3] ?? '')) {
      const line = script.slice(0, at).split('\n').length
      throw new Error(`line ${line} of the D1 script has "${script.slice(Math.max(0, at - 40), at + 10).replace(/\s+/g, ' ')}": wrangler only ends a CASE/BEGIN block at an upper-case END followed by a space or ";", so write it that way (e.g. "END AS name")`)
    }
  }
  return script
}

/**
 * The whole database as one SQL script for `wrangler d1 execute --file`: the migrations, then
 * every row as multi-row INSERTs under D1's statement size limit. Rows are read a page at a time.
 */
export async function* dumpForD1(client: Client, pageSize = 5_000): AsyncGenerator<string> {
  yield `${splitsForWrangler(migrationScript())}\n`
  for (const table of await tablesInDependencyOrder(client)) {
    const columns = (await client.execute(`PRAGMA table_info(\`${table}\`)`)).rows.map((r) => String(r.name))
    const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES\n`
    let lastRowid = -Infinity
    for (;;) {
      const page = await client.execute({
        sql: `SELECT rowid AS __rowid, * FROM \`${table}\` WHERE rowid > ? ORDER BY rowid LIMIT ?`,
        args: [lastRowid === -Infinity ? Number.MIN_SAFE_INTEGER : lastRowid, pageSize],
      })
      if (page.rows.length === 0) break
      let values: string[] = []
      let bytes = Buffer.byteLength(head)
      for (const row of page.rows) {
        lastRowid = Number(row.__rowid)
        const tuple = `(${columns.map((c) => literal(row[c] as InValue)).join(', ')})`
        const size = Buffer.byteLength(tuple) + 2
        if (values.length > 0 && bytes + size > MAX_STATEMENT_BYTES) {
          yield `${head}${values.join(',\n')};\n`
          values = []
          bytes = Buffer.byteLength(head)
        }
        // One row over the limit (a 10 MB rejected row kept verbatim) cannot go to D1 as it is: say so.
        if (Buffer.byteLength(head) + size > MAX_STATEMENT_BYTES * 1.1) {
          throw new Error(`${table} row ${lastRowid} is ${size} bytes as SQL, over D1's 100 KB statement limit; it cannot be copied to D1`)
        }
        values.push(tuple)
        bytes += size
      }
      if (values.length > 0) yield `${head}${values.join(',\n')};\n`
    }
  }
}
