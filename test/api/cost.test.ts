import { describe, expect, it } from 'vitest'
import { getIntrospectionQuery, getOperationAST, parse } from 'graphql'
import { operationCost } from '../../api/limits/cost'
import { limits } from '../../api/limits/limits'
import { schema } from '../../schema/graphql/index'

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query)
  return operationCost(schema, document, getOperationAST(document)!, variables, limits)
}

describe('the static cost of a query', () => {
  it('charges a top-level filtered totalCount as a table scan, so 30 aliases of it are refused', () => {
    const one = cost('{ payments(filter: { expenseType: "zzz" }) { totalCount } }')
    expect(one).toBeGreaterThanOrEqual(2 * limits.scanCost)
    const aliased = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: payments(filter: { expenseType: "zzz" }) { totalCount }`).join(' ')} }`
    expect(cost(aliased)).toBeGreaterThan(limits.maxCost)
    // A count of one parent's rows is not a scan.
    expect(cost('{ spendFiles(first: 1) { edges { node { payments { totalCount } } } } }')).toBeLessThan(limits.scanCost)
  })

  it('multiplies only edges and nodes by the page size: totalCount and pageInfo count once', () => {
    const base = cost('{ bodies(first: 50) { edges { node { name } } } }')
    expect(cost('{ bodies(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }') - base).toBe(limits.scanCost + 3)
  })

  it('clamps first to the largest page a connection returns', () => {
    expect(cost('{ bodies(first: 100000) { edges { node { name } } } }')).toBe(cost(`{ bodies(first: ${limits.maxConnectionSize}) { edges { node { name } } } }`))
    expect(cost('query ($n: Int) { bodies(first: $n) { edges { node { name } } } }', { n: null })).toBe(cost(`{ bodies(first: ${limits.defaultConnectionSize}) { edges { node { name } } } }`))
  })

  it('costs introspection at a fixed amount whatever typeDepth it asks for', () => {
    for (const typeDepth of [undefined, 9, 20, 30]) {
      expect(cost(getIntrospectionQuery({ ...(typeDepth ? { typeDepth } : {}), descriptions: true, schemaDescription: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, oneOf: true } as never)), String(typeDepth)).toBeLessThanOrEqual(limits.introspectionCost)
    }
  })
})
