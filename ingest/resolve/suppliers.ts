import type Database from 'libsql'
import type { SupplierMatchMethod } from '../../schema/tables/enums'
import { detach } from './detach'
import { normaliseSupplierName, slugify, uniqueId } from './normalise'

export interface SupplierMatch {
  supplierId: string
  method: SupplierMatchMethod
}

/** Runs one write statement (at once, or queued to a writer thread). */
export type SqlWrite = (sql: string, params: readonly unknown[]) => void

const INSERT_SUPPLIER = "INSERT INTO suppliers (id, name, org_id, origin) VALUES (?, ?, ?, 'ingest')"
const INSERT_ALIAS =
  "INSERT INTO supplier_aliases (supplier_id, raw_name, normalised, method, source_id, origin) VALUES (?, ?, ?, ?, ?, 'ingest')"

/** "01234567", "SC123456", "1234567" -> "GB-COH-01234567"; anything else -> null. */
export function companiesHouseOrgId(companyNumber: string | null): string | null {
  if (!companyNumber) return null
  const n = companyNumber.replace(/\s+/g, '').toUpperCase()
  if (/^\d{1,8}$/.test(n) && Number(n) > 0) return `GB-COH-${n.padStart(8, '0')}`
  if (/^(SC|NI|OC|SO|NC|R0|IP|SP|RS|NF|FC)\d{6}$/.test(n)) return `GB-COH-${n}`
  return null
}

/**
 * Raw payee name -> canonical supplier, in this order: an alias with exactly this raw name
 * (its own method: 'exact', 'normalised', 'identifier' or a curator's 'manual'); a Companies
 * House number matching a supplier's org-id ('identifier'); the normalised name matching an
 * alias or a supplier's name ('normalised'); otherwise a new supplier (origin 'ingest') whose
 * first alias is 'exact'. Build one resolver per landing transaction: it remembers what it
 * wrote, and a rolled-back transaction takes those writes away.
 *
 * Everything is read when the resolver is built, before the file's payments are written: a read
 * part way through a large file waits on the writer thread's transaction (which holds the
 * database once its cache spills) and fails as DATABASE_BUSY. The aliases' stored normalised
 * keys are read, not recomputed (normalising every alias for every file cost seconds a file at
 * 20,000 suppliers); only the own names of curated and FOI suppliers, and of ingested suppliers
 * whose first, 'exact', ingest alias (written with them, below) is no longer theirs, are normalised.
 */
export class SupplierResolver {
  private readonly byRaw = new Map<string, SupplierMatch>()
  private readonly byKey = new Map<string, string>()
  private readonly byOrgId = new Map<string, string>()
  private readonly ids = new Set<string>()
  /** Suppliers and aliases this resolver created, for the report. */
  created = { suppliers: 0, aliases: 0 }

  /** Reads known suppliers and aliases from `db`; writes new ones through `write`. */
  constructor(
    db: Database.Database,
    private readonly write: SqlWrite,
    private readonly sourceId: string | null,
  ) {
    const rows = (query: string) => db.prepare(query).raw().iterate() as IterableIterator<Array<string | null>>
    // Aliases in the order they were written: the earliest decides what a normalised name means.
    for (const [supplierId, rawName, normalised, method] of rows('SELECT supplier_id, raw_name, normalised, method FROM supplier_aliases ORDER BY id')) {
      this.byRaw.set(rawName as string, { supplierId: supplierId as string, method: method as SupplierMatchMethod })
      if (normalised && !this.byKey.has(normalised)) this.byKey.set(normalised, supplierId as string)
    }
    const own: Array<[string, string]> = []
    // An ingested supplier's name needs normalising here only when its own exact alias is gone:
    // a curated alias in data/ can take that row over by raw name and later be deleted with it.
    const suppliers = rows(`SELECT s.id, s.name, s.org_id, s.origin != 'ingest' OR NOT EXISTS (
        SELECT 1 FROM supplier_aliases a WHERE a.supplier_id = s.id AND a.origin = 'ingest' AND a.method = 'exact'
      ) AS unaliased FROM suppliers s ORDER BY s.id`)
    for (const [id, name, orgId, unaliased] of suppliers) {
      this.ids.add(id as string)
      if (orgId && !this.byOrgId.has(orgId)) this.byOrgId.set(orgId, id as string)
      if (Number(unaliased)) own.push([id as string, name as string])
    }
    // Then suppliers' own names, where no alias has the key.
    for (const [id, name] of own) {
      const key = normaliseSupplierName(name)
      if (key && !this.byKey.has(key)) this.byKey.set(key, id)
    }
  }

  /** `rawName` must already be trimmed; it is the alias key as well as the payment's payee name. */
  resolve(rawName: string, companyNumber: string | null = null): SupplierMatch {
    const known = this.byRaw.get(rawName)
    if (known) return known
    const normalised = normaliseSupplierName(rawName)
    const orgId = companiesHouseOrgId(companyNumber)
    const byId = orgId ? this.byOrgId.get(orgId) : undefined
    if (byId) return this.remember(rawName, normalised, { supplierId: byId, method: 'identifier' })
    const byName = normalised ? this.byKey.get(normalised) : undefined
    if (byName) return this.remember(rawName, normalised, { supplierId: byName, method: 'normalised' })

    const id = uniqueId(slugify(rawName), (candidate) => this.ids.has(candidate))
    this.write(INSERT_SUPPLIER, [id, rawName.replace(/\s+/g, ' '), orgId])
    this.ids.add(id)
    if (orgId) this.byOrgId.set(orgId, id)
    if (normalised) this.byKey.set(detach(normalised), id)
    this.created.suppliers++
    return this.remember(rawName, normalised, { supplierId: id, method: 'exact' })
  }

  private remember(rawName: string, normalised: string, match: SupplierMatch): SupplierMatch {
    this.write(INSERT_ALIAS, [match.supplierId, rawName, normalised, match.method, this.sourceId])
    this.byRaw.set(detach(rawName), match)
    this.created.aliases++
    return match
  }
}
