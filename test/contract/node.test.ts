import { afterAll, beforeAll, describe, it } from 'vitest'
import { openTestApi, type TestApi } from '../helpers/db'
import { cases } from './cases'

describe('HTTP contract on Node (Hono app in-process, libsql file)', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(() => t.close())

  for (const c of cases) it(c.name, () => c.run(t.rt))
})
