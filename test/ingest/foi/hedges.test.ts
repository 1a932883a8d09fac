import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadDataset } from '../../../ingest/data/load'
import { readDataset } from '../../../ingest/data/read'
import { parseRecordFile } from '../../../ingest/foi/record'
import { dataDir } from '../../helpers/db'
import { gql } from '../../helpers/graphql'
import { type FoiTestApi, openFoiApi, rows } from './helpers'

// An FOI answer that bounds and hedges its figures, as answers do: the record keeps the answer's
// words on each figure, GraphQL shows them as it shows the curated hedges, and a data load after
// the FOI ingest leaves them in place.
const quote =
  'We paid Hedgeworth Advisory approximately £120,000 (excluding VAT) for the review, with up to £30,000 more due on delivery. Savings to date are at least £400,000, and we estimate a further £1m over three years.'
const record = {
  id: 'hedged-answer-test',
  authority: 'haringey',
  title: 'What the review cost and saved',
  status: 'successful',
  answer: { document: { title: 'Our answer' }, quote },
  facts: {
    contracts: [
      {
        id: 'hedged-answer-test-review',
        supplier: 'Hedgeworth Advisory',
        title: 'The review',
        value: '120000',
        vatBasis: 'net',
        valueKind: 'estimate',
        contingent: '30000',
        contingentOn: 'delivery',
        status: 'completed',
        quote,
        hedges: [
          { field: 'value', kind: 'about', words: 'approximately' },
          { field: 'contingent', kind: 'at_most', words: 'up to' },
        ],
      },
    ],
    claims: [
      { id: 'hedged-answer-test-further', title: 'A further saving', amount: '1000000', qualifier: 'exact', kind: 'cashable_saving', basis: 'over_horizon', horizonYears: 3, quote, hedges: [{ field: 'amount', kind: 'estimated', words: 'we estimate' }] },
    ],
    outcomes: [{ id: 'hedged-answer-test-to-date', title: 'Savings to date', amount: '400000', qualifier: 'at_least', basis: 'over_horizon', quote, hedges: [{ field: 'amount', kind: 'at_least', words: 'at least' }] }],
  },
}

const H = 'hedges { field kind words }'
const QUERY = `{ contract(slug: "hedged-answer-test-review") { value { pence } ${H} }
  foiRequest(slug: "hedged-answer-test") { facts { __typename ... on SavingsClaim { slug ${H} } ... on Outcome { slug ${H} } } } }`
/** The record's facts other than contracts, as the FOI request lists them. */
const facts = (data: any) => data.foiRequest.facts.filter((f: any) => f.__typename !== 'Contract')

const shown = (hedges: Array<{ field: string; kind: string; words: string }>) => hedges.map((h) => ({ ...h, kind: h.kind.toUpperCase() }))

describe('hedges an FOI answer puts on its figures', () => {
  let t: FoiTestApi
  let dir: string
  let file: string
  beforeAll(async () => {
    t = await openFoiApi({ foiRecords: false })
    dir = mkdtempSync(join(tmpdir(), 'consultwatch-foi-hedges-'))
    file = join(dir, 'hedged.yaml')
    writeFileSync(file, stringify(record))
  })
  afterAll(() => {
    t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('land with the facts and show in GraphQL as curated hedges do', async () => {
    const report = await t.ingest(file)
    expect(report.status).toBe('ingested')
    const res = await gql(t.rt, QUERY)
    expect(res.errors).toBeUndefined()
    expect(res.data.contract).toEqual({ value: { pence: 120000 * 100 }, hedges: shown(record.facts.contracts[0]!.hedges) })
    expect(facts(res.data)).toEqual([
      { __typename: 'SavingsClaim', slug: record.facts.claims[0]!.id, hedges: shown(record.facts.claims[0]!.hedges) },
      { __typename: 'Outcome', slug: record.facts.outcomes[0]!.id, hedges: shown(record.facts.outcomes[0]!.hedges) },
    ])
    expect(await rows(t, `SELECT DISTINCT origin FROM hedges WHERE contract_id = 'hedged-answer-test-review' OR claim_id = 'hedged-answer-test-further' OR outcome_id = 'hedged-answer-test-to-date'`)).toEqual([{ origin: 'foi' }])
  })

  it('stay through ingest data after the FOI ingest, beside the curated hedges it replaces', async () => {
    const before = await rows(t, `SELECT * FROM hedges ORDER BY id`)
    const dataset = await readDataset(dataDir)
    await loadDataset(t.db, { ...dataset, foiRecords: [], hash: `${dataset.hash}-again` })
    expect(await rows(t, `SELECT * FROM hedges ORDER BY id`)).toEqual(before)
    expect((await gql(t.rt, QUERY)).data.contract.hedges).toEqual(shown(record.facts.contracts[0]!.hedges))
    // The curated hedges are there too, as data/ states them.
    const curated = await rows<{ n: number }>(t, `SELECT count(*) AS n FROM hedges WHERE origin = 'curated'`)
    expect(curated[0]!.n).toBe(dataset.hedges.length)
  })

  it('go with their facts when a changed record replaces them, and the same record again changes nothing', async () => {
    const changed = { ...record, facts: { ...record.facts, contracts: [{ ...record.facts.contracts[0]!, hedges: [record.facts.contracts[0]!.hedges[0]!] }] } }
    writeFileSync(file, stringify(changed))
    expect((await t.ingest(file)).records[0]).toMatchObject({ status: 'replaced', version: 2 })
    const res = await gql(t.rt, QUERY)
    expect(res.data.contract.hedges).toEqual(shown(changed.facts.contracts[0]!.hedges))
    const before = await rows(t, `SELECT * FROM hedges ORDER BY id`)
    expect((await t.ingest(file)).status).toBe('unchanged')
    expect(await rows(t, `SELECT * FROM hedges ORDER BY id`)).toEqual(before)
  })

  it('are refused, with the field path, when their words are not the answer’s, their field is unset, or they contradict the qualifier', () => {
    const bad = {
      ...record,
      facts: {
        contracts: [{ ...record.facts.contracts[0]!, hedges: [{ field: 'value', kind: 'about', words: 'roughly' }, { field: 'description', kind: 'vague', words: 'up to' }] }],
        claims: [],
        outcomes: [{ ...record.facts.outcomes[0]!, qualifier: 'exact', hedges: [{ field: 'amount', kind: 'at_least', words: 'at least' }] }],
      },
    }
    const { records, problems } = parseRecordFile('bad.yaml', stringify(bad))
    expect(records).toEqual([])
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      ['facts.contracts[0].hedges[0].words', expect.stringMatching(/"roughly" is in none of the record's quotes/)],
      ['facts.contracts[0].hedges[1].field', expect.stringMatching(/does not set/)],
      ['facts.outcomes[0].hedges[0].kind', expect.stringMatching(/at_least contradicts qualifier exact/)],
    ])
    expect(problems.every((p) => p.line !== null)).toBe(true)
  })

  it('are refused, with the field path, when a bound sits on a field with no figure or contradicts the valueKind', () => {
    const contract = record.facts.contracts[0]!
    const bad = {
      ...record,
      facts: {
        contracts: [{ ...contract, valueKind: 'ceiling', hedges: [{ field: 'value', kind: 'at_least', words: 'at least' }, { field: 'status', kind: 'at_most', words: 'up to' }] }],
        claims: [],
        outcomes: [],
      },
    }
    const { records, problems } = parseRecordFile('bad.yaml', stringify(bad))
    expect(records).toEqual([])
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      ['facts.contracts[0].hedges[0].kind', expect.stringMatching(/at_least contradicts valueKind ceiling/)],
      ['facts.contracts[0].hedges[1].kind', expect.stringMatching(/at_most bounds a figure: .*not "status"/)],
    ])
    expect(problems.every((p) => p.line !== null)).toBe(true)
  })
})
