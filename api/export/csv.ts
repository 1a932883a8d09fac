// CSV cells and streams. Text is quoted per RFC 4180 and, when a spreadsheet would run it as a
// formula, neutralised with a leading apostrophe (OWASP's advice for CSV injection); amounts and
// counts are written as plain numbers, so a credit stays -688.83 and sums in any spreadsheet.

/** A cell: text is neutralised and quoted as needed; numbers and exact decimals are written as they are. */
export type Cell = string | number | boolean | null | undefined | { decimal: string }

const FORMULA_START = /^[=+\-@\t\r]/

function text(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function cell(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return value.decimal
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return text(value)
}

export function line(cells: readonly Cell[]): string {
  return `${cells.map(cell).join(',')}\r\n`
}

/**
 * A CSV body that pulls one page at a time: the header, then each page `next` returns until it
 * returns null. Only one page is ever held, so an export of any size runs in bounded memory.
 */
export function csvStream(header: readonly string[], next: () => Promise<Cell[][] | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(line(header)))
        return
      }
      // A pull that enqueues nothing is not called again: skip empty pages here. A failure part
      // way errors the stream (the connection is cut), so a client never takes a truncated CSV
      // for a complete one.
      for (;;) {
        let rows: Cell[][] | null
        try {
          rows = await next()
        } catch (error) {
          controller.error(error)
          return
        }
        if (rows === null) {
          controller.close()
          return
        }
        if (rows.length) {
          controller.enqueue(encoder.encode(rows.map(line).join('')))
          return
        }
      }
    },
  })
}
