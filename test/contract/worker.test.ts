import { afterAll, beforeAll, describe, it } from 'vitest'
import { openTestDb, type TestDb } from '../helpers/db'
import { startWorker, type WorkerRuntime } from '../helpers/worker'
import { hasShared, needsShared } from '../helpers/shared'
import { cases, spendFixtures } from './cases'

describe('HTTP contract in the Worker (wrangler dev, workerd, local D1)', () => {
  let t: TestDb
  let rt: WorkerRuntime
  beforeAll(async () => {
    t = await openTestDb({ spend: spendFixtures })
    rt = await startWorker({ dbUrl: t.url })
  }, 180_000)
  afterAll(async () => {
    await rt?.stop()
    t?.close()
  })

  for (const c of cases) it.skipIf(c.payments && !hasShared)(`${c.name}${c.payments ? needsShared : ''}`, () => c.run(rt))
})
