import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readDataset } from '../../../ingest/data/read'
import { hasShared, needsShared, realdataDir, seedsDir } from '../../helpers/shared'
import { dataDir } from './helpers'

const seedsPresent = hasShared && existsSync(seedsDir)
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim()

async function texts(dir: string, pattern: RegExp, encoding: BufferEncoding): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => pattern.test(n)).sort()
  return Promise.all(names.map(async (n) => normalise(await readFile(join(dir, n), encoding))))
}

describe('citations quote their documents word for word', () => {
  it.skipIf(!seedsPresent)(`every quote citing a seed document occurs in the seed texts${needsShared}`, async () => {
    const seeds = await texts(seedsDir, /\.txt$/, 'utf8')
    expect(seeds.length).toBeGreaterThan(0)
    const dataset = await readDataset(dataDir)
    const fromSeeds = new Set(dataset.seedSourceIds)
    const quotes = dataset.citations.filter((c) => fromSeeds.has(c.sourceId))
    expect(quotes.length).toBeGreaterThan(0)
    const missing = quotes.filter((c) => !c.quote || !seeds.some((seed) => seed.includes(normalise(c.quote!))))
    expect(missing.map((c) => `${c.sourceId}: ${c.quote}`)).toEqual([])
  })

  it.skipIf(!hasShared)(`every quote citing a published spend file occurs in the files${needsShared}`, async () => {
    // The files' encodings vary (see realdata/README.md); latin1 keeps every byte and our quotes are ASCII.
    const files = await texts(realdataDir, /\.csv$/, 'latin1')
    const dataset = await readDataset(dataDir)
    const spendSources = new Set(dataset.sources.filter((s) => s.kind === 'spend_file').map((s) => s.id))
    const quotes = dataset.citations.filter((c) => spendSources.has(c.sourceId) && c.quote)
    expect(quotes.length).toBeGreaterThan(0)
    const missing = quotes.filter((c) => !files.some((file) => file.includes(normalise(c.quote!))))
    expect(missing.map((c) => `${c.sourceId}: ${c.quote}`)).toEqual([])
    const aliases = dataset.bodyAliases.filter((a) => a.sourceId && spendSources.has(a.sourceId))
    expect(aliases.filter((a) => !files.some((file) => file.includes(a.alias))).map((a) => a.alias)).toEqual([])
  })
})
