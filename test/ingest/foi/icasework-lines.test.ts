import { describe, expect, it } from 'vitest'
import { linesOf, readIcasework } from '../../../ingest/foi/lists'

// Lines of iCasework cases are counted in one pass (the old count re-read the file up to each
// case); these check the lines are still right, also after an HTTP transcript's headers.
describe('iCasework case lines', () => {
  const cases = (n: number, unlabelled: number) =>
    Array.from({ length: n }, (_, i) =>
      [
        i % 3 === 0 ? '  <Case type="FOI">' : '  <Case>',
        `    <CaseId>${i + 1}</CaseId>`,
        i === unlabelled ? '' : `    <Label>Request ${i + 1}</Label>`,
        '    <Status>Closed - information provided</Status>',
        '  </Case>',
      ]
        .filter(Boolean)
        .join('\n'),
    )

  it('names the physical line of the case a problem is in, among thousands', () => {
    const n = 3000
    const unlabelled = 2718
    const headers = 'HTTP/1.1 200 OK\nContent-Type: text/xml\n\n'
    const xml = `${headers}<?xml version="1.0"?>\n<Cases>\n${cases(n, unlabelled).join('\n')}\n</Cases>\n`
    const content = readIcasework(xml)
    if (!('requests' in content)) throw new Error('not a request list')
    expect(content.requests).toHaveLength(n - 1)
    const physical = xml.split('\n').findIndex((l) => l.includes(`<CaseId>${unlabelled + 1}</CaseId>`)) // the line after <Case>, 0-based
    expect(content.problems).toEqual([{ line: physical, column: 'Label', reason: 'no label or details' }])
  })

  it('linesOf counts each match once, in order', () => {
    expect(linesOf('a\n<Case>\n\n<Case>x<Case>\n', /<Case[\s>]/g)).toEqual([2, 4, 4])
  })
})
