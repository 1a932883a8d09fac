// The reading and embedding surface, mounted on the app by api/app.ts: pages, embeds, oEmbed and
// our own static files. Pages may not be framed; embeds may be framed anywhere and run no script.
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { Db } from '../../schema/db'
import { builderPage } from '../embed/builder'
import { chartSvg, figureCard } from '../embed/card'
import { oembed } from '../embed/oembed'
import { BadParams } from '../embed/params'
import { builderJs, embedCss, favicon, siteCss } from './assets'
import { bodyPage } from './body'
import { frontPage } from './front'
import { html, type Html } from './html'
import { notFoundPage, page } from './layout'
import { programmePage } from './programme'
import { QueryFailed } from './query'
import { searchPage } from './search'
import { embedHeaders, pageHeaders } from './security'
import { supplierPage } from './supplier'

type Env = { Variables: { db: Db } }

export interface PageRouteOptions {
  /** The request's database; may throw when it is unreachable. */
  db: (c: Context) => Db
  /** ETag / 304 and the answer cache, as for GraphQL GETs (reads c.get('db')). */
  cache: MiddlewareHandler
}

function originOf(c: Context): string {
  return new URL(c.req.url).origin
}

function pathOf(c: Context): string {
  const u = new URL(c.req.url)
  return `${u.pathname}${u.search}`
}

export function pageRoutes(options: PageRouteOptions) {
  const app = new Hono<Env>()
  const withDb: MiddlewareHandler<Env> = async (c, next) => {
    c.set('db', options.db(c))
    await next()
  }
  const render = (c: Context, title: string, main: Html, status: 200 | 404 | 400 = 200) =>
    c.html(page({ title, origin: originOf(c), path: pathOf(c) }, main), status)

  app.get('/assets/site.css', (c) => c.body(siteCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }))
  app.get('/assets/embed.css', (c) => c.body(embedCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }))
  // Browsers ask for it on every visit; answering keeps their consoles clean.
  app.get('/favicon.ico', (c) => c.body(favicon, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }))
  app.get('/assets/builder.js', (c) => c.body(builderJs, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }))

  // The front page answers even when the database is down: it says what this is, without figures
  // (and that degraded page is never cached).
  const frontWithoutData = async (c: Context) => {
    const front = await frontPage(null)
    return render(c, front.title, front.main)
  }
  const dbIfUp: MiddlewareHandler<Env> = async (c, next) => {
    let db: Db
    try {
      db = options.db(c)
      c.set('db', db)
      // A cache hit is the cache's return value: dropping it left the page unanswered (a 500).
      return await options.cache(c, next)
    } catch (error) {
      console.error(error)
      c.res = await frontWithoutData(c)
    }
  }
  app.get('/', pageHeaders(), dbIfUp, async (c) => {
    const front = await frontPage(c.get('db'))
    if (!front.cacheable) c.header('cache-control', 'no-store')
    return render(c, front.title, front.main)
  })

  for (const path of ['/search', '/bodies/:slug', '/suppliers/:slug', '/programmes/:slug', '/embed']) app.use(path, pageHeaders(), withDb, options.cache)
  for (const path of ['/embed/figure', '/embed/chart.svg']) app.use(path, embedHeaders(), withDb, options.cache)
  app.use('/oembed', withDb, options.cache)

  app.get('/search', async (c) => {
    const result = await searchPage(c.get('db'), c.req.query('q') ?? '')
    return render(c, result.title, result.main, result.status)
  })
  app.get('/bodies/:slug', async (c) => {
    const result = await bodyPage(c.get('db'), c.req.param('slug'))
    if (!result) return c.html(notFoundPage({ origin: originOf(c), path: pathOf(c) }, 'We hold no body with that id.'), 404)
    return render(c, result.title, result.main)
  })
  app.get('/suppliers/:slug', async (c) => {
    const result = await supplierPage(c.get('db'), c.req.param('slug'))
    if (!result) return c.html(notFoundPage({ origin: originOf(c), path: pathOf(c) }, 'We hold no supplier with that id.'), 404)
    return render(c, result.title, result.main)
  })
  app.get('/programmes/:slug', async (c) => {
    const result = await programmePage(c.get('db'), c.req.param('slug'))
    if (!result) return c.html(notFoundPage({ origin: originOf(c), path: pathOf(c) }, 'We hold no programme with that id.'), 404)
    return render(c, result.title, result.main)
  })
  app.get('/embed', async (c) => {
    const result = await builderPage(c.get('db'), new URL(c.req.url).searchParams, originOf(c))
    return c.html(page({ title: 'Embed a figure or chart', origin: originOf(c), path: pathOf(c), scripts: ['/assets/builder.js'] }, result.main), result.status)
  })

  // The reader's mistake (a parameter we don't know, a range that cuts a period in two) is a 400 that says what to fix.
  const badParams = (c: Context, error: unknown) => {
    if (!(error instanceof BadParams) && !(error instanceof QueryFailed && error.clientCode)) throw error
    return c.html(html`<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Bad parameters</title><p>${error.message}</p></html>`, 400)
  }
  app.get('/embed/figure', async (c) => {
    try {
      const card = await figureCard(c.get('db'), new URL(c.req.url).searchParams, originOf(c))
      return c.html(card.html, card.status)
    } catch (error) {
      return badParams(c, error)
    }
  })
  app.get('/embed/chart.svg', async (c) => {
    try {
      const svg = await chartSvg(c.get('db'), new URL(c.req.url).searchParams)
      return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
    } catch (error) {
      return badParams(c, error)
    }
  })
  app.get('/oembed', async (c) => {
    const answer = oembed(new URL(c.req.url).searchParams, originOf(c))
    return c.json(answer.body, answer.status, { 'access-control-allow-origin': '*' })
  })
  return app
}
