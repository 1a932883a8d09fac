// Bounding hedges ("approximately", "at least", "up to") say how a figure is bounded, so they go on
// figures only, and may repeat what the record's qualifier or valueKind says but never contradict
// it. Each refusal names the file, the record and the hedge's path. The hedge words are taken from
// the record's own quote, so the words check (tested elsewhere) does not fire.
import { afterEach, describe, expect, it } from 'vitest'
import { DatasetError, type DatasetProblem, readDataset } from '../../../ingest/data/read'
import { cleanUp, dataCopy } from './helpers'

afterEach(cleanUp)

type Row = Record<string, unknown>
const wordsOf = (r: Row) => String((r.sources as Array<{ quote: string }>).find((s) => s.quote)!.quote).split(' ').slice(0, 3).join(' ')
const byId = (records: Row[], id: string) => {
  const r = records.find((x) => x.id === id)
  if (!r) throw new Error(`the shipped data lacks ${id}: pick another record for this test`)
  return r
}

async function problemsOf(dir: string): Promise<DatasetProblem[]> {
  const error = await readDataset(dir).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DatasetError)
  return (error as DatasetError).problems
}

describe('bounding hedges in data/', () => {
  it('are refused on fields that hold no figure (status, currency)', async () => {
    const copy = await dataCopy()
    await copy.edit('contracts.yaml', (records) => {
      const r = byId(records, 'haringey-impower-54000-phases-3-5')
      r.hedges = [{ field: 'status', kind: 'at_most', words: wordsOf(r) }]
    })
    await copy.edit('claims.yaml', (records) => {
      const r = byId(records, 'haringey-customer-services-crm')
      r.currency = 'GBP'
      r.hedges = [{ field: 'currency', kind: 'about', words: wordsOf(r) }]
    })
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual([
      { file: 'claims.yaml', record: 'haringey-customer-services-crm', reason: expect.stringMatching(/^hedges\.0\.kind: hedge kind about bounds a figure: put it on a money or percent field .*not "currency"/) },
      { file: 'contracts.yaml', record: 'haringey-impower-54000-phases-3-5', reason: expect.stringMatching(/^hedges\.0\.kind: hedge kind at_most bounds a figure: .*not "status"/) },
    ].sort((a, b) => a.file.localeCompare(b.file)))
  })

  it('may not contradict the qualifier on a percent, nor open a range from inside', async () => {
    const copy = await dataCopy()
    await copy.edit('claims.yaml', (records) => {
      const share = byId(records, 'spending-review-2010-local-authority-cut-total')
      expect(share.qualifier).toBe('exact')
      share.hedges = [{ field: 'percent', kind: 'at_least', words: wordsOf(share) }]
      const range = byId(records, 'haringey-54000-local-model')
      expect(range.qualifier).toBe('range')
      // "apparently" stays: the record's own hedges keep passing beside the bad ones.
      range.hedges = [...((range.hedges as Row[]) ?? []), { field: 'low', kind: 'at_most', words: wordsOf(range) }, { field: 'high', kind: 'at_least', words: wordsOf(range) }]
    })
    const problems = await problemsOf(copy.dir)
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'claims.yaml', record: 'spending-review-2010-local-authority-cut-total', reason: expect.stringMatching(/^hedges\.0\.kind: hedge kind at_least contradicts qualifier exact/) },
        { file: 'claims.yaml', record: 'haringey-54000-local-model', reason: expect.stringMatching(/^hedges\.2\.kind: hedge kind at_most on low contradicts qualifier range/) },
        { file: 'claims.yaml', record: 'haringey-54000-local-model', reason: expect.stringMatching(/^hedges\.3\.kind: hedge kind at_least on high contradicts qualifier range/) },
      ]),
    )
    expect(problems).toHaveLength(3)
  })

  it('may not contradict a contract’s valueKind: "at least" a ceiling, "up to" an award', async () => {
    const award = await dataCopy()
    await award.edit('contracts.yaml', (records) => {
      const r = byId(records, 'haringey-impower-54000-phases-3-5')
      expect(r.valueKind).toBe('award')
      r.hedges = [{ field: 'value', kind: 'at_most', words: wordsOf(r) }]
    })
    expect(await problemsOf(award.dir)).toEqual([
      { file: 'contracts.yaml', record: 'haringey-impower-54000-phases-3-5', reason: expect.stringMatching(/^hedges\.0\.kind: hedge kind at_most contradicts valueKind award: .*give valueKind ceiling/) },
    ])
    const ceiling = await dataCopy()
    await ceiling.edit('contracts.yaml', (records) => {
      const r = byId(records, 'haringey-impower-54000-phases-3-5')
      r.valueKind = 'ceiling'
      r.hedges = [{ field: 'value', kind: 'at_least', words: wordsOf(r) }]
    })
    expect(await problemsOf(ceiling.dir)).toEqual([
      { file: 'contracts.yaml', record: 'haringey-impower-54000-phases-3-5', reason: expect.stringMatching(/^hedges\.0\.kind: hedge kind at_least contradicts valueKind ceiling/) },
    ])
  })

  it('are accepted where they agree: "up to" a ceiling, "approximately" an award, "at least" a range’s low', async () => {
    const copy = await dataCopy()
    await copy.edit('contracts.yaml', (records) => {
      const r = byId(records, 'haringey-impower-54000-phases-3-5')
      r.hedges = [{ field: 'value', kind: 'about', words: wordsOf(r) }]
    })
    await copy.edit('claims.yaml', (records) => {
      const range = byId(records, 'haringey-54000-local-model')
      range.hedges = [{ field: 'low', kind: 'at_least', words: wordsOf(range) }, { field: 'high', kind: 'at_most', words: wordsOf(range) }]
    })
    await expect(readDataset(copy.dir)).resolves.toBeTruthy()
    const ceiling = await dataCopy()
    await ceiling.edit('contracts.yaml', (records) => {
      const r = byId(records, 'haringey-impower-54000-phases-3-5')
      r.valueKind = 'ceiling'
      r.hedges = [{ field: 'value', kind: 'at_most', words: wordsOf(r) }]
    })
    await expect(readDataset(ceiling.dir)).resolves.toBeTruthy()
  })
})
