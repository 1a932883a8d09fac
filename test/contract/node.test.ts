import { afterAll, beforeAll, describe, it } from 'vitest'
import { openTestApi, type TestApi } from '../helpers/db'
import { hasShared, needsShared } from '../helpers/shared'
import { cases, spendFixtures } from './cases'

describe('HTTP contract on Node (Hono app in-process, libsql file)', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi({ spend: spendFixtures })
  })
  afterAll(() => t.close())

  for (const c of cases) it.skipIf(c.payments && !hasShared)(`${c.name}${c.payments ? needsShared : ''}`, () => c.run(t.rt))
})
