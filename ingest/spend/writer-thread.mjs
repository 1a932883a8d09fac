// @ts-check
// The writer thread's program (writer.ts starts it): its own libsql connection to the database
// file, running the statements it is sent. JavaScript with checked JSDoc types rather than
// TypeScript, so a worker thread loads it as it is under tsx, vitest or plain node, with no
// loader to start per file. After a failure it skips everything until a rollback, and reports
// the failure on flush.
import { createRequire } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'

/** @typedef {import('./writer-protocol').ToWriter} ToWriter */
/** @typedef {import('./writer-protocol').FromWriter} FromWriter */
/** @typedef {import('./writer-protocol').WriterData} WriterData */
/** @typedef {import('libsql').Database} Database */
/** @typedef {import('libsql').Statement} Statement */

const data = /** @type {WriterData} */ (workerData)
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)
const Driver = /** @type {typeof import('libsql')} */ (createRequire(import.meta.url)(data.libsql))
/** @type {Database} */
const db = new Driver(data.path)
for (const pragma of data.pragmas) db.pragma(pragma)

/** @type {Map<string, Statement>} */
const statements = new Map()
/** Prepared statements kept: a file's payment INSERTs name the file, so a long run would otherwise keep every file's. */
const KEPT_STATEMENTS = data.keptStatements
/** @param {string} sql */
function statement(sql) {
  let s = statements.get(sql)
  if (!s) {
    if (statements.size >= KEPT_STATEMENTS) statements.clear()
    statements.set(sql, (s = db.prepare(sql)))
  }
  return s
}

/** @param {FromWriter} message */
const send = (message) => port.postMessage(message)

/** @type {string | null} */
let failure = null

port.on('message', (/** @type {ToWriter} */ m) => {
  if (m.op === 'flush') return send({ op: 'flushed', seq: m.seq, failure })
  if (m.op === 'rollback') {
    failure = null
    try {
      if (db.inTransaction) db.exec('ROLLBACK')
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e)
    }
    return send({ op: 'flushed', seq: m.seq, failure })
  }
  if (m.op === 'close') {
    db.close()
    return send({ op: 'closed' })
  }
  if (!failure) {
    try {
      if (m.op === 'runs') for (const r of m.runs) statement(r.sql).run([...r.params])
      else if (m.op === 'each') {
        const s = statement(m.sql)
        for (let i = 0; i < m.flat.length; i += m.width) s.run(m.flat.slice(i, i + m.width))
      } else db.exec(m.sql)
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e)
    }
  }
  if (m.op === 'each') send({ op: 'done', n: m.n })
})
