import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { groupColumns } from '../../schema/answers/dimensions'
import { sourceTable } from '../../schema/answers/spend'
import { parseSpendFilter, type SpendFilterInput } from '../../schema/graphql/inputs/spend-filter'
import type { TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'
import { hasShared, needsShared } from '../helpers/shared'
import { openRealSpendApi } from './realspend'

// The rollups across files (spend_rollup_supplier, spend_rollup_year) answer whole-time questions
// by body and supplier. Each answer they give is asked again with a range covering every payment,
// which the same filter sends to the per-file wide rollup instead: the two must agree to the penny.
const WHOLE = 'from: "1900-04-01", to: "2100-03-31"'

const routed = (filter: SpendFilterInput, groupBy: string[]) => sourceTable(parseSpendFilter(filter), groupColumns(groupBy))

describe('which rollup answers', () => {
  it('reads the rollups across files only when they select exactly the same payments', () => {
    expect(routed({ body: 'x' }, ['SUPPLIER'])).toBe('spend_rollup_supplier')
    expect(routed({ supplier: 'x' }, ['BODY', 'FINANCIAL_YEAR'])).toBe('spend_rollup_year')
    expect(routed({ payeeBody: 'x', consultancyOnly: true, currency: 'GBP' }, ['BODY', 'CONSULTANCY_RULE'])).toBe('spend_rollup_supplier')
    // Without a supplier anywhere, the narrow per-file rollup is the smaller.
    expect(routed({ consultancyOnly: true }, ['BODY', 'FINANCIAL_YEAR'])).toBe('spend_rollup_body')
    // A range, a programme, text or a month: they need the file, the month or the text.
    expect(routed({ body: 'x', from: '2011-04-01' }, ['SUPPLIER'])).toBe('spend_rollup')
    expect(routed({ body: 'x', programme: 'p' }, ['SUPPLIER'])).toBe('spend_rollup')
    expect(routed({ body: 'x', expenseType: 'consult' }, ['SUPPLIER'])).toBe('spend_rollup')
    expect(routed({ supplier: 'x' }, ['BODY', 'MONTH'])).toBe('spend_rollup')
    expect(routed({ body: 'x' }, ['SUPPLIER', 'SERVICE_AREA'])).toBe('spend_rollup')
    expect(routed({ body: 'x', minPence: 1 }, ['SUPPLIER'])).toBe('payments')
  })
})

describe.skipIf(!hasShared)(`the rollups across files on real files (Manchester, Salford, Oxford 2014)${needsShared}`, () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openRealSpendApi()
  }, 300_000)
  afterAll(() => t?.close())

  /** The same spend query with `filter` (the rollups across files) and with the whole range added (the wide rollup). */
  async function both(filter: string, rest: string) {
    const fields = `totalCount grandTotal { pence currency vatBasis } grandPayments
      edges { node { body { slug } supplier { slug } payeeClass financialYear consultancy total { pence currency vatBasis } payments share } }`
    const across = await gql(t.rt, `{ spend(filter: { ${filter} }, ${rest}) { ${fields} } }`)
    const wide = await gql(t.rt, `{ spend(filter: { ${filter}, ${WHOLE} }, ${rest}) { ${fields} } }`)
    expect(across.errors).toBeUndefined()
    expect(wide.errors).toBeUndefined()
    return { across: across.data.spend, wide: wide.data.spend }
  }

  it('Manchester by supplier: every group, total and share the same as the wide rollup gives', async () => {
    const { across, wide } = await both('body: "manchester"', 'groupBy: [SUPPLIER], first: 100')
    expect(across).toEqual(wide)
    expect(across.grandPayments).toBe(43972)
    expect(across.grandTotal).toEqual([{ pence: 80949620727, currency: 'GBP', vatBasis: 'NET' }])
    expect(across.edges[0].node.supplier.slug).toBeTruthy()
  })

  it('Salford by supplier and year: the redacted group the same, unnamed', async () => {
    const { across, wide } = await both('body: "salford"', 'groupBy: [SUPPLIER, FINANCIAL_YEAR], first: 100, orderBy: TOTAL_ASC')
    expect(across).toEqual(wide)
    const redacted = await both('body: "salford", payeeClass: REDACTED', 'groupBy: [SUPPLIER, FINANCIAL_YEAR]')
    expect(redacted.across).toEqual(redacted.wide)
    expect(redacted.across.edges.every((e: any) => e.node.supplier === null)).toBe(true)
  })

  it('a supplier paid by several bodies, by body and financial year, and its series by year', async () => {
    const [row] = await t.db.all<{ s: string }>(sql`SELECT supplier_id AS s FROM payments WHERE supplier_id IS NOT NULL
      GROUP BY 1 HAVING COUNT(DISTINCT body_id) > 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1`)
    expect(row, 'a supplier paid by two bodies').toBeDefined()
    const filter = `supplier: "${row!.s}"`
    expect(routed({ supplier: row!.s }, ['BODY', 'FINANCIAL_YEAR'])).toBe('spend_rollup_year')
    const { across, wide } = await both(filter, 'groupBy: [BODY, FINANCIAL_YEAR], first: 100')
    expect(across).toEqual(wide)
    expect(new Set(across.edges.map((e: any) => e.node.body.slug)).size).toBeGreaterThan(1)
    // The series by financial year: the same non-empty points and undated sums.
    const series = (f: string) => gql(t.rt, `{ spendOverTime(interval: FINANCIAL_YEAR, filter: { ${f} }) { points { period total { pence } payments } undated { total { pence } payments } } }`)
    const a: any = await series(filter)
    const w: any = await series(`${filter}, ${WHOLE}`)
    expect(a.errors).toBeUndefined()
    const filled = (r: any) => ({ points: r.data.spendOverTime.points.filter((p: any) => p.payments > 0), undated: r.data.spendOverTime.undated })
    expect(filled(a)).toEqual(filled(w))
    expect(filled(a).points.length).toBeGreaterThan(0)
  })

  it('Oxford 2014: its undated quarter placed in 2014-15 at ingest, as the answers place it', async () => {
    const { across, wide } = await both('body: "oxford"', 'groupBy: [SUPPLIER, FINANCIAL_YEAR], first: 100')
    expect(across).toEqual(wide)
    expect(new Set(across.edges.map((e: any) => e.node.financialYear))).toEqual(new Set(['2014-15']))
    expect(across.grandTotal).toMatchObject([{ pence: 1416588728, currency: 'GBP' }])
  })

  it('the tables hold, key for key, what the wide rollup sums to across files', async () => {
    const keys = 'body_id, supplier_id, payee_class, consultancy_rule, currency, vat_basis'
    const q = (table: string) => t.db.all(sql.raw(`SELECT ${keys}, SUM(total_pence) AS t, SUM(payments) AS n FROM ${table} GROUP BY ${keys} ORDER BY ${keys}`))
    const wide = await q('spend_rollup')
    expect(await q('spend_rollup_supplier')).toEqual(wide)
    expect(await q('spend_rollup_year')).toEqual(wide)
  })
})
