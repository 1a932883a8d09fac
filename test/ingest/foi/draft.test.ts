import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSpendFile } from '../../../ingest/spend/ingest'
import { parsePeriod, uncoveredMonths } from '../../../schema/graphql/types/foi-draft'
import { gql } from '../../helpers/graphql'
import { type FoiTestApi, openFoiApi, rows } from './helpers'

const DRAFT = `query($b: String!, $s: FoiDraftSubject!, $p: String, $sup: String, $prog: String, $c: String) {
  foiDraft(body: $b, subject: $s, period: $p, supplier: $sup, programme: $prog, claim: $c) { bodySlug bodyName title text whatDoTheyKnowUrl link period missingMonths } }`

describe('foiDraft: from a gap to a request', () => {
  let t: FoiTestApi
  beforeAll(async () => {
    t = await openFoiApi()
  })
  afterAll(() => t.close())

  it('for Haringey and iMPOWER returns a request text and a WhatDoTheyKnow link (a search: we hold no url_name)', async () => {
    const res = await gql(t.rt, DRAFT, { b: 'haringey', s: 'CONSULTANCY_SPEND', p: '2013-14', sup: 'impower' })
    expect(res.errors).toBeUndefined()
    const [body] = await rows<{ name: string; urlName: string | null }>(t, `SELECT name, wdtk_url_name AS urlName FROM bodies WHERE id = 'haringey'`)
    const [supplier] = await rows<{ name: string }>(t, `SELECT name FROM suppliers WHERE id = 'impower-consulting'`)
    const draft = res.data.foiDraft
    expect(body!.urlName).toBeNull()
    expect(draft).toMatchObject({ bodySlug: 'haringey', bodyName: body!.name, link: 'FIND_AUTHORITY', period: '2013-04-01..2014-03-31' })
    expect(draft.whatDoTheyKnowUrl).toBe(`https://www.whatdotheyknow.com/select_authority?query=${encodeURIComponent(body!.name)}`)
    expect(draft.text).toContain('Freedom of Information Act 2000')
    expect(draft.text).toContain(supplier!.name)
    expect(draft.text).toContain('1 April 2013')
    expect(draft.text).toContain('31 March 2014')
  })

  it('asks for the invoices of a programme and the business case behind a claim', async () => {
    const invoices = await gql(t.rt, DRAFT, { b: 'haringey', s: 'PROGRAMME_INVOICES', prog: '54,000' })
    expect(invoices.data.foiDraft.text).toContain('Haringey 54,000 Programme')
    const [claim] = await rows<{ id: string; title: string }>(t, `SELECT id, title FROM savings_claims WHERE claimant_id = 'haringey' ORDER BY id LIMIT 1`)
    const business = await gql(t.rt, DRAFT, { b: 'haringey', s: 'SAVINGS_BUSINESS_CASE', c: claim!.id })
    expect(business.data.foiDraft.text).toContain(claim!.title)
  })

  it('lists the months of the period we hold no spend file for (none yet: all twelve)', async () => {
    const res = await gql(t.rt, DRAFT, { b: 'haringey', s: 'MISSING_SPEND_FILES', p: '2013-14' })
    expect(res.data.foiDraft.missingMonths).toEqual(['2013-04', '2013-05', '2013-06', '2013-07', '2013-08', '2013-09', '2013-10', '2013-11', '2013-12', '2014-01', '2014-02', '2014-03'])
    expect(uncoveredMonths('2013-04-01', '2013-06-30', [{ start: '2013-05-01', end: '2013-05-31' }])).toEqual(['2013-04', '2013-06'])
  })

  it('a body shows the months it lacks spend files for, and the draft asks for those months only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consultwatch-gap-'))
    try {
      const file = join(dir, 'haringey-spend-2013-05.csv')
      writeFileSync(file, 'Date,Supplier,Amount\n03/05/2013,Impower Consulting Ltd,1000.00\n')
      const db = new Database(t.path)
      try {
        const spend = await ingestSpendFile({ db, path: t.path }, file, { body: 'haringey', writer: 'direct' })
        expect(spend.status).toBe('ingested')
      } finally {
        db.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const all = ['2013-04', '2013-05', '2013-06', '2013-07', '2013-08', '2013-09', '2013-10', '2013-11', '2013-12', '2014-01', '2014-02', '2014-03']
    const missing = all.filter((m) => m !== '2013-05')
    const body = await gql(t.rt, '{ body(slug: "haringey") { missingSpendMonths(period: "2013-14") } }')
    expect(body.data.body.missingSpendMonths).toEqual(missing)
    const draft = await gql(t.rt, DRAFT, { b: 'haringey', s: 'MISSING_SPEND_FILES', p: '2013-14' })
    expect(draft.data.foiDraft.missingMonths).toEqual(missing)
    expect(draft.data.foiDraft.text).toContain('April 2013, June 2013')
    expect(draft.data.foiDraft.text).not.toContain('May 2013')
  })

  it('refuses what it cannot draft, with client codes', async () => {
    const noFirm = await gql(t.rt, DRAFT, { b: 'haringey', s: 'CONSULTANCY_SPEND' })
    expect(noFirm.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    const badPeriod = await gql(t.rt, DRAFT, { b: 'haringey', s: 'MISSING_SPEND_FILES', p: 'last year' })
    expect(badPeriod.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    const nobody = await gql(t.rt, DRAFT, { b: 'no such council anywhere', s: 'MISSING_SPEND_FILES', p: '2014' })
    expect(nobody.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
  })

  it('reads periods as UK financial years, years, months and ranges', () => {
    expect(parsePeriod('2013-14')).toEqual({ from: '2013-04-01', to: '2014-03-31' })
    expect(parsePeriod('2014')).toEqual({ from: '2014-01-01', to: '2014-12-31' })
    expect(parsePeriod('2014-02')).toEqual({ from: '2014-02-01', to: '2014-02-28' })
    expect(parsePeriod('2014-04..2015-03')).toEqual({ from: '2014-04-01', to: '2015-03-31' })
    expect(parsePeriod('2015-03..2014-04')).toBeNull()
    expect(parsePeriod('2014-13')).toBeNull()
  })
})
