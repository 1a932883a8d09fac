import { sql } from 'drizzle-orm'
import { type Context as HonoContext, Hono, type MiddlewareHandler } from 'hono'
import type { Db } from '../schema/db'
import { exportRoutes } from './export/routes'
import type { Deadline } from '../schema/graphql/context'
import { type GraphQLServer, yoga as defaultYoga } from './graphql'
import { requestBodyLimit } from './http/body-limit'
import { type CacheOptions, responseCache } from './http/cache'
import { publicCors } from './http/cors'
import { graphqlRequestChecks } from './http/graphql-request'
import { codeEmptyErrors, problem } from './http/problem'
import { forwardedClient, type RateLimiter, rateLimit } from './http/rate-limit'
import { timeBudget } from './http/time-budget'
import { limits } from './limits/limits'
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
  /** Milliseconds a request may take (default limits.timeBudgetMs); tests shorten it. */
  timeBudgetMs?: number
  /** The time budget's clock in milliseconds (default performance.now); tests inject one. */
  clock?: () => number
}

export type AppVariables = { db: Db; deadline: Deadline }

/** The HTTP surface: routes only. Entries (node.ts, worker.ts) supply the database. */
export function createApp<E extends object = object>(options: AppOptions<E>) {
  const app = new Hono<{ Bindings: E; Variables: AppVariables }>()
  const yoga = options.graphql ?? defaultYoga

  const withDb: MiddlewareHandler<{ Bindings: E; Variables: AppVariables }> = async (c, next) => {
    c.set('db', options.db(c as unknown as HonoContext<{ Bindings: E }>))
    await next()
  }

  // Hono runs handlers in the order they are registered. CORS and coded error bodies wrap every
  // route (they act on the answer, after the rest ran); /healthz needs the database but is never
  // rate-limited; then the limit and the body cap for every other route; /graphql then gets its
  // request checks, the answer cache and a time budget; pages (api/pages) come after the limit.
  app.use('*', publicCors(), codeEmptyErrors())

  app.get('/healthz', withDb, async (c: HonoContext<{ Bindings: E; Variables: AppVariables }>) => {
    await c.get('db').get(sql`select 1`)
    return c.json({ status: 'ok' })
  })

  if (options.rateLimiter) {
    const limiterOf = options.rateLimiter
    const keyOf = options.clientKey ?? ((c: HonoContext<{ Bindings: E }>) => forwardedClient(c.req.raw.headers) ?? 'unknown')
    app.use('*', (c, next) => rateLimit(limiterOf(c as unknown as HonoContext<{ Bindings: E }>), (c) => keyOf(c as unknown as HonoContext<{ Bindings: E }>))(c, next))
  }
  app.use('*', requestBodyLimit(limits.maxBodyBytes))
  // The time budget covers execution; an answer from the cache needs none.
  app.use('/graphql', graphqlRequestChecks(), withDb, responseCache(options.cache ?? { maxAgeSeconds: 60 }), timeBudget(options.timeBudgetMs ?? limits.timeBudgetMs, options.clock))
  app.on(['GET', 'POST'], '/graphql', (c) => yoga.fetch(c.req.raw, { db: c.get('db'), deadline: c.get('deadline') }))
  app.all('/graphql', (c) => problem('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on /graphql. Use GET or POST.`, { allow: 'GET, POST, OPTIONS' }))
  // The CSV behind every answer (issue 9): streamed bodies, with their own ETag handling.
  app.use('/v1/*', withDb)
  app.route('/v1', exportRoutes({ maxAgeSeconds: options.cache?.maxAgeSeconds ?? 60 }))
  // Pages, embeds and oEmbed: the front page answers even with the database down.
  app.route('/', pageRoutes({ db: (c) => options.db(c as unknown as HonoContext<{ Bindings: E }>), cache: responseCache(options.cache ?? { maxAgeSeconds: 60 }) as unknown as MiddlewareHandler }))

  app.notFound((c) => problem('NOT_FOUND', `No route ${c.req.method} ${new URL(c.req.url).pathname}. Try POST /graphql.`))

  app.onError((error, c) => {
    // The operator sees what broke (an invalid Worker env, a database down); the client never does.
    console.error(error)
    return problem('INTERNAL_SERVER_ERROR', 'Something went wrong on our side. Try again shortly.')
  })

  return app
}
