import type { Db } from '../db'

/** A request's time budget, as the executor sees it. */
export interface Deadline {
  /** Aborted when the budget runs out while the request awaits (an async database). */
  signal: AbortSignal
  /** Whether the budget is spent: a synchronous clock read, so it works inside one event-loop task. */
  passed(): boolean
  /** The REQUEST_TIMEOUT error to throw once it has passed. */
  error(): Error
}

/** What every resolver gets. Built per request by the HTTP layer; nothing runtime-specific. */
export interface Context {
  db: Db
  /** Checked before each resolver of an object or list: execution stops once it has passed. */
  deadline?: Deadline
}
