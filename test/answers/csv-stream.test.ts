// A CSV export that fails part way must not look complete: the stream errors instead of closing.
import { describe, expect, it } from 'vitest'
import { csvStream } from '../../api/export/csv'

describe('csvStream', () => {
  it('errors the stream when a later page fails, rather than ending it cleanly', async () => {
    let calls = 0
    const stream = csvStream(['a'], async () => {
      calls += 1
      if (calls === 1) return [[1]]
      throw new Error('page two failed')
    })
    await expect(new Response(stream).text()).rejects.toThrow()
  })

  it('closes after the last page', async () => {
    const pages: Array<number[][] | null> = [[[1]], [[2]], null]
    const stream = csvStream(['a'], async () => pages.shift() ?? null)
    expect(await new Response(stream).text()).toBe('a\r\n1\r\n2\r\n')
  })
})
