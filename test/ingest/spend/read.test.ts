import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvRowReader, MAX_RECORD_CHARS, UnterminatedQuoteError } from '../../../ingest/spend/read'

function readAll(chunks: string[], newline: '\r\n' | '\n' | '\r' = '\r\n') {
  const reader = new CsvRowReader(',', newline)
  const rows: string[][] = []
  const lines: number[] = []
  const quoteErrors: number[] = []
  for (const batch of [...chunks.map((c) => reader.push(c)), reader.end()]) {
    batch.quoteErrors.forEach((i) => quoteErrors.push(lines.length + i))
    batch.rows.forEach((r, i) => {
      rows.push(r)
      lines.push(batch.lines[i]!)
    })
  }
  return { rows, lines, quoteErrors }
}

describe('CsvRowReader', () => {
  it('numbers rows by physical line, counting breaks inside quoted fields', () => {
    const text = 'a,b\r\n1,"two\nlines"\r\n3,"x\r\ny\r\nz"\r\n\r\n4,end'
    expect(readAll([text])).toEqual({
      rows: [['a', 'b'], ['1', 'two\nlines'], ['3', 'x\r\ny\r\nz'], [''], ['4', 'end']],
      lines: [1, 2, 4, 7, 8],
      quoteErrors: [],
    })
  })

  it('reads a last row without a final newline, and no phantom row after one', () => {
    expect(readAll(['a,b\n1,2'], '\n').rows).toEqual([['a', 'b'], ['1', '2']])
    expect(readAll(['a,b\n1,2\n'], '\n').rows).toEqual([['a', 'b'], ['1', '2']])
  })

  it('gives the same rows and lines however the text is cut into chunks (property)', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .£]{0,8}$/),
      fc.stringMatching(/^[a-z,"\n]{0,8}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
    )
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(','))
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (rows, cuts) => {
        const text = rows.map((r) => `${r}\r\n`).join('')
        const whole = readAll([text])
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const chunks: string[] = []
        let from = 0
        for (const p of points) {
          chunks.push(text.slice(from, p))
          from = p
        }
        chunks.push(text.slice(from))
        expect(readAll(chunks)).toEqual(whole)
        expect(whole.rows.length).toBe(rows.length)
      }),
    )
  })

  it('refuses an unclosed quote, naming the line it opened on', () => {
    expect(() => readAll(['a,b\r\n1,2\r\n3,"never closed\r\n4,5\r\n'])).toThrow(UnterminatedQuoteError)
    try {
      readAll(['a,b\r\n1,2\r\n3,"never closed\r\n4,5\r\n'])
    } catch (error) {
      expect((error as UnterminatedQuoteError).line).toBe(3)
    }
  })

  it('flags a row whose quotes are malformed', () => {
    const { quoteErrors } = readAll(['a,b\r\n1,"x"y,z"\r\n2,3\r\n'])
    expect(quoteErrors.length).toBeGreaterThan(0)
  })

  it('holds a 10 MB field across chunks', () => {
    const big = 'x'.repeat(10 * 1024 * 1024)
    const text = `a,b\r\n1,"${big}"\r\n2,3\r\n`
    const chunks: string[] = []
    for (let i = 0; i < text.length; i += 1 << 20) chunks.push(text.slice(i, i + (1 << 20)))
    const { rows, lines } = readAll(chunks)
    expect(rows.map((r) => r[1]!.length)).toEqual([1, big.length, 1])
    expect(lines).toEqual([1, 2, 3])
    expect(MAX_RECORD_CHARS).toBeGreaterThan(big.length)
  })
})
