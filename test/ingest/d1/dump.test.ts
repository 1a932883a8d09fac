import { describe, expect, it } from 'vitest'
import { splitsForWrangler } from '../../../ingest/d1/dump'
import { migrationScript } from '../../../schema/migrate'

describe('the D1 seed splits the way wrangler splits it', () => {
  it('accepts every migration this project ships', () => {
    const script = migrationScript()
    expect(splitsForWrangler(script)).toBe(script)
  })

  it('refuses a CASE whose END is followed by a comma, naming the line', () => {
    const script = 'CREATE TABLE t (a);\nSELECT CASE WHEN a THEN 1 END, a FROM t;'
    expect(() => splitsForWrangler(script)).toThrow(/line 2 .*END AS name/)
  })

  it('refuses a lower-case end, which wrangler does not see', () => {
    expect(() => splitsForWrangler('SELECT CASE WHEN 1 THEN 2 end FROM t;')).toThrow(/upper-case END/)
  })

  it('ignores END inside quoted strings and identifiers', () => {
    const script = "INSERT INTO t (`END,`) VALUES ('the END, at last', \"END)\");\nSELECT CASE WHEN 1 THEN 2 END AS x;"
    expect(splitsForWrangler(script)).toBe(script)
  })
})
