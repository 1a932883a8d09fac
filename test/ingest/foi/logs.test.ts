import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { gql } from '../../helpers/graphql'
import { hasShared, needsShared, realdataDir } from '../../helpers/shared'
import { type FoiTestApi, openFoiApi, rows } from './helpers'

const dir = `${realdataDir}foi/`
let temp: string[] = []
function tempFile(name: string, content: string): string {
  const d = mkdtempSync(join(tmpdir(), 'consultwatch-log-'))
  temp.push(d)
  writeFileSync(join(d, name), content)
  return join(d, name)
}
afterEach(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true })
  temp = []
})

describe.skipIf(!hasShared)(`disclosure-log vendor formats${needsShared}`, () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => t.close())

  it('Infreemation JSON lands, each request of the body, with outcome, dates and the answer', async () => {
    const file = `${dir}infreemation_fixture_published_requests_response.json`
    const source = JSON.parse(readFileSync(file, 'utf8')).published.request as Array<Record<string, any>>
    const report = await t.ingest(file, { body: 'haringey' })
    expect(report).toMatchObject({ status: 'ingested', format: 'infreemation-json', requests: source.length })
    const landed = await rows<Record<string, unknown>>(t, `SELECT reference, title, requested_on, answered_on, status_raw, answer FROM foi_requests WHERE format = 'infreemation-json' ORDER BY reference`)
    expect(landed).toEqual(
      source
        .map((r) => ({
          reference: r.ref,
          title: r.subject,
          requested_on: r.datecreated,
          answered_on: r.dateclosed,
          status_raw: r.outcome,
          answer: r.history.response.filter((x: any) => x.from === 'authority').pop().responsebody,
        }))
        .sort((a, b) => a.reference.localeCompare(b.reference)),
    )
    const res = await gql(t.rt, `{ foiRequests(filter: { authority: "haringey" }) { totalCount edges { node { reference status } } } }`)
    expect(res.data.foiRequests.totalCount).toBe(source.length)
    expect(Object.fromEntries(res.data.foiRequests.edges.map((e: any) => [e.node.reference, e.node.status]))).toEqual({ 'FOI-18/01': 'SUCCESSFUL', 'FOI-18/02': 'REFUSED' })
  })

  it('iCasework XML lands too (the HTTP transcript\'s headers passed over)', async () => {
    const file = `${dir}icasework_fixture_getcases_success.txt`
    const ids = [...readFileSync(file, 'utf8').matchAll(/<CaseId>(\d+)<\/CaseId>/g)].map((m) => m[1])
    const report = await t.ingest(file, { body: 'barnet' })
    expect(report).toMatchObject({ status: 'ingested', format: 'icasework-xml', requests: ids.length })
    const landed = await rows<{ reference: string; status: string }>(t, `SELECT reference, status FROM foi_requests WHERE format = 'icasework-xml' ORDER BY reference`)
    expect(landed.map((r) => r.reference)).toEqual([...ids].sort())
    expect(landed.map((r) => r.status).sort()).toEqual(['partially_successful', 'successful'])
  })

  it('a log that names no authority, without --body, is refused and lands nothing', async () => {
    const file = tempFile('log.json', readFileSync(`${dir}infreemation_fixture_published_requests_response.json`, 'utf8').replace('FOI-18/01', 'FOI-99/01'))
    const report = await t.ingest(file)
    expect(report.status).toBe('refused')
    expect(report.errors[0]!.message).toMatch(/--body/)
    expect(await rows(t, `SELECT 1 FROM foi_requests WHERE reference = 'FOI-99/01'`)).toEqual([])
  })
})

describe('a council disclosure log in CSV, unseen', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => t.close())

  const log = [
    'Haringey Council - Freedom of Information disclosure log,,,,',
    ',,,,',
    'FOI Ref,Date Received,Subject of Request,Date Responded,Outcome',
    'FOI-2024-001,03/04/2024,Spend on management consultants 2023/24,29/04/2024,Information provided in full',
    'FOI-2024-002,05/04/2024,Number of interim directors,02/05/2024,Partially provided - s.40 exemption',
    'FOI-2024-003,11 April 2024,"Contracts with iMPOWER, 2014-2024",09/05/2024,Information not held',
    'FOI-2024-004,12/04/2024,Pothole repairs,,Refused - s.12 cost limit',
    '',
  ].join('\r\n')

  it('finds the header under a title row, infers columns, maps outcomes and flags consultancy', async () => {
    const report = await t.ingest(tempFile('disclosure-log.csv', log), { body: 'Haringey Council' })
    expect(report).toMatchObject({ status: 'ingested', format: 'disclosure-log-csv', requests: 4, consultancy: 3 })
    const res = await gql(t.rt, `{ foiRequests(filter: { authority: "haringey", consultancyOnly: true }) { totalCount edges { node { reference title status consultancyRule requested { value } answered { value } } } } }`)
    expect(res.data.foiRequests.edges.map((e: any) => e.node)).toEqual([
      { reference: 'FOI-2024-001', title: 'Spend on management consultants 2023/24', status: 'SUCCESSFUL', consultancyRule: 'foi-consultants', requested: { value: '2024-04-03' }, answered: { value: '2024-04-29' } },
      { reference: 'FOI-2024-002', title: 'Number of interim directors', status: 'PARTIALLY_SUCCESSFUL', consultancyRule: 'foi-interims', requested: { value: '2024-04-05' }, answered: { value: '2024-05-02' } },
      { reference: 'FOI-2024-003', title: 'Contracts with iMPOWER, 2014-2024', status: 'NOT_HELD', consultancyRule: 'foi-named-firm', requested: { value: '2024-04-11' }, answered: { value: '2024-05-09' } },
    ])
    const text = await gql(t.rt, `{ foiRequests(filter: { text: "pothole" }) { totalCount edges { node { status statusAsPublished } } } }`)
    expect(text.data.foiRequests.edges[0].node).toEqual({ status: 'REFUSED', statusAsPublished: 'Refused - s.12 cost limit' })
  })

  it('a newer copy of the log updates the same requests, by body and reference', async () => {
    const newer = log.replace('Pothole repairs,,Refused - s.12 cost limit', 'Pothole repairs,20/05/2024,Withdrawn')
    const report = await t.ingest(tempFile('disclosure-log-june.csv', newer), { body: 'haringey' })
    expect(report.status).toBe('ingested')
    const [{ n }] = (await rows<{ n: number }>(t, `SELECT count(*) AS n FROM foi_requests WHERE format = 'disclosure-log-csv'`)) as [{ n: number }]
    expect(n).toBe(4)
    const [row] = await rows<{ status: string }>(t, `SELECT status FROM foi_requests WHERE reference = 'FOI-2024-004'`)
    expect(row!.status).toBe('withdrawn')
  })

  it('a log without references: a longer copy updates the rows it repeats instead of adding them again', async () => {
    const head = 'Date received,Summary,Outcome\n'
    const january = ['05/01/2024,Spend on management consultants in January,Provided in full', '06/01/2024,Parking fines in January,Refused']
    const february = [...january, '02/02/2024,Agency staff in February,Provided in full']
    const count = async () => (await rows<{ n: number }>(t, `SELECT count(*) AS n FROM foi_requests WHERE title LIKE '% in January' OR title LIKE '% in February'`))[0]!.n
    expect((await t.ingest(tempFile('jan.csv', head + january.join('\n') + '\n'), { body: 'haringey' })).status).toBe('ingested')
    expect(await count()).toBe(january.length)
    expect((await t.ingest(tempFile('feb.csv', head + february.join('\n') + '\n'), { body: 'haringey' })).status).toBe('ingested')
    expect(await count()).toBe(new Set(february).size)
  })

  it('an unbalanced quote or a row with a stray separator refuses the whole file, with its line', async () => {
    const head = 'FOI Ref,Date Received,Subject of Request,Outcome'
    const rowsOf = (refs: string[]) => refs.map((r, i) => `${r},0${i + 1}/06/2024,Request ${r},Provided in full`)
    const refs = ['Q-1', 'Q-2', 'Q-3', 'Q-4']
    const quoted = [head, ...rowsOf(refs)]
    quoted[2] = 'Q-2,02/06/2024,"Consultants, interim staff,Provided in full'
    const open = await t.ingest(tempFile('quote.csv', quoted.join('\n') + '\n'), { body: 'haringey' })
    expect(open).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'BAD_CSV', line: 3 })] })
    const shifted = [head, ...rowsOf(refs)]
    shifted[4] = 'Q-4,04/06/2024,Consultants, interim staff,Provided in full'
    const extra = await t.ingest(tempFile('extra.csv', shifted.join('\n') + '\n'), { body: 'haringey' })
    expect(extra).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'BAD_CSV', line: 5 })] })
    expect(await rows(t, `SELECT 1 FROM foi_requests WHERE reference IN ('Q-1', 'Q-2', 'Q-3', 'Q-4')`)).toEqual([])
  })

  it('broken JSON and XML get a clear error, never a crash', async () => {
    const json = await t.ingest(tempFile('log.json', '{"published": {"request": [ {"subject": "x", }'), { body: 'haringey' })
    expect(json).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'BAD_JSON' })] })
    const xml = await t.ingest(tempFile('cases.xml', '<?xml version="1.0"?>\n<Cases>\n  <Case><CaseId>1</Case>\n</Cases>\n'), { body: 'haringey' })
    expect(xml).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'BAD_XML', line: 3 })] })
    const xlsx = await t.ingest(tempFile('log.xlsx', `PK\u0003\u0004${'\u0000'.repeat(40)}`), { body: 'haringey' })
    expect(xlsx).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'NOT_TEXT' })] })
  })
})

describe('a request first read from a list, then written up as an FOI record', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => t.close())

  it('the record takes the request over (same URL, same id), and the list no longer overwrites it', async () => {
    const url = 'https://www.whatdotheyknow.com/request/consultants_2023'
    const list = tempFile('requests.csv', `Request URL,Request Title,Authority Name,Request Date,Status\n${url}#incoming-1,Consultants 2023,London Borough of Haringey,01/03/2023,Successful\n`)
    expect((await t.ingest(list)).status).toBe('ingested')
    const [listed] = await rows<{ id: string; origin: string }>(t, `SELECT id, origin FROM foi_requests WHERE url = '${url}'`)
    expect(listed).toEqual({ id: 'wdtk-consultants-2023', origin: 'ingest' })
    const record = [
      `id: ${listed!.id}`,
      'authority: haringey',
      'title: Consultants 2023',
      `url: ${url}`,
      'status: successful',
      'answer:',
      '  document: { title: "Haringey\'s answer on consultants in 2023" }',
      '  quote: We spent the sums in the attached table.',
    ].join('\n')
    const report = await t.ingest(tempFile('consultants.yaml', record))
    expect(report.records[0]).toMatchObject({ status: 'landed', version: 1 })
    expect(await rows(t, `SELECT origin, answer FROM foi_requests WHERE url = '${url}'`)).toEqual([{ origin: 'foi', answer: 'We spent the sums in the attached table.' }])
    const again = await t.ingest(tempFile('requests-again.csv', `Request URL,Request Title,Authority Name,Request Date,Status\n${url},Consultants 2023 (renamed),London Borough of Haringey,01/03/2023,Refused\n`))
    expect(again.warnings.join(' ')).toMatch(/held by an FOI record/)
    expect(await rows(t, `SELECT title, status FROM foi_requests WHERE url = '${url}'`)).toEqual([{ title: 'Consultants 2023', status: 'successful' }])
  })
})
