import { describe, expect, it } from 'vitest'
import { createApp } from '../../api/app'

describe('an error outside GraphQL', () => {
  it('is a coded 500 with no detail for the client', async () => {
    const app = createApp({
      db: () => {
        throw new Error('SQLITE_CANTOPEN: unable to open /secret/path.db')
      },
    })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      const res = await app.request('/healthz')
      expect(res.status).toBe(500)
      const text = await res.text()
      expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR')
      expect(text).not.toMatch(/SQLITE|secret/)
      expect(errors).toHaveLength(1)
    } finally {
      console.error = original
    }
  })
})

describe('pages that do not need the data', () => {
  it('GET / answers even when the database is down', async () => {
    const app = createApp({
      db: () => {
        throw new Error('database down')
      },
    })
    const res = await app.request('/')
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/consultwatch/)
  })
})
