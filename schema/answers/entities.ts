// The entities a group's keys name (bodies, suppliers, pilots), loaded in one query per kind for a
// whole page of groups, so neither GraphQL nor CSV runs a query per row.
import { inArray } from 'drizzle-orm'
import type { Db } from '../db'
import { bodies, suppliers, totalPlacePilots } from '../tables'
import type { GroupKeys } from './spend'
import type { KeyColumn } from './dimensions'

type Bodies = typeof bodies.$inferSelect
type Suppliers = typeof suppliers.$inferSelect
type Pilots = typeof totalPlacePilots.$inferSelect

/** A group's keys with the entities they name, loaded in one query per kind. */
export interface Keyed {
  keys: GroupKeys
  body?: Bodies
  supplier?: Suppliers
  pilot?: Pilots
}

export async function withEntities<T extends { keys: GroupKeys }>(db: Db, rows: T[]): Promise<Array<T & Keyed>> {
  const ids = (k: KeyColumn) => [...new Set(rows.map((r) => r.keys[k]).filter((v): v is string => typeof v === 'string'))]
  const [b, s, p] = await Promise.all([
    ids('body_id').length ? db.select().from(bodies).where(inArray(bodies.id, ids('body_id'))) : [],
    ids('supplier_id').length ? db.select().from(suppliers).where(inArray(suppliers.id, ids('supplier_id'))) : [],
    ids('pilot_id').length ? db.select().from(totalPlacePilots).where(inArray(totalPlacePilots.id, ids('pilot_id'))) : [],
  ])
  const byId = <E extends { id: string }>(list: E[]) => new Map(list.map((e) => [e.id, e]))
  const [bm, sm, pm] = [byId(b), byId(s), byId(p)]
  return rows.map((r) => ({
    ...r,
    body: bm.get(r.keys.body_id as string),
    supplier: sm.get(r.keys.supplier_id as string),
    pilot: pm.get(r.keys.pilot_id as string),
  }))
}

