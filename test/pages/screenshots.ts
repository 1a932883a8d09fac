// `npx tsx test/pages/screenshots.ts`: takes the README's pictures (docs/*.png) again, of the
// shipped data as `npm start` serves it — a fresh database filled by `npm run ingest -- start`,
// the Node server over it, headless Debian Chromium. Run it after a change to how pages look;
// test/pages/readme-examples.test.ts checks the figures the README quotes beside them.
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../helpers/browser'
import { spawnServer } from '../helpers/server'
import { openShippedDb } from './shipped'

const docs = fileURLToPath(new URL('../../docs/', import.meta.url))

/** What each picture shows, and the frame it is taken in (an embed's, for embeds). */
const pictures = [
  { file: 'front-page.png', path: '/', width: 900, height: 760 },
  // From the "Money out" heading: the total, consultancy by rule and the monthly chart.
  { file: 'body-page.png', path: '/bodies/manchester', width: 900, height: 900, from: '#money-out' },
  {
    file: 'embed-card.png',
    path: '/embed/figure?body=cabinet-office&from=2019-06-01&to=2020-05-31&consultancyOnly=true&label=Cabinet+Office+spending+on+consultants',
    width: 420,
    height: 300,
  },
  { file: 'embed-chart.png', path: '/embed/chart.svg?body=cabinet-office&consultancyOnly=true&from=2019-06-01&to=2020-05-31&groupBy=supplier&first=5', width: 640, height: 360, svg: true },
  { file: 'embed-fees-card.png', path: '/embed/figure?programme=haringey-54000-programme&show=fees', width: 420, height: 400 },
]

async function main() {
  process.stderr.write('filling a database as npm start does (about a minute)…\n')
  const shipped = openShippedDb()
  const server = await spawnServer(['npx', 'tsx', 'api/node.ts'], { DATABASE_URL: shipped.url })
  const browser = await launchChromium()
  try {
    for (const p of pictures) {
      const page = await browser.newPage({ viewport: { width: p.width, height: p.height } })
      const res = await page.goto(`${server.url}${p.path}`)
      if (res?.status() !== 200) throw new Error(`${p.path} answered ${res?.status()}`)
      if (p.svg) {
        // An SVG opened on its own sits at its own size; the picture is the chart, nothing around it.
        await page.locator('svg').first().screenshot({ path: `${docs}${p.file}` })
      } else if (p.from) {
        const top = await page.locator(p.from).evaluate((e) => e.getBoundingClientRect().top + window.scrollY)
        await page.screenshot({ path: `${docs}${p.file}`, fullPage: true, clip: { x: 0, y: Math.max(0, top - 12), width: p.width, height: p.height } })
      } else {
        await page.screenshot({ path: `${docs}${p.file}` })
      }
      process.stderr.write(`wrote docs/${p.file}\n`)
      await page.close()
    }
  } finally {
    await browser.close()
    server.stop()
    shipped.close()
  }
}

await main()
