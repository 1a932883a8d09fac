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

  it('introspects the schema: the Docs pane lists the root fields, with no "Error fetching schema"', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/graphql`)
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 })
    await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').first().click()
    const docs = page.locator('.graphiql-doc-explorer').first()
    await docs.waitFor({ timeout: 20_000 })
    await expect.poll(() => docs.innerText(), { timeout: 20_000 }).toMatch(/Query/)
    expect(await docs.innerText()).not.toMatch(/Error fetching schema|No GraphQL schema/)
    await docs.locator('a', { hasText: /^Query$/ }).first().click()
    await expect.poll(() => docs.innerText(), { timeout: 20_000 }).toMatch(/contracts/)
    expect(await docs.innerText()).toMatch(/savingsClaims/)
    await page.close()
  })

  it('autocompletes field names from the introspected schema', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/graphql`)
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 })
    // The Docs pane loading means the schema has arrived; then ask the editor for suggestions.
    await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').first().click()
    await expect.poll(() => page.locator('.graphiql-doc-explorer').first().innerText(), { timeout: 20_000 }).toMatch(/Query/)
    const editor = page.locator('.graphiql-query-editor').first()
    await editor.click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Delete')
    await page.keyboard.type('{ savingsCl')
    await page.keyboard.press('Control+Space')
    const suggestions = page.locator('.suggest-widget, .CodeMirror-hints').first()
    await expect.poll(() => suggestions.innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/savingsClaims/)
    await page.close()
  })
})
