import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestIdentity } from '../../../ingest/foi/identity'
import { normaliseBodyName } from '../../../ingest/resolve/normalise'
import { gql } from '../../helpers/graphql'
import { hasShared, needsShared, realdataDir } from '../../helpers/shared'
import { type FoiTestApi, openFoiApi, rows } from './helpers'

const dir = `${realdataDir}foi/`
const list = `${dir}local-authorities_2010-2025_foi_csc_requests_summary.csv`

/** WhatDoTheyKnow's state labels (as its site shows them) and the status each is in our enum. */
const wdtkLabels: Record<string, string> = {
  Successful: 'successful',
  'Partially successful': 'partially_successful',
  Refused: 'refused',
  'Information not held': 'not_held',
  'Awaiting response': 'awaiting',
  Delayed: 'overdue',
  'Long overdue': 'long_overdue',
  'Withdrawn by the requester': 'withdrawn',
  'Waiting clarification': 'clarification',
  'Awaiting internal review': 'internal_review',
  'Awaiting classification': 'awaiting_classification',
  'Handled by postal mail': 'postal',
  'Delivery error': 'error',
}

/**
 * The test's own reading of "differs only by designators": the same place once the kind words
 * are gone, county against county, and a kind word in common when both names have one.
 */
function sameCouncil(a: string, b: string): boolean {
  const read = (name: string) => {
    const n = normaliseBodyName(name)
    const kinds = new Set(n.match(/\b(?:county|city|borough|district|metropolitan)\b/g) ?? [])
    const place = n
      .replace(/\blondon borough of\b/g, ' ')
      .replace(/\b(?:royal|borough|city|metropolitan|county|district|council|of|the)\b/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    return { place, kinds }
  }
  const x = read(a)
  const y = read(b)
  if (!x.place || x.place !== y.place || x.kinds.has('county') !== y.kinds.has('county')) return false
  return x.kinds.size === 0 || y.kinds.size === 0 || [...x.kinds].some((k) => y.kinds.has(k))
}

describe.skipIf(!hasShared)(`WhatDoTheyKnow request list${needsShared}`, () => {
  let t: FoiTestApi
  let file: Array<Record<string, string>>
  const manifestRows = () =>
    Number(
      readFileSync(`${dir}MANIFEST.tsv`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('local-authorities_2010-2025_foi_csc_requests_summary.csv'))!
        .split('\t')[1],
    )

  let curated: Array<{ bodyId: string; text: string }>
  beforeAll(async () => {
    t = await openFoiApi()
    curated = await rows<{ bodyId: string; text: string }>(
      t,
      `SELECT id AS bodyId, name AS text FROM bodies UNION ALL SELECT body_id AS bodyId, alias AS text FROM body_aliases`,
    )
    file = Papa.parse<Record<string, string>>(readFileSync(list, 'utf8'), { header: true, skipEmptyLines: true }).data
  })
  afterAll(() => t.close())

  it('lands every listed request once, with its status mapped, counted against the file', async () => {
    expect(file).toHaveLength(manifestRows())
    const report = await t.ingest(list)
    expect(report.status).toBe('ingested')
    expect(report.format).toBe('wdtk-requests')
    expect(report.requests).toBe(file.length)

    const expected: Record<string, number> = {}
    for (const row of file) {
      const status = wdtkLabels[row.Status!]
      expect(status, `a WhatDoTheyKnow label we do not know: "${row.Status}"`).toBeDefined()
      expected[status!] = (expected[status!] ?? 0) + 1
    }
    const landed = await rows<{ status: string; n: number }>(t, `SELECT status, count(*) AS n FROM foi_requests WHERE origin = 'ingest' GROUP BY status`)
    expect(Object.fromEntries(landed.map((r) => [r.status, r.n]))).toEqual(expected)
    // Once each: one row per request URL (a #fragment points inside the same request).
    const urls = new Set(file.map((r) => r['Request URL']!.replace(/#.*$/, '')))
    const [{ n }] = (await rows<{ n: number }>(t, `SELECT count(DISTINCT url) AS n FROM foi_requests WHERE origin = 'ingest'`)) as [{ n: number }]
    expect(n).toBe(urls.size)
    expect(urls.size).toBe(file.length)
  })

  it('resolves every authority to the body our data names it by, or differs from only by designators; registers the rest', async () => {
    // Expectations from the file and the curated names and aliases read before the ingest, with
    // the designators stripped here by a rule of the test's own.
    const exact = new Map(curated.map((c) => [normaliseBodyName(c.text), c.bodyId]))
    const expectedBody = (name: string): string | null => {
      const held = exact.get(normaliseBodyName(name))
      if (held) return held
      const fits = new Set(curated.filter((c) => sameCouncil(c.text, name)).map((c) => c.bodyId))
      return fits.size === 1 ? [...fits][0]! : null
    }
    const ingested = new Map(
      (await rows<{ id: string; name: string }>(t, `SELECT id, name FROM bodies WHERE origin = 'ingest'`)).map((b) => [normaliseBodyName(b.name), b.id]),
    )
    const expected = new Map<string, number>()
    const registeredNames = new Set<string>()
    for (const r of file) {
      const name = r['Authority Name']!
      const curatedId = expectedBody(name)
      if (!curatedId) registeredNames.add(name)
      const id = curatedId ?? ingested.get(normaliseBodyName(name))
      expect(id, `"${name}" is neither one of our bodies nor registered`).toBeDefined()
      expected.set(id!, (expected.get(id!) ?? 0) + 1)
    }
    // Each request sits with the body its row names.
    const perBody = await rows<{ bodyId: string; n: number }>(t, `SELECT authority_id AS bodyId, count(*) AS n FROM foi_requests WHERE origin = 'ingest' GROUP BY authority_id`)
    expect(new Map(perBody.map((p) => [p.bodyId, p.n]))).toEqual(expected)
    // Every registered body is a name the file has and our data does not: no copy of a council we hold.
    expect([...ingested.keys()].sort()).toEqual([...registeredNames].map(normaliseBodyName).sort())
    expect(registeredNames.size).toBeGreaterThan(0)
    // The councils the review found registered twice are ours.
    for (const name of ['Barnet Borough Council', 'Haringey Borough Council', 'Bradford City Council', 'Kirklees Borough Council']) {
      if (file.some((r) => r['Authority Name'] === name)) expect(registeredNames.has(name), name).toBe(false)
    }
  })

  it('the same bytes again change nothing', async () => {
    const before = await rows(t, `SELECT * FROM foi_requests ORDER BY id`)
    const report = await t.ingest(list)
    expect(report.status).toBe('unchanged')
    expect(await rows(t, `SELECT * FROM foi_requests ORDER BY id`)).toEqual(before)
  })

  it('serves them: foiRequests by authority and status, with totalCount, and a body\'s counts by status', async () => {
    const refused = file.filter((r) => r.Status === 'Refused')
    const res = await gql(t.rt, `{ foiRequests(filter: { status: REFUSED }) { totalCount } }`)
    expect(res.data.foiRequests.totalCount).toBe(refused.length)
    const name = 'Brighton and Hove City Council'
    const mine = file.filter((r) => r['Authority Name'] === name)
    const counts: Record<string, number> = {}
    for (const r of mine) counts[wdtkLabels[r.Status!]!.toUpperCase()] = (counts[wdtkLabels[r.Status!]!.toUpperCase()] ?? 0) + 1
    const one = await gql(t.rt, `query($a: String!) { foiRequests(filter: { authority: $a }) { totalCount edges { node { authority { slug } } } } }`, { a: name })
    expect(one.data.foiRequests.totalCount).toBe(mine.length)
    const slug = one.data.foiRequests.edges[0].node.authority.slug
    const body = await gql(t.rt, `query($s: String!) { body(slug: $s) { foiRequestsByStatus { status count } foiRequests { totalCount } } }`, { s: slug })
    expect(Object.fromEntries(body.data.body.foiRequestsByStatus.map((c: { status: string; count: number }) => [c.status, c.count]))).toEqual(counts)
    const dated = file.filter((r) => r['Request Date']!.endsWith('/2023'))
    const year = await gql(t.rt, `{ foiRequests(filter: { from: "2023-01-01", to: "2023-12-31" }) { totalCount } }`)
    expect(year.data.foiRequests.totalCount).toBe(dated.length)
    const bad = await gql(t.rt, `{ foiRequests(filter: { from: "31/12/2023" }) { totalCount } }`)
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
  })

  it('flags requests about consultants, interims and outsourcing, with the rule that fired', async () => {
    const words = /\bconsult(?:ants?|ancy|ancies|ing)\b|\binterims?\b|\boutsourc/i
    const expected = file.filter((r) => words.test(r['Request Title']!)).length
    const res = await gql(t.rt, `{ foiRequests(filter: { consultancyOnly: true }, first: 100) { totalCount edges { node { title consultancy consultancyRule } } } }`)
    expect(res.data.foiRequests.totalCount).toBeGreaterThanOrEqual(expected)
    for (const { node } of res.data.foiRequests.edges) {
      expect(node.consultancy).toBe(true)
      expect(node.consultancyRule).toMatch(/^foi-/)
    }
  })

  it('bodies gain their WhatDoTheyKnow url_name from all-authorities.csv, and foiDraft then links to /new/<url_name>', async () => {
    const csv = Papa.parse<Record<string, string>>(readFileSync(`${dir}alaveteli_fixture_all-authorities.csv`, 'utf8'), { header: true, skipEmptyLines: true }).data
    const report = await t.ingest(`${dir}alaveteli_fixture_all-authorities.csv`)
    expect(report.status).toBe('ingested')
    expect(report.bodiesNamed).toBe(csv.length)
    const first = csv[0]!
    const bodies = await gql(t.rt, `query($n: String!) { bodies(filter: { name: $n }) { edges { node { slug whatDoTheyKnowUrl } } } }`, { n: first.Name })
    const body = bodies.data.bodies.edges[0].node
    expect(body.whatDoTheyKnowUrl).toBe(`https://www.whatdotheyknow.com/body/${first['URL name']}`)
    const draft = await gql(t.rt, `query($b: String!) { foiDraft(body: $b, subject: MISSING_SPEND_FILES, period: "2023-24") { link whatDoTheyKnowUrl text missingMonths } }`, { b: body.slug })
    expect(draft.data.foiDraft.link).toBe('NEW_REQUEST')
    expect(draft.data.foiDraft.whatDoTheyKnowUrl).toBe(`https://www.whatdotheyknow.com/new/${first['URL name']}`)
    expect(draft.data.foiDraft.missingMonths).toHaveLength(12)
    expect(draft.data.foiDraft.text).toContain(first.Name)
  })
})

describe('one request, however its URL is written', () => {
  let t: FoiTestApi
  const temp = mkdtempSync(join(tmpdir(), 'consultwatch-wdtk-'))
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true })
    return t.close()
  })

  it('http or https, ?unfold=1, a #message anchor, a sub-page or another case: one row, the latest status', async () => {
    const variants = [
      'https://www.whatdotheyknow.com/request/consultancy_spend_variants',
      'http://www.whatdotheyknow.com/request/consultancy_spend_variants',
      'https://www.whatdotheyknow.com/request/consultancy_spend_variants?unfold=1',
      'https://WhatDoTheyKnow.com/request/Consultancy_Spend_Variants#incoming-3',
      'https://www.whatdotheyknow.com/request/consultancy_spend_variants/response/123',
    ]
    const statuses = ['Awaiting response', 'Successful', 'Refused', 'Partially successful', 'Information not held']
    for (const [i, url] of variants.entries()) {
      const csv = `Request URL,Request Title,Authority Name,Request Date,Status\n${url},Consultancy spend variants,London Borough of Haringey,01/02/2014,${statuses[i]}\n`
      const file = join(temp, `list-${i}.csv`)
      writeFileSync(file, csv)
      expect((await t.ingest(file)).status).toBe('ingested')
    }
    expect(await rows(t, `SELECT id, url, status FROM foi_requests WHERE title = 'Consultancy spend variants'`)).toEqual([
      { id: 'wdtk-consultancy-spend-variants', url: 'https://www.whatdotheyknow.com/request/consultancy_spend_variants', status: 'not_held' },
    ])
  })

  it('on other sites, the query parameters that say which request stay part of it', () => {
    expect(requestIdentity('HTTP://Council.Example.gov.uk/foi/log.php?utm_source=x&id=12#top')).toBe('https://council.example.gov.uk/foi/log.php?id=12')
    expect(requestIdentity('https://council.example.gov.uk/foi/log.php?id=12')).not.toBe(requestIdentity('https://council.example.gov.uk/foi/log.php?id=13'))
  })
})

describe('a council named with other designators', () => {
  let t: FoiTestApi
  const temp = mkdtempSync(join(tmpdir(), 'consultwatch-designators-'))
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true })
    return t.close()
  })
  const list = (name: string, authority: string) => {
    const file = join(temp, `${name}.csv`)
    writeFileSync(file, `Request URL,Request Title,Authority Name,Request Date,Status\nhttps://www.whatdotheyknow.com/request/${name},Consultants ${name},${authority},01/02/2014,Successful\n`)
    return file
  }

  it('is the body we hold when one fits ("Barnet Borough Council" is the London Borough of Barnet), not a new copy', async () => {
    const [barnet] = await rows<{ id: string; name: string }>(t, `SELECT id, name FROM bodies WHERE name = 'London Borough of Barnet'`)
    expect(barnet).toBeDefined()
    const report = await t.ingest(list('designators_barnet', 'Barnet Borough Council'))
    expect(report).toMatchObject({ status: 'ingested', bodiesRegistered: [] })
    expect(await rows(t, `SELECT authority_id AS a FROM foi_requests WHERE id = 'wdtk-designators-barnet'`)).toEqual([{ a: barnet!.id }])
  })

  it('is refused, naming the candidates, when several fit; a county and a parish city are other bodies', async () => {
    await t.db.batch([
      t.db.run(sql`INSERT INTO bodies (id, name, kind, origin) VALUES ('testtown-borough', 'Testtown Borough Council', 'other', 'ingest')`),
      t.db.run(sql`INSERT INTO bodies (id, name, kind, origin) VALUES ('testtown-city', 'City of Testtown', 'other', 'ingest')`),
    ])
    const report = await t.ingest(list('designators_testtown', 'Testtown Council'))
    expect(report.status).toBe('refused')
    expect(report.errors[0]!.message).toMatch(/testtown-borough.*testtown-city|testtown-city.*testtown-borough/)
    expect(report.errors[0]!.message).toMatch(/--body/)
    const county = await t.ingest(list('designators_testtown_county', 'Testtown County Council'))
    expect(county.bodiesRegistered.map((b) => b.name)).toEqual(['Testtown County Council'])
  })
})

describe('all-authorities.csv against our bodies', () => {
  let t: FoiTestApi
  const temp = mkdtempSync(join(tmpdir(), 'consultwatch-authorities-'))
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true })
    return t.close()
  })

  it('a short name equal to one of our ids names nothing; two rows for one body keep the first url_name, with a warning', async () => {
    const [cumbria] = await rows<{ id: string; name: string }>(t, `SELECT id, name FROM bodies WHERE id = 'cumbria'`)
    const [barnet] = await rows<{ id: string; name: string }>(t, `SELECT id, name FROM bodies WHERE name = 'London Borough of Barnet'`)
    const file = join(temp, 'all-authorities.csv')
    writeFileSync(
      file,
      [
        'Name,Short name,URL name,Tags,Home page',
        // A body of another place whose short name happens to be our Cumbria's id.
        `Cumbria Tourism Partnership,${cumbria!.id},cumbria_tourism,,`,
        `${barnet!.name},,barnet_borough_council,,`,
        'Barnet Council,,barnet_council_old,,',
      ].join('\n') + '\n',
    )
    const report = await t.ingest(file)
    expect(report.status).toBe('ingested')
    expect(await rows(t, `SELECT wdtk_url_name AS u FROM bodies WHERE id = '${cumbria!.id}'`)).toEqual([{ u: null }])
    expect(await rows(t, `SELECT wdtk_url_name AS u FROM bodies WHERE id = '${barnet!.id}'`)).toEqual([{ u: 'barnet_borough_council' }])
    expect(report.warnings.join(' ')).toMatch(/line 4 .*barnet_council_old.*same body as line 3.*kept url_name barnet_borough_council/)
    expect(report.bodiesRegistered.map((b) => b.name)).toEqual(['Cumbria Tourism Partnership'])
  })
})
