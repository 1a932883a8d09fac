import { decodeBase64, decodeCursorChunk } from '@pothos/core'
import { type DocumentNode, Kind, type ValueNode, visit } from 'graphql'

/** The most columns any connection of ours orders by (a column and its id tie-breaker). */
const MAX_CURSOR_VALUES = 2

const isPlain = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))

/**
 * Whether `cursor` could have come from this API. The drizzle plugin decodes any tagged JSON a
 * client writes (`DC:J:true`, `DC:J:{"a":1}`) and binds it straight into SQL, where a boolean
 * crashes the synchronous driver and an object becomes a driver error. Our connections only order
 * by string and number columns, so a cursor holds one such value or a short tuple of them.
 */
export function isOurCursor(cursor: string): boolean {
  let text: string
  try {
    text = decodeBase64(cursor)
  } catch {
    return false
  }
  // search's offset cursors: the relay plugin parses these itself, as integers only.
  if (text.startsWith('OffsetConnection:')) return true
  if (!text.startsWith('DC:')) return false
  let value: unknown
  try {
    value = decodeCursorChunk(text.slice(3))
  } catch {
    return false
  }
  if (Array.isArray(value)) return value.length >= 1 && value.length <= MAX_CURSOR_VALUES && value.every(isPlain)
  return isPlain(value)
}

/**
 * The first `after`/`before` in the document that is not one of our cursors, or null. Run on the
 * coerced variables before execution, so no SQL sees a value a cursor cannot hold.
 */
export function foreignCursor(document: DocumentNode, variables: Record<string, unknown>): string | null {
  let found: string | null = null
  const valueOf = (node: ValueNode): unknown =>
    node.kind === Kind.STRING ? node.value : node.kind === Kind.VARIABLE ? variables[node.name.value] : undefined
  visit(document, {
    Argument(node) {
      if (found !== null || (node.name.value !== 'after' && node.name.value !== 'before')) return
      const value = valueOf(node.value)
      if (typeof value === 'string' && !isOurCursor(value)) found = value
    },
  })
  return found
}
