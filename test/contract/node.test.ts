import { afterAll, beforeAll, describe, it } from 'vitest'
import { createApp } from '../../api/app'
import { openTestDb, type TestDb } from '../helpers/db'
import type { Runtime } from '../helpers/graphql'
import { cases } from './cases'

describe('HTTP contract on Node (Hono app in-process, libsql file)', () => {
  let t: TestDb
  let rt: Runtime
  beforeAll(async () => {
    t = await openTestDb()
    const app = createApp({ db: () => t.db })
    rt = { name: 'node', fetch: async (path, init) => app.request(path, init) }
  })
  afterAll(() => t.close())

  for (const c of cases) it(c.name, () => c.run(rt))
})
