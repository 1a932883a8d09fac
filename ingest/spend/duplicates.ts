// Rows that repeat a payment already ingested for the body: the same date, amount, payee (the
// resolved supplier when both resolve) and reference (when both rows have one). Bodies publish invoices and card payments
// separately, a quarter beside its months, a corrected file beside the first; a payment in two
// of them must not be counted twice. Such a row is stored (the file lands whole, as published)
// with payments.duplicate_of naming the earlier payment, and is left out of every rollup.
//
// A retired file takes its payments away, so rows that were duplicates of them are the payment
// now: promoteStatements() in rollup.ts makes them count again, and a file about to be replaced is left out
// of the index the new file is checked against (its rows would otherwise point at rows retire()
// is about to delete, and the payments would leave every answer).
import type Database from 'libsql'
import { detach } from '../resolve/detach'
import type { Statement } from './rollup'

export interface PaymentKey {
  paidOn: string | null
  amountPence: number
  payeeName: string
  transactionRef: string | null
}

/** Above this many earlier payments the body's rows are not all held: the check is skipped with a warning. */
export const MAX_INDEXED = 2_000_000

interface Earlier {
  id: number
  fileId: number
  supplierId: string | null
  payee: string
  ref: string
}

const payeeOf = (name: string) => name.trim().toLowerCase()
const refOf = (ref: string | null) => (ref ?? '').trim().toLowerCase()

/** Same payee: the same resolved supplier when both resolve, else the same name. */
function samePayee(a: Earlier, p: PaymentKey, supplierId: string | null): boolean {
  if (a.supplierId !== null && supplierId !== null) return a.supplierId === supplierId
  return a.payee === payeeOf(p.payeeName)
}

/**
 * The body's counted payments, by date and amount, read before the file's transaction starts.
 * A payment repeats an earlier one with the same date, amount and payee; references are
 * compared only when both rows have one, so the answer does not depend on which file came
 * first. Each earlier payment can be repeated once: a file that holds the same payment twice
 * where the earlier file held it once has one duplicate and one new payment.
 */
export class DuplicateIndex {
  private constructor(
    private readonly byDay: Map<string, Earlier[]>,
    private readonly fileIds: Map<number, number>,
  ) {}

  /** `retiring`: ids of the body's files this landing will replace; their payments are not indexed. */
  static load(db: Database.Database, bodyId: string, retiring: readonly number[] = []): DuplicateIndex | 'too many' {
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM payments WHERE body_id = ? AND duplicate_of IS NULL').get(bodyId) as { n: number }
    if (n > MAX_INDEXED) return 'too many'
    const byDay = new Map<string, Earlier[]>()
    const fileOf = new Map<number, number>()
    const columns = `p.id, p.spend_file_id AS fileId, p.paid_on AS paidOn, p.amount_pence AS amountPence, p.payee_name AS payeeName,
      p.transaction_ref AS transactionRef, p.supplier_id AS supplierId`
    // With files to retire, their payments are left out and the rows that repeated them (to be
    // promoted by retire()) stand in for them.
    const rows = (
      retiring.length === 0
        ? db.prepare(`SELECT ${columns}, NULL AS repeatsFile FROM payments p WHERE p.body_id = ? AND p.duplicate_of IS NULL AND p.paid_on IS NOT NULL ORDER BY p.id`)
        : db.prepare(
            `SELECT ${columns}, d.spend_file_id AS repeatsFile, p.duplicate_of AS repeats FROM payments p LEFT JOIN payments d ON d.id = p.duplicate_of
             WHERE p.body_id = ? AND p.paid_on IS NOT NULL ORDER BY p.id`,
          )
    ).iterate(bodyId) as IterableIterator<PaymentKey & { id: number; fileId: number; supplierId: string | null; repeatsFile: number | null; repeats?: number }>
    const skip = new Set(retiring)
    // A retired payment has one stand-in, the first row (by id) that repeated it, as promoteStatements() chooses.
    const stoodIn = new Set<number>()
    for (const row of rows) {
      if (skip.has(row.fileId)) continue
      if (row.repeatsFile !== null && !skip.has(row.repeatsFile)) continue
      if (row.repeatsFile !== null) {
        if (stoodIn.has(row.repeats!)) continue
        stoodIn.add(row.repeats!)
      }
      const key = dayKey(row)!
      fileOf.set(row.id, row.fileId)
      const entry: Earlier = { id: row.id, fileId: row.fileId, supplierId: row.supplierId, payee: detach(payeeOf(row.payeeName)), ref: detach(refOf(row.transactionRef)) }
      const list = byDay.get(key)
      if (list) list.push(entry)
      else byDay.set(detach(key), [entry])
    }
    return new DuplicateIndex(byDay, fileOf)
  }

  /** The file an indexed payment belongs to. */
  fileOf(paymentId: number): number | undefined {
    return this.fileIds.get(paymentId)
  }

  get size(): number {
    return this.byDay.size
  }

  /**
   * The earlier payment this one repeats (used up by the match), or null. `supplierId`: the
   * row's resolved supplier ("ACME CONSULTING LIMITED" is "Acme Consulting Ltd"). A matching
   * reference is preferred.
   */
  take(p: PaymentKey, supplierId: string | null): number | null {
    const key = dayKey(p)
    if (key === null) return null
    const list = this.byDay.get(key)
    if (!list?.length) return null
    const ref = refOf(p.transactionRef)
    let found = ref === '' ? -1 : list.findIndex((e) => e.ref === ref && samePayee(e, p, supplierId))
    if (found < 0) found = list.findIndex((e) => (e.ref === '' || ref === '' || e.ref === ref) && samePayee(e, p, supplierId))
    if (found < 0) return null
    return list.splice(found, 1)[0]!.id
  }
}

/** Date and amount: the part of the key every row has; null when the row has no date to compare. */
function dayKey(p: { paidOn: string | null; amountPence: number }): string | null {
  return p.paidOn === null ? null : `${p.paidOn}\u001f${p.amountPence}`
}

