import Database from 'libsql'
import { describe, expect, it } from 'vitest'
import { migrationScript } from '../../../schema/migrate'
import { BodyDirectory, loadBodyDirectory, registerBody } from '../../../ingest/resolve/bodies'

const directory = new BodyDirectory([
  { id: 'leeds', name: 'Leeds City Council', gssCode: 'E08000035', orgId: null, aliases: ['http://statistics.data.gov.uk/doc/local-authority/00DA', '00DA'] },
  { id: 'oxford', name: 'Oxford City Council', gssCode: 'E07000178', orgId: 'GB-LAE-OXO', aliases: ['OCC'] },
  { id: 'hyndburn', name: 'Hyndburn Borough Council', gssCode: null, orgId: null, aliases: [] },
])

describe('BodyDirectory.resolve', () => {
  it.each([
    ['Leeds City Council', 'leeds'],
    ['LEEDS CITY COUNCIL ', 'leeds'],
    ['leeds', 'leeds'],
    ['E08000035', 'leeds'],
    ['http://statistics.data.gov.uk/doc/local-authority/00DA', 'leeds'],
    ['https://statistics.data.gov.uk/id/local-authority/00DA/', 'leeds'],
    ['OCC', 'oxford'],
    ['occ', 'oxford'],
    ['GB-LAE-OXO', 'oxford'],
    ['The Hyndburn Borough Council', 'hyndburn'],
  ])('%s -> %s', (value, id) => {
    expect(directory.resolve(value)?.id).toBe(id)
  })

  it('does not guess', () => {
    expect(directory.resolve('Leeds Council')).toBeNull()
    expect(directory.resolve('East - North East')).toBeNull()
    expect(directory.resolve('')).toBeNull()
  })
})

describe('BodyDirectory.closest', () => {
  it('names the nearest known bodies first', () => {
    expect(directory.closest('Oxford Council')[0]?.id).toBe('oxford')
    expect(directory.closest('Hyndburn')[0]?.id).toBe('hyndburn')
    expect(directory.closest('Leeds CC', 2).map((b) => b.id)).toContain('leeds')
  })
})

describe('registerBody', () => {
  it('adds a body with origin ingest and its name as an alias, with a free id', () => {
    const db = new Database(':memory:')
    db.exec(migrationScript())
    db.exec("INSERT INTO bodies (id, name, kind) VALUES ('borough-of-somewhere', 'Borough of Elsewhere', 'other')")
    const write = (sql: string, params: readonly unknown[]) => void db.prepare(sql).run(params as unknown[])
    const body = registerBody(db, write, { name: 'Borough of Somewhere', gssCode: 'E99999999', kind: 'district_council' })
    expect(body).toEqual({ id: 'borough-of-somewhere-2', name: 'Borough of Somewhere' })
    expect(db.prepare('SELECT id, name, kind, gss_code AS gss, origin FROM bodies WHERE id = ?').all(body.id)[0]).toMatchObject({
      name: 'Borough of Somewhere',
      kind: 'district_council',
      gss: 'E99999999',
      origin: 'ingest',
    })
    expect(loadBodyDirectory(db).resolve('borough of somewhere')?.id).toBe('borough-of-somewhere-2')
  })
})
