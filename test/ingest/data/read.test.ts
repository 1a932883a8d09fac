import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DatasetError, type DatasetProblem, readDataset } from '../../../ingest/data/read'
import { cleanUp, dataCopy, dataDir, shippedRecords } from './helpers'

afterEach(cleanUp)

async function problemsOf(dir: string): Promise<DatasetProblem[]> {
  const error = await readDataset(dir).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DatasetError)
  return (error as DatasetError).problems
}

describe('readDataset on the shipped data/', () => {
  it('reads every file without a problem', async () => {
    const dataset = await readDataset(dataDir)
    expect(dataset.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(dataset.bodies.length).toBe((await shippedRecords('bodies.yaml')).length)
    expect(dataset.contracts.length).toBe((await shippedRecords('contracts.yaml')).length)
  })

  it('hashes the bytes: same files, same hash; one byte more, another', async () => {
    const copy = await dataCopy()
    const a = await readDataset(dataDir)
    expect((await readDataset(copy.dir)).hash).toBe(a.hash)
    const file = join(copy.dir, 'foi.yaml')
    await writeFile(file, `${await readFile(file, 'utf8')}\n`)
    expect((await readDataset(copy.dir)).hash).not.toBe(a.hash)
  })

  it('gives every fact record at least one citation', async () => {
    const dataset = await readDataset(dataDir)
    const cited = (key: 'bodyId' | 'supplierId' | 'programmeId' | 'pilotId' | 'contractId' | 'claimId' | 'outcomeId' | 'foiRequestId') =>
      new Set(dataset.citations.map((c) => c[key]).filter(Boolean))
    for (const b of dataset.bodies) expect(cited('bodyId')).toContain(b.id)
    for (const s of dataset.suppliers) expect(cited('supplierId')).toContain(s.id)
    for (const p of dataset.programmes) expect(cited('programmeId')).toContain(p.id)
    for (const p of dataset.pilots) expect(cited('pilotId')).toContain(p.id)
    for (const c of dataset.contracts) expect(cited('contractId')).toContain(c.id)
    for (const c of dataset.savingsClaims) expect(cited('claimId')).toContain(c.id)
    for (const o of dataset.outcomes) expect(cited('outcomeId')).toContain(o.id)
    for (const f of dataset.foiRequests) expect(cited('foiRequestId')).toContain(f.id)
  })

  it('parses the Haringey award to exact pence with its inferred date', async () => {
    const yaml = (await shippedRecords('contracts.yaml')).find((c) => c.supplier === 'impower-consulting')
    const dataset = await readDataset(dataDir)
    const contract = dataset.contracts.find((c) => c.id === yaml?.id)
    expect(contract).toMatchObject({
      valuePence: 200_000_000,
      contingentPence: 65_000_000,
      vatBasis: 'unknown',
      valueKind: 'award',
      decidedOn: '2014-01-14',
      decidedPrecision: 'day',
      decidedInferred: true,
    })
    expect(contract?.decidedNote).toMatch(/2014/)
  })
})

describe('readDataset on broken data', () => {
  it('names file, record and reason for a missing field', async () => {
    const copy = await dataCopy()
    let id = ''
    await copy.edit('contracts.yaml', (records) => {
      id = String(records[0]?.id)
      delete records[0]?.title
    })
    expect(await problemsOf(copy.dir)).toEqual([{ file: 'contracts.yaml', record: id, reason: 'missing field "title"' }])
  })

  it('names an unknown body a contract refers to', async () => {
    const copy = await dataCopy()
    let id = ''
    await copy.edit('contracts.yaml', (records) => {
      id = String(records[0]?.id)
      if (records[0]) records[0].buyer = 'no-such-council'
    })
    expect(await problemsOf(copy.dir)).toEqual([
      { file: 'contracts.yaml', record: id, reason: expect.stringContaining('buyer: unknown body "no-such-council"') },
    ])
  })

  it('names a duplicate id', async () => {
    const copy = await dataCopy()
    let id = ''
    await copy.edit('bodies.yaml', (records) => {
      const [first, second] = records
      id = String(first?.id)
      records.push({ ...second, id, name: `${String(second?.name)} (copy)`, aliases: [] })
    })
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual([{ file: 'bodies.yaml', record: id, reason: expect.stringMatching(/^duplicate id/) }])
  })

  it('names a duplicate alias across bodies', async () => {
    const copy = await dataCopy()
    let first = ''
    let second = ''
    await copy.edit('bodies.yaml', (records) => {
      first = String(records[0]?.id)
      second = String(records[1]?.id)
      if (records[1]) records[1].aliases = [String(records[0]?.name).toUpperCase()]
    })
    expect(await problemsOf(copy.dir)).toEqual([
      { file: 'bodies.yaml', record: second, reason: expect.stringContaining(`also an alias of body ${first}`) },
    ])
  })

  it('names bad money, a bad date, an inferred date without a note and a missing quote, all at once', async () => {
    const copy = await dataCopy()
    const ids: string[] = []
    await copy.edit('contracts.yaml', (records) => {
      const [a, b, c] = records
      ids.push(String(a?.id), String(b?.id), String(c?.id))
      if (a) a.value = '8.1m'
      if (b) b.decided = { date: '2014-02-30', precision: 'day' }
      if (c) c.decided = { date: '2011', precision: 'year', inferred: true }
    })
    let claim = ''
    await copy.edit('claims.yaml', (records) => {
      // A claim without hedges: hedge words must be in a quote, which would be a second problem.
      const record = records.find((r) => !r.hedges)
      claim = String(record?.id)
      const sources = record?.sources as Array<{ quote?: string }>
      for (const s of sources) delete s.quote
    })
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'contracts.yaml', record: ids[0], reason: expect.stringContaining('bad money "8.1m"') },
        { file: 'contracts.yaml', record: ids[1], reason: expect.stringContaining('no such day') },
        { file: 'contracts.yaml', record: ids[2], reason: expect.stringContaining('inferred: true needs a note') },
        { file: 'claims.yaml', record: claim, reason: expect.stringContaining('needs quote') },
      ]),
    )
    expect(problems).toHaveLength(4)
  })

  it('names bad claim relations and hedges with their record and field', async () => {
    const copy = await dataCopy()
    const ids: string[] = []
    await copy.edit('claims.yaml', (records) => {
      const [a, b, c, d] = records
      ids.push(String(a?.id), String(b?.id), String(c?.id), String(d?.id))
      if (a) a.relations = [{ claim: 'no-such-claim', relation: 'additive' }]
      if (b) b.relations = [{ claim: String(c?.id), relation: 'unknown' }]
      if (c) c.hedges = [{ field: 'amount', kind: 'vague', words: 'words no quote has' }]
      if (d) d.relations = [{ claim: String(d.id), relation: 'additive' }]
    })
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'claims.yaml', record: ids[0], reason: 'relations[0].claim: unknown claim "no-such-claim" (no such id in claims.yaml)' },
        { file: 'claims.yaml', record: ids[1], reason: expect.stringMatching(/^relations\.0\.note: relation unknown needs a note/) },
        { file: 'claims.yaml', record: ids[2], reason: expect.stringMatching(/^hedges\.0\.words: "words no quote has" is in none of the record's quotes/) },
        { file: 'claims.yaml', record: ids[3], reason: 'relations[0].claim: a claim cannot relate to itself' },
      ]),
    )
  })

  it('refuses a pair of claims related twice, and a hedge on a field the record does not set', async () => {
    const copy = await dataCopy()
    let pairOwner = ''
    await copy.edit('claims.yaml', (records) => {
      const withRelation = records.find((r) => Array.isArray(r.relations) && r.relations.length > 0)!
      const other = (withRelation.relations as Array<{ claim: string }>)[0]!.claim
      const target = records.find((r) => r.id === other)!
      target.relations = [...((target.relations as unknown[]) ?? []), { claim: withRelation.id, relation: 'additive' }]
      pairOwner = String(target.id)
    })
    let contract = ''
    await copy.edit('contracts.yaml', (records) => {
      const r = records.find((x) => x.value === undefined)!
      contract = String(r.id)
      r.hedges = [{ field: 'value', kind: 'vague', words: String((r.sources as Array<{ quote: string }>)[0]!.quote).split(' ').slice(0, 3).join(' ') }]
    })
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'claims.yaml', record: pairOwner, reason: expect.stringContaining('already related') },
        { file: 'contracts.yaml', record: contract, reason: 'hedges.0.field: hedges a field "value" the record does not set' },
      ]),
    )
    expect(problems).toHaveLength(2)
  })

  it('names an unknown field, a bad enum value, a missing file and a YAML error', async () => {
    const copy = await dataCopy()
    let id = ''
    await copy.edit('suppliers.yaml', (records) => {
      id = String(records[0]?.id)
      if (records[0]) records[0].companyNumber = '123'
    })
    let body = ''
    await copy.edit('bodies.yaml', (records) => {
      body = String(records[0]?.id)
      if (records[0]) records[0].kind = 'parish'
    })
    await rm(join(copy.dir, 'foi.yaml'))
    await writeFile(join(copy.dir, 'outcomes.yaml'), '- id: x\n  title: [unclosed\n')
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'suppliers.yaml', record: id, reason: 'unknown field "companyNumber"' },
        { file: 'bodies.yaml', record: body, reason: expect.stringMatching(/^kind: "parish" is not one of london_borough/) },
        { file: 'foi.yaml', record: '-', reason: 'missing file' },
        { file: 'outcomes.yaml', record: '-', reason: expect.stringMatching(/^YAML/) },
      ]),
    )
  })

  it('lists the problems readably in the error message', async () => {
    const copy = await dataCopy()
    let id = ''
    await copy.edit('total-place.yaml', (records) => {
      id = String(records[0]?.id)
      if (records[0]) records[0].programme = 'no-such-programme'
    })
    const error = await readDataset(copy.dir).catch((e: unknown) => e)
    expect(String((error as Error).message)).toContain(`total-place.yaml: ${id}: programme: unknown programme "no-such-programme"`)
  })
})
