// Where landing statements run. SQLite inserts are most of an ingest's time, and parsing the
// rest; on a file database a writer thread with its own connection runs the statements while
// this thread parses the next rows. Reads stay on the caller's connection: they only ever look
// at committed data (other files, bodies, suppliers), which the writer's transaction leaves
// alone until it commits.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'libsql'
import type { FromWriter, ToWriter, WriterData } from './writer-protocol'

export interface Writer {
  /** Runs `sql` once with `params`. */
  run(sql: string, params?: readonly unknown[]): void
  /** Runs `sql` (a statement of `width` parameters) once per row of `flat`, `width` values a row. */
  runEach(sql: string, flat: readonly unknown[], width: number): void
  exec(sql: string): void
  /** Resolves once the writer has room for more work: bounds what is queued, so memory stays flat. */
  ready(): Promise<void>
  /** Resolves when everything queued has run; rejects with the first failure. */
  flush(): Promise<void>
  /** Rolls back an open transaction, even after a failure. */
  rollback(): Promise<void>
  close(): Promise<void>
}

/** Prepared statements a writer keeps (the thread's too: it is sent in WriterData). */
const KEPT_STATEMENTS = 64

/** Runs each statement at once on the given connection (an in-memory database, or tests). */
export class DirectWriter implements Writer {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(private readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql)
    if (!s) {
      // A file's payment INSERTs name the file: keep a bounded number, not every file's.
      if (this.statements.size >= KEPT_STATEMENTS) this.statements.clear()
      this.statements.set(sql, (s = this.db.prepare(sql)))
    }
    return s
  }

  run(sql: string, params: readonly unknown[] = []): void {
    this.statement(sql).run(params as unknown[])
  }

  runEach(sql: string, flat: readonly unknown[], width: number): void {
    const s = this.statement(sql)
    for (let i = 0; i < flat.length; i += width) s.run(flat.slice(i, i + width))
  }

  exec(sql: string): void {
    this.db.exec(sql)
  }

  async ready(): Promise<void> {}
  async flush(): Promise<void> {}

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec('ROLLBACK')
  }

  async close(): Promise<void> {}
}

/** Bulk messages allowed in flight before ready() waits: enough to keep both threads busy. */
const WINDOW = 8

/** Single statements sent to the thread in one message at most. */
const RUNS_PER_MESSAGE = 256

/** A writer thread with its own connection to the database file at `path`. */
export class ThreadWriter implements Writer {
  private readonly worker: Worker
  /** Bulk messages sent and done; flush and rollback requests count separately. */
  private sent = 0
  private done = 0
  private requests = 0
  private readonly waiting = new Map<number, (value: { failure: string | null }) => void>()
  private doneWaiter: { n: number; resolve: () => void } | null = null
  private crashed: Error | null = null

  constructor(path: string, pragmas: readonly string[]) {
    const require = createRequire(import.meta.url)
    const workerData: WriterData = { path, pragmas, libsql: require.resolve('libsql'), keptStatements: KEPT_STATEMENTS }
    this.worker = new Worker(new URL('./writer-thread.mjs', import.meta.url), { workerData })
    this.worker.on('message', (m: FromWriter) => {
      if (m.op === 'done') {
        this.done = m.n
        if (this.doneWaiter && this.done >= this.doneWaiter.n) {
          const { resolve } = this.doneWaiter
          this.doneWaiter = null
          resolve()
        }
      } else if (m.op === 'flushed') {
        this.waiting.get(m.seq)?.({ failure: m.failure })
        this.waiting.delete(m.seq)
      }
    })
    this.worker.on('error', (error) => this.fail(error))
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the writer thread stopped (exit code ${code})`))
    })
  }

  /** True once the thread has died: a new writer is needed. */
  get broken(): boolean {
    return this.crashed !== null
  }

  private fail(error: Error): void {
    this.crashed = error
    for (const resolve of this.waiting.values()) resolve({ failure: error.message })
    this.waiting.clear()
    this.doneWaiter?.resolve()
    this.doneWaiter = null
  }

  /**
   * Single statements not yet sent. A file of many new payees writes a supplier and an alias for
   * each, and one message per statement cost more on both threads than the statement itself;
   * they go as one message, in order, before anything else is sent.
   */
  private runs: Array<{ sql: string; params: readonly unknown[] }> = []

  private send(message: ToWriter): void {
    this.sendRuns()
    this.worker.postMessage(message)
  }

  private sendRuns(): void {
    if (this.runs.length === 0) return
    this.worker.postMessage({ op: 'runs', runs: this.runs } satisfies ToWriter)
    this.runs = []
  }

  run(sql: string, params: readonly unknown[] = []): void {
    if (this.runs.push({ sql, params }) >= RUNS_PER_MESSAGE) this.sendRuns()
  }

  runEach(sql: string, flat: readonly unknown[], width: number): void {
    this.send({ op: 'each', sql, flat, width, n: ++this.sent })
  }

  exec(sql: string): void {
    this.send({ op: 'exec', sql })
  }

  ready(): Promise<void> {
    if (this.crashed || this.sent - this.done <= WINDOW) return Promise.resolve()
    return new Promise((resolve) => {
      this.doneWaiter = { n: this.sent - WINDOW, resolve }
    })
  }

  private request(op: 'flush' | 'rollback'): Promise<void> {
    if (this.crashed) return Promise.reject(this.crashed)
    const seq = ++this.requests
    return new Promise<{ failure: string | null }>((resolve) => {
      this.waiting.set(seq, resolve)
      this.send({ op, seq })
    }).then(({ failure }) => {
      if (failure) throw new Error(failure)
    })
  }

  flush(): Promise<void> {
    return this.request('flush')
  }

  rollback(): Promise<void> {
    return this.request('rollback')
  }

  async close(): Promise<void> {
    if (this.crashed) {
      await this.worker.terminate()
      return
    }
    await new Promise<void>((resolve) => {
      const onMessage = (m: { op: string }) => {
        if (m.op !== 'closed') return
        this.worker.off('message', onMessage)
        resolve()
      }
      this.worker.on('message', onMessage)
      this.send({ op: 'close' })
    })
    await this.worker.terminate()
  }
}
