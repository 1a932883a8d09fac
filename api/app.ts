import { sql } from 'drizzle-orm'
import { type Context as HonoContext, Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { Db } from '../schema/db'
import { errorCodes } from '../schema/graphql/errors'
import { exportRoutes } from './export/routes'
import { type GraphQLServer, yoga as defaultYoga } from './graphql'
import { type CacheOptions, responseCache } from './http/cache'
import { forwardedClient, type RateLimiter, rateLimit } from './http/rate-limit'
import { pageRoutes } from './pages/routes'

export interface AppOptions<E extends object> {
  /** Builds or returns the database for a request, from the entry's environment. */
  db: (c: HonoContext<{ Bindings: E }>) => Db
  /** Per-client request limit; none when absent. /healthz is never limited. */
  rateLimiter?: (c: HonoContext<{ Bindings: E }>) => RateLimiter
  /** Who the client is, for the limit. Default: CF-Connecting-IP / X-Forwarded-For, for use behind a proxy. */
  clientKey?: (c: HonoContext<{ Bindings: E }>) => string
  /** Caching of GET answers: ETag/If-None-Match always, a response store where given. */
  cache?: CacheOptions
  /** The GraphQL server; the default serves GraphiQL from a CDN. */
  graphql?: GraphQLServer
}

export type AppVariables = { db: Db }

function problem(code: keyof typeof errorCodes, message: string) {
  return { errors: [{ message, extensions: { code } }] }
}

/** The HTTP surface: routes only. Entries (node.ts, worker.ts) supply the database. */
export function createApp<E extends object = object>(options: AppOptions<E>) {
  const app = new Hono<{ Bindings: E; Variables: AppVariables }>()
  const yoga = options.graphql ?? defaultYoga

  const withDb: MiddlewareHandler<{ Bindings: E; Variables: AppVariables }> = async (c, next) => {
    c.set('db', options.db(c as unknown as HonoContext<{ Bindings: E }>))
    await next()
  }

  // Hono runs handlers in the order they are registered: /healthz needs the database but is
  // never rate-limited; /graphql gets the limit, then the answer cache; pages (api/pages) come after the limit.
  app.get('/healthz', withDb, async (c: HonoContext<{ Bindings: E; Variables: AppVariables }>) => {
    await c.get('db').get(sql`select 1`)
    return c.json({ status: 'ok' })
  })

  // Public data, no credentials: any page may read answers. A fixed '*' rather than the caller's
  // Origin, so a cached answer is right for every site; preflights are answered before the limit.
  app.use('/graphql', cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['content-type', 'accept'], maxAge: 86400 }))

  if (options.rateLimiter) {
    const limiterOf = options.rateLimiter
    const keyOf = options.clientKey ?? ((c: HonoContext<{ Bindings: E }>) => forwardedClient(c.req.raw.headers) ?? 'unknown')
    app.use('*', (c, next) => rateLimit(limiterOf(c as unknown as HonoContext<{ Bindings: E }>), (c) => keyOf(c as unknown as HonoContext<{ Bindings: E }>))(c, next))
  }
  app.use('/graphql', withDb, responseCache(options.cache ?? { maxAgeSeconds: 60 }))
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', (c) => yoga.fetch(c.req.raw, { db: c.get('db') }))
  // The CSV behind every answer (issue 9): its own CORS and ETag handling, since its bodies stream.
  app.use('/v1/*', withDb)
  app.route('/v1', exportRoutes({ maxAgeSeconds: options.cache?.maxAgeSeconds ?? 60 }))
  // Pages, embeds and oEmbed: the front page answers even with the database down.
  app.route('/', pageRoutes({ db: (c) => options.db(c as unknown as HonoContext<{ Bindings: E }>), cache: responseCache(options.cache ?? { maxAgeSeconds: 60 }) as unknown as MiddlewareHandler }))

  app.notFound((c) => c.json(problem('NOT_FOUND', `No route ${c.req.method} ${new URL(c.req.url).pathname}. Try POST /graphql.`), 404))

  app.onError((error, c) => {
    // The operator sees what broke (an invalid Worker env, a database down); the client never does.
    console.error(error)
    return c.json(problem('INTERNAL_SERVER_ERROR', 'Something went wrong on our side. Try again shortly.'), 500)
  })

  return app
}
