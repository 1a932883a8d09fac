import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { limits } from '../../api/limits/limits'
import { errorCodes } from '../../schema/graphql/errors'

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
const section = readme.slice(readme.indexOf('## Limits, error codes and what to do when refused'), readme.indexOf('### Speed'))
const rows = [...section.matchAll(/^\| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => m.slice(1).map((c) => (c as string).trim()))
const row = (first: string) => rows.find((r) => r[0] === first)

describe('the README’s limits and error codes', () => {
  it('state the limits the code enforces', () => {
    const expected: Array<[string, number]> = [
      ['request body', limits.maxBodyBytes],
      ['query cost', limits.maxCost],
      ['depth', limits.maxDepth],
      ['aliases', limits.maxAliases],
      ['tokens', limits.maxTokens],
      ['directives', limits.maxDirectives],
      ['`nodes(ids:)`', limits.maxNodeIds],
      ['time budget', limits.timeBudgetMs],
    ]
    for (const [name, value] of expected) {
      expect(row(name), name).toBeDefined()
      expect(Number(/^\d+/.exec(row(name)?.[1] ?? '')?.[0]), name).toBe(value)
    }
  })

  it('list every error code with its status', () => {
    for (const [code, status] of Object.entries(errorCodes)) {
      const line = rows.find((r) => (r[0] ?? "").includes(`\`${code}\``))
      expect(line, code).toBeDefined()
      expect(line?.[1], code).toMatch(new RegExp(`^${status}\\b`))
    }
  })
})
