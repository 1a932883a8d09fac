import type { Db } from '../db'

/** What every resolver gets. Built per request by the HTTP layer; nothing runtime-specific. */
export interface Context {
  db: Db
}
