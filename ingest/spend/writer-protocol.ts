// The messages between a ThreadWriter (writer.ts) and its thread (writer-thread.mjs): one
// definition, checked on both sides.

export interface WriterData {
  /** The database file. */
  path: string
  pragmas: readonly string[]
  /** The resolved path of the libsql package, so the thread loads the same driver. */
  libsql: string
  /** Prepared statements the thread keeps (writer.ts's KEPT_STATEMENTS, the one setting for both writers). */
  keptStatements: number
}

/** To the thread. `n` numbers the bulk messages, so the sender can bound what is in flight. */
export type ToWriter =
  | { op: 'runs'; runs: ReadonlyArray<{ sql: string; params: readonly unknown[] }> }
  | { op: 'each'; sql: string; flat: readonly unknown[]; width: number; n: number }
  | { op: 'exec'; sql: string }
  | { op: 'flush'; seq: number }
  | { op: 'rollback'; seq: number }
  | { op: 'close' }

/** From the thread. A failure is reported on the next flush or rollback; everything after it is skipped. */
export type FromWriter = { op: 'done'; n: number } | { op: 'flushed'; seq: number; failure: string | null } | { op: 'closed' }
