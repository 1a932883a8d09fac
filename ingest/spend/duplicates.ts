// Rows that repeat a payment already ingested for the body: the same date, amount, payee and
// (when the file has a reference column) reference. Bodies publish invoices and card payments
// separately, a quarter beside its months, a corrected file beside the first; a payment in two
// of them must not be counted twice. Such a row is stored (the file lands whole, as published)
// with payments.duplicate_of naming the earlier payment, and is left out of every rollup.
import type Database from 'libsql'
import { detach } from '../resolve/detach'

export interface PaymentKey {
  paidOn: string | null
  amountPence: number
  payeeName: string
  transactionRef: string | null
}

/** Above this many earlier payments the body's rows are not all held: the check is skipped with a warning. */
export const MAX_INDEXED = 2_000_000

/** The key two payments share when one repeats the other; null when the row has no date to compare. */
export function duplicateKey(p: PaymentKey, withReference: boolean): string | null {
  if (p.paidOn === null) return null
  const base = `${p.paidOn}\u001f${p.amountPence}\u001f${p.payeeName.trim().toLowerCase()}`
  return withReference ? `${base}\u001f${(p.transactionRef ?? '').trim().toLowerCase()}` : base
}

/**
 * The body's counted payments, by key, read before the file's transaction starts. Each earlier
 * payment can be repeated once: a file that holds the same payment twice where the earlier file
 * held it once has one duplicate and one new payment.
 */
export class DuplicateIndex {
  private constructor(private readonly ids: Map<string, number[]>) {}

  static load(db: Database.Database, bodyId: string, withReference: boolean): DuplicateIndex | 'too many' {
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM payments WHERE body_id = ? AND duplicate_of IS NULL').get(bodyId) as { n: number }
    if (n > MAX_INDEXED) return 'too many'
    const ids = new Map<string, number[]>()
    const rows = db
      .prepare(
        'SELECT id, paid_on AS paidOn, amount_pence AS amountPence, payee_name AS payeeName, transaction_ref AS transactionRef FROM payments WHERE body_id = ? AND duplicate_of IS NULL AND paid_on IS NOT NULL ORDER BY id',
      )
      .iterate(bodyId) as IterableIterator<PaymentKey & { id: number }>
    for (const row of rows) {
      const key = duplicateKey(row, withReference)!
      const list = ids.get(key)
      if (list) list.push(row.id)
      else ids.set(detach(key), [row.id])
    }
    return new DuplicateIndex(ids)
  }

  get size(): number {
    return this.ids.size
  }

  /** The earlier payment this one repeats (used up by the match), or null. */
  take(p: PaymentKey, withReference: boolean): number | null {
    const key = duplicateKey(p, withReference)
    if (key === null) return null
    const list = this.ids.get(key)
    if (!list?.length) return null
    return list.shift()!
  }
}
