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

type Statement = ReturnType<Database.Database['prepare']>

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
 * Each name is looked up by index (raw name, org-id, normalised key), never by reading every
 * supplier: with tens of thousands of suppliers, loading and normalising them all for each file
 * cost seconds a file. Suppliers' own names are not stored normalised, so those of curated and
 * FOI suppliers (hundreds) are held in memory; an ingested supplier's name is always also its
 * first, 'exact', alias (written with it, below), so the alias index finds it.
 */
export class SupplierResolver {
  // What this resolver has seen or written; the database is asked only on a miss. Writes may be
  // queued to a writer thread's transaction, which this connection cannot see yet.
  private readonly byRaw = new Map<string, SupplierMatch>()
  private readonly byKey = new Map<string, string | null>()
  private readonly byOrgId = new Map<string, string | null>()
  private readonly ids = new Set<string>()
  // Names of suppliers not created by ingest (curated, FOI), first by id for each key.
  private readonly byOwnName = new Map<string, string>()
  private readonly aliasByRaw: Statement
  private readonly aliasByKey: Statement
  private readonly supplierByOrgId: Statement
  private readonly supplierById: Statement
  /** Suppliers and aliases this resolver created, for the report. */
  created = { suppliers: 0, aliases: 0 }

  /** Reads known suppliers and aliases from `db`; writes new ones through `write`. */
  constructor(
    db: Database.Database,
    private readonly write: SqlWrite,
    private readonly sourceId: string | null,
  ) {
    this.aliasByRaw = db.prepare('SELECT supplier_id AS supplierId, method FROM supplier_aliases WHERE raw_name = ?')
    // Aliases in the order they were written: the earliest decides what a normalised name means.
    this.aliasByKey = db.prepare('SELECT supplier_id AS supplierId FROM supplier_aliases WHERE normalised = ? ORDER BY id LIMIT 1')
    this.supplierByOrgId = db.prepare('SELECT id FROM suppliers WHERE org_id = ? ORDER BY id LIMIT 1')
    this.supplierById = db.prepare('SELECT 1 FROM suppliers WHERE id = ?')
    const named = db.prepare("SELECT id, name FROM suppliers WHERE origin <> 'ingest' ORDER BY id").all() as Array<{ id: string; name: string }>
    for (const s of named) {
      const key = normaliseSupplierName(s.name)
      if (key && !this.byOwnName.has(key)) this.byOwnName.set(key, s.id)
    }
  }

  /** `rawName` must already be trimmed; it is the alias key as well as the payment's payee name. */
  resolve(rawName: string, companyNumber: string | null = null): SupplierMatch {
    const known = this.byRaw.get(rawName) ?? this.storedAlias(rawName)
    if (known) return known
    const normalised = normaliseSupplierName(rawName)
    // Looked up before anything is written for this name, as if every supplier had been read first.
    const byName = normalised ? this.supplierOfKey(normalised) : null
    const orgId = companiesHouseOrgId(companyNumber)
    const byId = orgId ? this.supplierOfOrgId(orgId) : null
    if (byId) return this.remember(rawName, normalised, { supplierId: byId, method: 'identifier' })
    if (byName) return this.remember(rawName, normalised, { supplierId: byName, method: 'normalised' })

    const id = uniqueId(slugify(rawName), (candidate) => this.ids.has(candidate) || this.supplierById.get(candidate) !== undefined)
    this.write(INSERT_SUPPLIER, [id, rawName.replace(/\s+/g, ' '), orgId])
    this.ids.add(id)
    if (orgId) this.byOrgId.set(orgId, id)
    if (normalised) this.byKey.set(detach(normalised), id)
    this.created.suppliers++
    return this.remember(rawName, normalised, { supplierId: id, method: 'exact' })
  }

  private storedAlias(rawName: string): SupplierMatch | undefined {
    const row = this.aliasByRaw.get(rawName) as SupplierMatch | undefined
    if (!row) return undefined
    const match = { supplierId: row.supplierId, method: row.method }
    this.byRaw.set(detach(rawName), match)
    return match
  }

  /** The supplier a normalised name means: an alias's (earliest first), else a curated or FOI supplier's own name. */
  private supplierOfKey(key: string): string | null {
    const seen = this.byKey.get(key)
    if (seen !== undefined) return seen
    const alias = this.aliasByKey.get(key) as { supplierId: string } | undefined
    const found = alias?.supplierId ?? this.byOwnName.get(key) ?? null
    this.byKey.set(detach(key), found)
    return found
  }

  private supplierOfOrgId(orgId: string): string | null {
    const seen = this.byOrgId.get(orgId)
    if (seen !== undefined) return seen
    const found = (this.supplierByOrgId.get(orgId) as { id: string } | undefined)?.id ?? null
    this.byOrgId.set(orgId, found)
    return found
  }

  private remember(rawName: string, normalised: string, match: SupplierMatch): SupplierMatch {
    this.write(INSERT_ALIAS, [match.supplierId, rawName, normalised, match.method, this.sourceId])
    this.byRaw.set(detach(rawName), match)
    this.created.aliases++
    return match
  }
}
