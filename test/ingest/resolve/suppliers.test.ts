import Database from 'libsql'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrationScript } from '../../../schema/migrate'
import { companiesHouseOrgId, SupplierResolver } from '../../../ingest/resolve/suppliers'

let db: Database.Database
const write = (sql: string, params: readonly unknown[]) => void db.prepare(sql).run(params as unknown[])

beforeEach(() => {
  db = new Database(':memory:')
  db.exec(migrationScript())
  db.exec(`
    INSERT INTO sources (id, kind, title, publisher, licence) VALUES ('s1', 'spend_file', 'f.csv', 'x', 'OGL');
    INSERT INTO suppliers (id, name, org_id) VALUES ('impower', 'iMPOWER Consulting Ltd', 'GB-COH-04196393');
    INSERT INTO suppliers (id, name) VALUES ('acme', 'Acme Services');
    INSERT INTO supplier_aliases (supplier_id, raw_name, normalised, method) VALUES ('impower', 'IMPOWER CONSULTING', 'impower consulting', 'manual');
  `)
})

const aliases = () =>
  db.prepare('SELECT supplier_id AS supplierId, raw_name AS rawName, method, source_id AS sourceId, origin FROM supplier_aliases ORDER BY id').all()

describe('SupplierResolver', () => {
  it("uses a curated alias for its exact raw name, with the curator's method", () => {
    const r = new SupplierResolver(db, write, 's1')
    expect(r.resolve('IMPOWER CONSULTING')).toEqual({ supplierId: 'impower', method: 'manual' })
    expect(r.created).toEqual({ suppliers: 0, aliases: 0 })
  })

  it('matches through the normalised name, and records the new spelling as a normalised alias', () => {
    const r = new SupplierResolver(db, write, 's1')
    expect(r.resolve('Impower Consulting Limited')).toEqual({ supplierId: 'impower', method: 'normalised' })
    expect(r.resolve('ACME SERVICES LTD')).toEqual({ supplierId: 'acme', method: 'normalised' })
    expect(aliases().slice(1)).toEqual([
      { supplierId: 'impower', rawName: 'Impower Consulting Limited', method: 'normalised', sourceId: 's1', origin: 'ingest' },
      { supplierId: 'acme', rawName: 'ACME SERVICES LTD', method: 'normalised', sourceId: 's1', origin: 'ingest' },
    ])
    // The next resolver finds the recorded spelling by its raw name.
    expect(new SupplierResolver(db, write, 's1').resolve('ACME SERVICES LTD')).toEqual({ supplierId: 'acme', method: 'normalised' })
  })

  it('matches a Companies House number to a supplier org-id', () => {
    const r = new SupplierResolver(db, write, 's1')
    expect(r.resolve('Totally Different Name', '4196393')).toEqual({ supplierId: 'impower', method: 'identifier' })
  })

  it('creates a supplier (origin ingest) with a unique slug id and an exact alias', () => {
    db.exec("INSERT INTO suppliers (id, name) VALUES ('oyster-partnership', 'Oyster Partnership Holdings')")
    db.exec("INSERT INTO supplier_aliases (supplier_id, raw_name, normalised, method) VALUES ('oyster-partnership', 'Oyster Partnership Holdings', 'oyster partnership holdings', 'manual')")
    const r = new SupplierResolver(db, write, 's1')
    expect(r.resolve('OYSTER PARTNERSHIP LTD', '01234567')).toEqual({ supplierId: 'oyster-partnership-2', method: 'exact' })
    expect(r.resolve('The Oyster Partnership')).toEqual({ supplierId: 'oyster-partnership-2', method: 'normalised' })
    expect(db.prepare("SELECT name, org_id AS orgId, origin FROM suppliers WHERE id = 'oyster-partnership-2'").all()[0]).toEqual({
      name: 'OYSTER PARTNERSHIP LTD',
      orgId: 'GB-COH-01234567',
      origin: 'ingest',
    })
    expect(r.created).toEqual({ suppliers: 1, aliases: 2 })
  })

  it("still finds an ingested supplier by its own name after data/ took its exact alias over and then removed it", () => {
    const r1 = new SupplierResolver(db, write, 's1')
    expect(r1.resolve('Acme  Consulting Ltd')).toEqual({ supplierId: 'acme-consulting', method: 'exact' })
    // What ingest/data/statements.ts does: a curated alias with the same raw name updates the
    // ingest row in place; when data/ drops it again, the row goes.
    db.exec("UPDATE supplier_aliases SET supplier_id = 'acme', method = 'manual', origin = 'curated' WHERE raw_name = 'Acme  Consulting Ltd'")
    db.exec("DELETE FROM supplier_aliases WHERE raw_name = 'Acme  Consulting Ltd'")
    const r2 = new SupplierResolver(db, write, 's1')
    expect(r2.resolve('Acme Consulting Ltd.')).toEqual({ supplierId: 'acme-consulting', method: 'normalised' })
    expect(r2.created.suppliers).toBe(0)
  })
})

describe('companiesHouseOrgId', () => {
  it.each([
    ['01234567', 'GB-COH-01234567'],
    ['1234567', 'GB-COH-01234567'],
    ['SC123456', 'GB-COH-SC123456'],
    [' sc 123456 ', 'GB-COH-SC123456'],
    ['0', null],
    ['n/a', null],
    [null, null],
  ])('%j -> %j', (n, expected) => {
    expect(companiesHouseOrgId(n)).toBe(expected)
  })
})
