import { describe, expect, it } from 'vitest'
import { cell, csvStream, line } from '../../api/export/csv'

describe('CSV cells', () => {
  it('neutralises text a spreadsheet would run as a formula, and keeps amounts plain numbers', () => {
    expect(line(['=HYPERLINK("http://x")', '+1', '-cmd', '@SUM(A1)', '\tx', '\rx', 'Acme Ltd'])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-cmd,'@SUM(A1),'\tx,"'\rx",Acme Ltd\r\n`,
    )
    expect(line([{ decimal: '-688.83' }, -5, 0.25, null, true])).toBe('-688.83,-5,0.25,,true\r\n')
  })

  it('quotes commas, quotes and line breaks', () => {
    expect(cell('Policy, Culture and Communication')).toBe('"Policy, Culture and Communication"')
    expect(cell('a "b"')).toBe('"a ""b"""')
    expect(cell('two\nlines')).toBe('"two\nlines"')
  })

  it('streams the header, then one page at a time until there are no more', async () => {
    const pages = [[[1, 'a']], [], [[2, 'b']]]
    let asked = 0
    const stream = csvStream(['n', 's'], async () => (asked < pages.length ? (pages[asked++] as never) : null))
    expect(await new Response(stream).text()).toBe('n,s\r\n1,a\r\n2,b\r\n')
    expect(asked).toBe(3)
  })
})
