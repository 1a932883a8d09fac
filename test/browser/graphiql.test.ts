import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { hasChromium, launchChromium, needsChromium } from '../helpers/browser'
import { openTestDb, type TestDb } from '../helpers/db'
import { type Spawned, spawnServer } from '../helpers/server'

describe.skipIf(!hasChromium)(`GraphiQL in headless Chromium, served by the Node server with no internet${needsChromium}`, () => {
  let t: TestDb
  let server: Spawned
  let browser: Browser
  beforeAll(async () => {
    t = await openTestDb()
    server = await spawnServer(['npx', 'tsx', 'api/node.ts'], { DATABASE_URL: t.url })
    browser = await launchChromium()
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    server?.stop()
    t?.close()
  })

  it('opens at /graphql with our example query, runs it, and shows the Haringey contract', async () => {
    const page = await browser.newPage()
    const failed: string[] = []
    page.on('requestfailed', (r) => failed.push(r.url()))
    await page.goto(`${server.url}/graphql`)
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 })
    await expect.poll(() => page.locator('.graphiql-query-editor').first().innerText(), { timeout: 20_000 }).toContain('impower')
    await page.locator('.graphiql-execute-button').first().click()
    await expect.poll(() => page.locator('.graphiql-response').first().innerText(), { timeout: 20_000 }).toContain('200000000')
    expect(await page.locator('.graphiql-response').first().innerText()).toContain('Haringey')
    // Everything the page needed came from our server.
    expect(failed.filter((u) => u.startsWith(server.url))).toEqual([])
    await page.close()
  })
})
