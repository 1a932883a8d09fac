import { describe, expect, it } from 'vitest'
import { cacheKey } from '../../api/http/cache'

describe('the answer cache key', () => {
  it('sorts parameters by name but keeps repeats of one name in their order', () => {
    const key = (search: string) => cacheKey(`http://x/graphql?${search}`, 'v1').url
    expect(key('b=1&a=2')).toBe(key('a=2&b=1'))
    expect(key('x=A&x=B')).not.toBe(key('x=B&x=A'))
  })
})
