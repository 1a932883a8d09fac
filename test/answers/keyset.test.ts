// Exports page through groups and series lines by keyset (each page starts after the last row of
// the one before). With ties, NULL keys and several currencies and VAT bases, the pages put
// together must be exactly the groups one direct GROUP BY gives, each once, in the stated order.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SpendOrder, spendGroups, spendOrders, type SpendRow, spendSeries, type SeriesLine } from '../../schema/answers/spend'
import { groupColumns } from '../../schema/answers/dimensions'
import { parseSpendFilter } from '../../schema/graphql/inputs/spend-filter'
import { BACKFILL_ACROSS_FILES_SQL } from '../../ingest/spend/rollup'
import { openTestDb, type TestDb } from '../helpers/db'

const PAGE = 3
let t: TestDb

beforeAll(async () => {
  t = await openTestDb({ dataset: false })
  await t.db.run(sql`PRAGMA foreign_keys = OFF`)
  await t.db.run(sql`INSERT INTO spend_files (id, source_id, body_id, file_name, sha256, encoding, delimiter, header_line, columns, period_start, period_end, rows_read, accepted, rejected, skipped, ingested_at)
    VALUES (1,'s','b1','f','x','utf8',',',1,'[]','2011-01-01','2011-12-31',0,0,0,0,'now'), (2,'s','b1','g','y','utf8',',',1,'[]','2011-03-01','2011-03-31',0,0,0,0,'now')`)
  // Every group totals 600 pence (ties), split three ways; NULL suppliers in two payee classes;
  // two currencies; three VAT bases; some rows with no month.
  let n = 0
  for (const s of [null, 'a', 'b', 'c', 'd', 'e']) for (const pc of s ? ['company'] : ['redacted', 'individual']) for (const cur of ['GBP', 'EUR']) for (const vat of ['net', 'gross', 'unknown']) {
    n++
    const parts: Array<[string | null, number]> = n % 3 === 0 ? [['2011-01', 600]] : n % 3 === 1 ? [['2011-02', 300], [null, 300]] : [['2011-01', 200], ['2011-05', 200], ['2011-03', 200]]
    for (const [m, p] of parts) {
      await t.db.run(sql`INSERT INTO spend_rollup (spend_file_id, body_id, supplier_id, payee_class, month, currency, vat_basis, total_pence, payments)
        VALUES (${m === null ? 1 : 2}, 'b1', ${s}, ${pc}, ${m}, ${cur}, ${vat}, ${p}, 1)`)
    }
  }
  await t.db.run(sql`INSERT INTO spend_rollup (spend_file_id, body_id, supplier_id, payee_class, month, currency, vat_basis, total_pence, payments)
    VALUES (2,'b1','z','company','2011-03','GBP','net',-500,1), (2,'b1','y','company','2011-03','GBP','net',90000000000000,1)`)
  await t.db.run(sql`UPDATE spend_rollup SET consultancy_rule = CASE WHEN id % 4 = 0 THEN 'r1' WHEN id % 4 = 2 THEN 'r2' ELSE NULL END`)
  await t.db.run(sql`INSERT INTO spend_rollup_body (spend_file_id, body_id, payee_class, month, consultancy_rule, currency, vat_basis, total_pence, payments)
    SELECT spend_file_id, body_id, payee_class, month, consultancy_rule, currency, vat_basis, SUM(total_pence), SUM(payments) FROM spend_rollup GROUP BY 1, 2, 3, 4, 5, 6, 7`)
  // The rollups across files, from the wide rows as the migration fills them.
  for (const statement of BACKFILL_ACROSS_FILES_SQL) await t.db.run(sql.raw(statement))
})
afterAll(() => t?.close())

// The dimensions under test and the plain spend_rollup columns they group by, written here apart from the code.
const direct: Record<string, string[]> = {
  SUPPLIER: ['supplier_id', 'payee_class'],
  PAYEE_CLASS: ['payee_class'],
  CONSULTANCY_RULE: ['consultancy_rule'],
  CONSULTANCY: ['(consultancy_rule IS NOT NULL)'],
}
const groupings = [['SUPPLIER'], ['PAYEE_CLASS', 'CONSULTANCY_RULE'], ['CONSULTANCY', 'SUPPLIER'], []]

type Flat = { keys: unknown[]; total: number; payments: number }

async function directGroups(groupBy: string[]): Promise<Map<string, Flat>> {
  const cols = [...groupBy.flatMap((d) => direct[d] as string[]), 'currency', 'vat_basis']
  const rows = await t.db.all<Record<string, unknown>>(
    sql.raw(`SELECT ${cols.map((c, i) => `${c} AS k${i}`).join(', ')}, SUM(total_pence) AS total, SUM(payments) AS payments FROM spend_rollup GROUP BY ${cols.map((_, i) => i + 1).join(', ')}`),
  )
  return new Map(rows.map((r) => {
    const keys = cols.map((_, i) => r[`k${i}`] ?? null)
    return [JSON.stringify(keys), { keys, total: Number(r.total), payments: Number(r.payments) }]
  }))
}

const flat = (groupBy: string[], g: SpendRow | SeriesLine): unknown[] =>
  [...groupColumns(groupBy).map((k) => (k === 'consultancy' && g.keys[k] != null ? Number(g.keys[k]) : g.keys[k] ?? null)), g.currency, g.vatBasis]

/** -1, 0, 1 as SQLite orders: NULL first, then numbers, then text. */
function compareValue(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return String(a) < String(b) ? -1 : 1
}

/** The order each SpendOrder states: its measures, then every key ascending. */
function compare(order: SpendOrder, a: Flat, b: Flat): number {
  const measures: Array<[number, number]> =
    order === 'TOTAL_DESC' ? [[b.total, a.total]] : order === 'TOTAL_ASC' ? [[a.total, b.total]] : order === 'PAYMENTS_DESC' ? [[b.payments, a.payments], [b.total, a.total]] : []
  for (const [x, y] of measures) if (x !== y) return x < y ? -1 : 1
  for (let i = 0; i < a.keys.length; i++) {
    const c = compareValue(a.keys[i], b.keys[i])
    if (c) return c
  }
  return 0
}

function expectOrderedAndWhole(order: SpendOrder, got: Flat[], want: Map<string, Flat>) {
  // Strictly increasing: the order is total and no group comes twice.
  for (let i = 1; i < got.length; i++) expect(compare(order, got[i - 1] as Flat, got[i] as Flat), JSON.stringify([got[i - 1], got[i]])).toBe(-1)
  expect(new Map(got.map((g) => [JSON.stringify(g.keys), g]))).toEqual(want)
}

describe(`keyset pages of ${PAGE}`, () => {
  for (const groupBy of groupings) {
    for (const order of spendOrders) {
      it(`spendGroups by [${groupBy}] ${order}: the pages are the direct GROUP BY, each group once, in order`, async () => {
        const filter = parseSpendFilter({})
        const got: Flat[] = []
        let last: SpendRow | null = null
        for (;;) {
          const rows = await spendGroups(t.db, { filter, groupBy, orderBy: order }, PAGE, { after: last })
          got.push(...rows.map((r) => ({ keys: flat(groupBy, r), total: r.totalPence, payments: r.payments })))
          last = rows.at(-1) ?? last
          if (rows.length < PAGE) break
        }
        expectOrderedAndWhole(order, got, await directGroups(groupBy))
      })
    }
    for (const interval of ['MONTH', 'FINANCIAL_YEAR'] as const) {
      it(`spendSeries ${interval} by [${groupBy}]: the lines are the direct groups, each once, largest total first`, async () => {
        const filter = parseSpendFilter({})
        const got: Flat[] = []
        let last: SeriesLine | null = null
        for (;;) {
          const page = await spendSeries(t.db, interval, filter, groupBy, PAGE, { after: last })
          for (const l of page.lines) {
            const total = l.points.reduce((s, p) => s + p.totalPence, l.undated.totalPence)
            const payments = l.points.reduce((s, p) => s + p.payments, l.undated.payments)
            got.push({ keys: flat(groupBy, l), total, payments })
          }
          last = page.lines.at(-1) ?? last
          if (page.lines.length < PAGE) break
        }
        expectOrderedAndWhole('TOTAL_DESC', got, await directGroups(groupBy))
      })
    }
  }
})
