import type { Db } from '../db'

/** What every resolver gets. Built per request by the HTTP layer; nothing runtime-specific. */
export interface Context {
  db: Db
  /** Aborted when the request's time budget runs out: execution stops between resolvers. */
  deadline?: AbortSignal
}
