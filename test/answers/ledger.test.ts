import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApi, type TestApi } from '../helpers/db'
import { gql } from '../helpers/graphql'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('the programme ledger: fees against claimed savings', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
    // A small Haringey spend file: two payments to the programme's contracted supplier, one to someone else.
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'))
    const file = join(dir, 'haringey-2014-05.csv')
    writeFileSync(file, [
      'Payment Date,Supplier Name,Expense Type,Net Amount',
      '02/05/2014,iMPOWER Consulting Ltd,Consultancy,125000.00',
      '20/05/2014,Impower Consulting Ltd,Consultancy,-2500.50',
      '21/05/2014,Acme Cleaning Ltd,Cleaning,900.00',
    ].join('\r\n'))
    const run = spawnSync('npx', ['tsx', 'ingest/cli.ts', 'spend', file, '--body', 'haringey', '--db', t.url, '--json'], { cwd: root, encoding: 'utf8' })
    if (run.status !== 0) throw new Error(run.stdout + run.stderr)
  }, 120_000)
  afterAll(() => t?.close())

  it('Haringey 54,000: £2,000,000 contracted, £650,000 contingent; Local Model £8.1m–£8.9m over 5 years → 0.225 to 0.327', async () => {
    const res = await gql(t.rt, `{ programme(slug: "haringey-54000-programme") { ledger {
      fees { contracted { pence currency } contingent { pence } paid { total { pence vatBasis } payments rule } }
      claims { claim { title } low { pence } high { pence } horizonYears annualLow { pence } annualHigh { pence } feesPerPoundClaimed { low high } } } } }`)
    expect(res.errors).toBeUndefined()
    const ledger = res.data.programme.ledger
    expect(ledger.fees.contracted).toEqual([{ pence: 200000000, currency: 'GBP' }])
    expect(ledger.fees.contingent).toEqual([{ pence: 65000000 }])
    const local = ledger.claims.find((c: any) => /Local Model/.test(c.claim.title))
    expect(local).toMatchObject({ low: { pence: 810000000 }, high: { pence: 890000000 }, horizonYears: 5, annualLow: { pence: 162000000 }, annualHigh: { pence: 178000000 } })
    expect(local.feesPerPoundClaimed.low.toFixed(3)).toBe('0.225')
    expect(local.feesPerPoundClaimed.high.toFixed(3)).toBe('0.327')
    expect(local.feesPerPoundClaimed.low).toBe(200000000 / 890000000)
    expect(local.feesPerPoundClaimed.high).toBe(265000000 / 810000000)
    // Each claim keeps its own range: the ledger lists them and never adds them up.
    const claims = await gql(t.rt, '{ savingsClaims(filter: { programme: "haringey-54000-programme" }) { totalCount } }')
    expect(ledger.claims).toHaveLength(claims.data.savingsClaims.totalCount)
    expect(new Set(ledger.claims.map((c: any) => c.claim.title)).size).toBe(ledger.claims.length)
    // Paid: only the contracted supplier's payments, credit included, labelled with the rule.
    expect(ledger.fees.paid).toEqual({ total: [{ pence: 12249950, vatBasis: 'NET' }], payments: 2, rule: 'programme-bodies-contracted-suppliers-within-dates' })
  })

  it('the programme filter selects the same payments in spend and in CSV', async () => {
    const res = await gql(t.rt, '{ spend(filter: { programme: "haringey-54000-programme" }, groupBy: [SUPPLIER]) { grandTotal { pence } edges { node { supplier { slug } payments } } } }')
    expect(res.errors).toBeUndefined()
    expect(res.data.spend.grandTotal).toEqual([{ pence: 12249950 }])
    expect(res.data.spend.edges.map((e: any) => e.node)).toEqual([{ supplier: { slug: 'impower-consulting' }, payments: 2 }])
    const csv = await (await t.rt.fetch('/v1/payments.csv?programme=haringey-54000-programme')).text()
    expect(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[9])).toEqual(['125000.00', '-2500.50'])
  })
})
