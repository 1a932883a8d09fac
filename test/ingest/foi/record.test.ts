import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { loadDataset } from '../../../ingest/data/load'
import { readDataset } from '../../../ingest/data/read'
import { recordJsonSchema } from '../../../ingest/foi/record'
import { dataDir } from '../../helpers/db'
import { gql } from '../../helpers/graphql'
import { hasShared, seedsDir } from '../../helpers/shared'
import { type FoiTestApi, openFoiApi, rows } from './helpers'

const tribal = `${dataDir}foi/dclg-tribal-total-place-contracts.yaml`
const tribalRecord = () => parse(readFileSync(tribal, 'utf8')) as Record<string, any>

const CONTRACTS = `{ contracts(filter: { supplier: "tribal" }) { totalCount edges { node { slug title value { pence vatBasis }
  evidence { quote source { slug kind } foiRequest { slug title answer } } } } } }`

let temp: string[] = []
function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'consultwatch-foi-'))
  temp.push(dir)
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
afterEach(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true })
  temp = []
})

describe('the Tribal FOI record, end to end', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi({ foiRecords: false })
  })
  afterAll(() => t.close())

  it('is not there before it is ingested', async () => {
    const res = await gql(t.rt, CONTRACTS)
    expect(res.data.contracts.totalCount).toBe(0)
  })

  it('ingests, then GraphQL shows both contracts with the FOI and its quote as evidence', async () => {
    const report = await t.ingest(tribal)
    expect(report).toMatchObject({ status: 'ingested', format: 'foi-record', records: [{ id: 'dclg-tribal-total-place-contracts', status: 'landed', version: 1, contracts: 2 }] })
    const record = tribalRecord()
    const res = await gql(t.rt, CONTRACTS)
    const contracts = res.data.contracts.edges.map((e: any) => e.node)
    expect(contracts.map((c: any) => [c.slug, c.title, c.value])).toEqual(
      record.facts.contracts.map((c: any) => [c.id, c.title, { pence: Number(c.value) * 100, vatBasis: c.vatBasis.toUpperCase() }]).sort(),
    )
    for (const c of contracts) {
      const fact = record.facts.contracts.find((f: any) => f.id === c.slug)
      const fromFoi = c.evidence.filter((e: any) => e.foiRequest)
      expect(fromFoi).toEqual([
        { quote: fact.quote, source: { slug: record.answer.source, kind: 'FOI_RESPONSE' }, foiRequest: { slug: record.id, title: record.title, answer: record.answer.quote } },
      ])
    }
    const foi = await gql(t.rt, `{ foiRequest(slug: "dclg-tribal-total-place-contracts") { answer authority { slug } facts { __typename ... on Contract { slug } } versions { version supersededAt } } }`)
    expect(foi.data.foiRequest).toEqual({
      answer: record.answer.quote,
      authority: { slug: record.authority },
      facts: record.facts.contracts.map((c: any) => ({ __typename: 'Contract', slug: c.id })),
      versions: [{ version: 1, supersededAt: null }],
    })
  })

  it.skipIf(!hasShared)('quotes the seed document word for word', () => {
    const seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(seedsDir, f), 'utf8')).join('\n')
    const squash = (s: string) => s.replace(/\s+/g, ' ')
    const record = tribalRecord()
    const quotes = [record.answer.quote, ...record.sources.map((s: any) => s.quote), ...record.facts.contracts.flatMap((c: any) => [c.quote, ...c.sources.map((s: any) => s.quote)])]
    for (const q of quotes) expect(squash(seeds), q).toContain(squash(q))
  })

  it('the same record again changes nothing', async () => {
    const before = await rows(t, `SELECT * FROM citations ORDER BY id`)
    const report = await t.ingest(tribal)
    expect(report.status).toBe('unchanged')
    expect(await rows(t, `SELECT * FROM citations ORDER BY id`)).toEqual(before)
  })

  it('ingest data afterwards leaves the FOI facts in place', async () => {
    const dataset = await readDataset(dataDir)
    await loadDataset(t.db, { ...dataset, foiRecords: [], hash: `${dataset.hash}-again` })
    const res = await gql(t.rt, CONTRACTS)
    expect(res.data.contracts.totalCount).toBe(tribalRecord().facts.contracts.length)
    const [{ n }] = (await rows<{ n: number }>(t, `SELECT count(*) AS n FROM citations WHERE origin = 'foi'`)) as [{ n: number }]
    expect(n).toBeGreaterThan(0)
  })

  it('a changed record replaces its facts at once, and the earlier version stays queryable', async () => {
    const record = tribalRecord()
    const changed = { ...record, facts: { contracts: [record.facts.contracts[0]] } }
    const report = await t.ingest(tempFile('tribal.yaml', stringify(changed)))
    expect(report.records[0]).toMatchObject({ status: 'replaced', version: 2, contracts: 1 })
    const res = await gql(t.rt, CONTRACTS)
    expect(res.data.contracts.totalCount).toBe(1)
    const foi = await gql(t.rt, `{ foiRequest(slug: "${record.id}") { versions { version supersededAt record } } }`)
    const [now, before] = foi.data.foiRequest.versions
    expect(now.version).toBe(2)
    expect(now.supersededAt).toBeNull()
    expect(before.version).toBe(1)
    expect(before.supersededAt).not.toBeNull()
    expect(JSON.parse(before.record).facts.contracts.map((c: any) => c.id)).toEqual(record.facts.contracts.map((c: any) => c.id))
  })
})

describe('a malformed FOI record', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi({ foiRecords: false })
  })
  afterAll(() => t.close())

  it('is refused with file, line and field path, and nothing lands', async () => {
    const text = readFileSync(tribal, 'utf8').replace('value: "60000"', 'value: "£60k"')
    const line = text.split('\n').findIndex((l) => l.includes('"£60k"')) + 1
    const before = await rows(t, `SELECT count(*) AS n FROM contracts`)
    const report = await t.ingest(tempFile('bad.yaml', text))
    expect(report.status).toBe('refused')
    expect(report.file).toBe('bad.yaml')
    expect(report.errors).toEqual([expect.objectContaining({ line, column: 'facts.contracts[1].value', code: 'BAD_RECORD' })])
    expect(await rows(t, `SELECT count(*) AS n FROM contracts`)).toEqual(before)
  })

  it('an unknown authority names the closest bodies', async () => {
    const text = readFileSync(tribal, 'utf8').replace('authority: dclg', 'authority: Department for Nothing Much')
    const report = await t.ingest(tempFile('who.yaml', text))
    expect(report.status).toBe('refused')
    expect(report.errors[0]).toMatchObject({ column: 'authority', code: 'BAD_RECORD' })
    expect(report.errors[0]!.message).toMatch(/Closest: /)
  })

  it('broken YAML is a clear error with its line', async () => {
    const report = await t.ingest(tempFile('broken.yaml', 'id: x\nauthority: [dclg\n'))
    expect(report.status).toBe('refused')
    expect(report.errors[0]!.message).toMatch(/^YAML/)
    expect(report.errors[0]!.line).toBeGreaterThan(0)
  })
})

describe('the FOI record format', () => {
  it('has its JSON Schema generated from the zod definition, committed and up to date', () => {
    const committed = JSON.parse(readFileSync(`${dataDir}foi/record.schema.json`, 'utf8'))
    expect(committed).toEqual(recordJsonSchema())
  })
})

describe('FOI requests in GraphQL, without a query per row', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => t.close())

  it('requests with their authority, facts, versions and each fact\'s evidence and FOI are one page query, one count and one batch for the facts', async () => {
    t.sql.length = 0
    const res = await gql(
      t.rt,
      `{ foiRequests(first: 20) { totalCount edges { node { slug authority { name foiRequestsByStatus { status count } whatDoTheyKnowUrl }
        facts { ... on Contract { slug evidence { quote foiRequest { slug } } } } versions { version } } } } }`,
    )
    expect(res.errors).toBeUndefined()
    expect(res.data.foiRequests.edges.length).toBeGreaterThan(0)
    // The page, its count, and one batched query for the facts' own selections (a union's members
    // are loaded together, for every row at once): never a query per request or per fact.
    expect(t.sql).toHaveLength(3)
  })
})

describe('how sure an FOI answer is of its figures', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => t.close())

  it('a claim keeps its qualifier ("around"), a contract its sum contingent on delivery', async () => {
    const quote = 'We paid iMPOWER £100,000 (excluding VAT), with a further £20,000 due if the savings are delivered; the savings are around £1m.'
    const record = {
      id: 'qualifier-test-record',
      authority: 'haringey',
      title: 'Qualifiers on FOI facts',
      status: 'successful',
      answer: { document: { title: 'An answer' }, quote },
      facts: {
        contracts: [
          { id: 'qualifier-test-contract', supplier: 'iMPOWER', title: 'A contract', value: '100000', vatBasis: 'net', valueKind: 'award', contingent: '20000', contingentOn: 'the savings are delivered', status: 'awarded', quote },
        ],
        claims: [{ id: 'qualifier-test-claim', title: 'Savings', amount: '1000000', qualifier: 'about', kind: 'cashable_saving', basis: 'over_horizon', quote }],
      },
    }
    const report = await t.ingest(tempFile('qualified.yaml', stringify(record)))
    expect(report.status).toBe('ingested')
    const res = await gql(t.rt, `{ contract(slug: "qualifier-test-contract") { contingentValue { pence } contingentOn } savingsClaims(first: 100) { edges { node { slug qualifier } } } }`)
    expect(res.errors).toBeUndefined()
    expect(res.data.contract).toEqual({ contingentValue: { pence: 20000 * 100 }, contingentOn: record.facts.contracts[0]!.contingentOn })
    expect(res.data.savingsClaims.edges.map((e: any) => e.node)).toContainEqual({ slug: 'qualifier-test-claim', qualifier: 'ABOUT' })
  })
})
