import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { printSdl, sdlPath } from '../../schema/print'

describe('schema/schema.graphql', () => {
  it('is the printed SDL of the live schema (run `npm run schema:print` after a schema change)', () => {
    expect(readFileSync(sdlPath, 'utf8')).toBe(printSdl())
  })

  it('never types money as a 32-bit Int', () => {
    const sdl = printSdl()
    expect(sdl).toMatch(/scalar SafeInt/)
    expect(sdl).not.toMatch(/\b(pence|Pence)\b[^\n]*:\s*Int\b/)
  })
})
