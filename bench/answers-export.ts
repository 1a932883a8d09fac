// One full payments export, run in a process of its own so its peak RSS is its own:
// `tsx bench/answers-export.ts <db file> csv|sql` prints {"rows","ms","peakRssMb"} on stdout.
//   csv: GET /v1/payments.csv through the app (keyset pages of the filter module's SQL, streamed).
//   sql: the baseline — the same rows read by one SELECT straight off the file with the
//        synchronous driver's iterator, each row joined into a line: the floor for the same work.
import { createClient } from '@libsql/client'
import Database from 'libsql'
import { createApp } from '../api/app'
import { dbFromLibsql } from '../schema/client'

const DUMP = `SELECT r.id, r.body_id, b.name, r.supplier_id, s.name, r.payee_class,
    CASE WHEN r.payee_class = 'supplier' THEN r.payee_name END, r.paid_on, r.paid_precision, r.amount_pence,
    r.currency, r.vat_basis, r.expense_category, r.expense_type, r.expense_code, r.service_area, r.service_division,
    r.description, r.transaction_ref, r.consultancy_rule, r.spend_file_id, f.file_name, r.line, f.source_id
  FROM payments r JOIN bodies b ON b.id = r.body_id LEFT JOIN suppliers s ON s.id = r.supplier_id
    JOIN spend_files f ON f.id = r.spend_file_id
  WHERE r.duplicate_of IS NULL ORDER BY r.id`

async function viaCsv(path: string): Promise<number> {
  const client = createClient({ url: `file:${path}` })
  const app = createApp({ db: () => dbFromLibsql(client) })
  const res = await app.request('/v1/payments.csv')
  if (res.status !== 200 || !res.body) throw new Error(`/v1/payments.csv answered ${res.status}`)
  let lines = 0
  const reader = res.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    for (const byte of value) if (byte === 10) lines++
  }
  client.close()
  return lines - 1
}

function viaSql(path: string): number {
  const db = new Database(path, { readonly: true })
  let rows = 0
  let bytes = 0
  for (const row of db.prepare(DUMP).raw().iterate() as IterableIterator<unknown[]>) {
    bytes += `${row.join(',')}\r\n`.length
    rows++
  }
  db.close()
  return bytes > 0 ? rows : 0
}

const [path, mode] = process.argv.slice(2)
if (!path || (mode !== 'csv' && mode !== 'sql')) throw new Error('usage: tsx bench/answers-export.ts <db file> csv|sql')
const t0 = performance.now()
const rows = mode === 'csv' ? await viaCsv(path) : viaSql(path)
const ms = performance.now() - t0
console.log(JSON.stringify({ rows, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }))
