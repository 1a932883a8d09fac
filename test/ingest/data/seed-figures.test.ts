import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Dataset, readDataset } from '../../../ingest/data/read'
import { hasShared, needsShared, seedsDir } from '../../helpers/shared'
import { dataDir } from './helpers'
import { leftOutList, moneyFigures, toPence } from './seed-figures'

const seedsPresent = hasShared && existsSync(seedsDir)
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Every money value the data holds, with the sources cited by the record that holds it. */
function heldFigures(dataset: Dataset): Array<{ pence: bigint; sources: Set<string>; where: string }> {
  const cited = (column: 'contractId' | 'claimId' | 'outcomeId' | 'programmeId' | 'unitCostId', id: string) =>
    new Set(dataset.citations.filter((c) => c[column] === id).map((c) => c.sourceId))
  const held: Array<{ pence: bigint; sources: Set<string>; where: string }> = []
  const add = (value: number | null | undefined, sources: Set<string>, where: string) => {
    if (value !== null && value !== undefined) held.push({ pence: BigInt(value), sources, where })
  }
  for (const c of dataset.contracts) {
    add(c.valuePence, cited('contractId', c.id), `contract ${c.id}`)
    add(c.contingentPence, cited('contractId', c.id), `contract ${c.id}`)
  }
  for (const c of dataset.savingsClaims) {
    add(c.lowPence, cited('claimId', c.id), `claim ${c.id}`)
    add(c.highPence, cited('claimId', c.id), `claim ${c.id}`)
  }
  for (const o of dataset.outcomes) add(o.amountPence, cited('outcomeId', o.id), `outcome ${o.id}`)
  for (const p of dataset.programmes) add(p.budgetPence, cited('programmeId', p.id), `programme ${p.id}`)
  for (const u of dataset.unitCosts) add(u.amountPence, cited('unitCostId', u.id), `unit cost ${u.id}`)
  // FOI records in data/foi/ are part of the data: a fact there is cited by its answer, its own
  // sources and the record's.
  for (const { record } of dataset.foiRecords) {
    const recordSources = [...(record.answer.source ? [record.answer.source] : []), ...record.sources.map((s) => s.source)]
    const sourcesOf = (fact: { sources: Array<{ source: string }> }) => new Set([...recordSources, ...fact.sources.map((s) => s.source)])
    for (const c of record.facts.contracts) add(c.value, sourcesOf(c), `FOI ${record.id} contract ${c.id}`)
    for (const c of record.facts.claims) {
      for (const v of [c.amount, c.low, c.high]) add(v, sourcesOf(c), `FOI ${record.id} claim ${c.id}`)
    }
    for (const o of record.facts.outcomes) add(o.amount, sourcesOf(o), `FOI ${record.id} outcome ${o.id}`)
  }
  return held
}

describe('money figures in free text', () => {
  it('reads £ with k, m, M, bn and "million", ranges in brackets, and no multiplier', () => {
    const figures = moneyFigures('award £2M; £650k more; £(8.1 to 8.9)m; £8.5bn; £72 million; saved £25,000p.a.; £136 a visit')
    expect(figures.map((f) => f.text)).toEqual(['£2M', '£650k', '£(8.1 to 8.9)m', '£8.5bn', '£72 million', '£25,000', '£136'])
    expect(figures.map((f) => f.pence)).toEqual([
      [toPence('2', 'm')],
      [toPence('650', 'k')],
      [toPence('8.1', 'm'), toPence('8.9', 'm')],
      [toPence('8.5', 'bn')],
      [toPence('72', 'million')],
      [toPence('25000', undefined)],
      [toPence('136', undefined)],
    ])
    expect(toPence('8.43', 'm')).toBe(843_000_000n)
    expect(toPence('25,000', undefined)).toBe(2_500_000n)
  })

  it('reads the left-out table of a README', () => {
    const readme = '# x\n## Left out\n\n| figure | source | reason |\n|---|---|---|\n| `£114bn` | `acareo-blog` | not consultancy |\n\n## Next\n| `£1` | a | b |\n'
    expect(leftOutList(readme)).toEqual([{ figure: '£114bn', source: 'acareo-blog', reason: 'not consultancy' }])
  })
})

describe('every money figure in the seed documents is in the data or deliberately left out', () => {
  it.skipIf(!seedsPresent)(`each £ figure of each seed is held by a record citing that seed, or listed in data/README.md "Left out"${needsShared}`, async () => {
    const dataset = await readDataset(dataDir)
    const held = heldFigures(dataset)
    const leftOut = leftOutList(await readFile(join(dataDir, 'README.md'), 'utf8'))
    expect(leftOut.length).toBeGreaterThan(0)
    const names = (await readdir(seedsDir)).filter((n) => n.endsWith('.txt')).sort()
    expect(names.length).toBeGreaterThan(0)

    const quotesBySource = new Map<string, string[]>()
    for (const c of dataset.citations) {
      if (c.quote && dataset.seedSourceIds.includes(c.sourceId)) quotesBySource.set(c.sourceId, [...(quotesBySource.get(c.sourceId) ?? []), collapse(c.quote)])
    }
    const missing: string[] = []
    const usedLeftOut = new Set<LeftOutKey>()
    type LeftOutKey = string
    let figures = 0
    for (const name of names) {
      const text = await readFile(join(seedsDir, name), 'utf8')
      const flat = collapse(text)
      // The sources this seed is: those whose quotes are its words (a document quoted in it counts too).
      const sources = new Set([...quotesBySource].filter(([, quotes]) => quotes.some((q) => flat.includes(q))).map(([id]) => id))
      expect(sources.size, `no source of the data quotes ${name}`).toBeGreaterThan(0)
      for (const figure of moneyFigures(text)) {
        figures++
        const listed = leftOut.find((l) => l.figure === figure.text && sources.has(l.source))
        if (listed) {
          usedLeftOut.add(`${listed.figure} ${listed.source}`)
          if (!listed.reason) missing.push(`${name}: ${figure.text} is left out without a reason`)
          continue
        }
        const unheld = figure.pence.filter((p) => !held.some((h) => h.pence === p && [...h.sources].some((s) => sources.has(s))))
        if (unheld.length) missing.push(`${name}: ${figure.text}`)
      }
    }
    expect(figures).toBeGreaterThan(0)
    expect(missing).toEqual([])
    // No stale entries: every left-out row names a figure some seed actually has.
    expect(leftOut.filter((l) => !usedLeftOut.has(`${l.figure} ${l.source}`)).map((l) => `${l.figure} (${l.source})`)).toEqual([])
  })
})
