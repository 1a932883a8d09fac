import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodies, payments, sources, spendFiles } from '../../schema/tables'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql, nodes } from '../helpers/graphql'

describe('payments filtered by date, whatever the precision the file gave', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ dataset: false })
    await t.db.insert(bodies).values({ id: 'b', name: 'Test Council', kind: 'district_council' })
    await t.db.insert(sources).values({ id: 's', kind: 'spend_file', title: 'f.csv', publisher: 'Test Council', licence: 'OGL' })
    await t.db.insert(spendFiles).values({
      id: 1, sourceId: 's', bodyId: 'b', fileName: 'f.csv', sha256: 'x', encoding: 'ascii', delimiter: ',', headerLine: 1,
      columns: '{}', rowsRead: 3, accepted: 3, rejected: 0, skipped: 0, totalsPence: '{"GBP":600}', ingestedAt: '2026-01-01',
    })
    const common = { spendFileId: 1, bodyId: 'b', payeeName: 'Acme Ltd', payeeClass: 'supplier' as const, currency: 'GBP' as const, vatBasis: 'net' as const }
    await t.db.insert(payments).values([
      { ...common, line: 2, paidOn: '2011-05-14', paidPrecision: 'day', amountPence: 100 },
      { ...common, line: 3, paidOn: '2011-05', paidPrecision: 'month', amountPence: 200 },
      { ...common, line: 4, paidOn: null, paidPrecision: 'unknown', amountPence: 300 },
    ])
  })
  afterAll(() => t.close())

  const linesBetween = async (from: string, to: string) => {
    const res = await gql(t.rt, 'query ($f: String, $t: String) { payments(filter: { from: $f, to: $t }) { edges { node { source { line } } } } }', { f: from, t: to })
    expect(res.errors).toBeUndefined()
    return nodes<any>(res.data.payments).map((p) => p.source.line)
  }

  it('a month-only payment matches a range its month overlaps; an unknown date matches no range', async () => {
    expect(await linesBetween('2011-05-01', '2011-05-31')).toEqual([2, 3])
    expect(await linesBetween('2011-05-20', '2011-06-30')).toEqual([3])
    expect(await linesBetween('2011-06-01', '2011-06-30')).toEqual([])
    expect(await linesBetween('2011-04-01', '2011-05-01')).toEqual([3])
  })
})
