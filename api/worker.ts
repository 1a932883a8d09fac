// Cloudflare Worker entry. The same Hono app and Yoga as on Node; the database comes from the
// bindings: a D1 binding `DB`, or Turso over HTTP when LIBSQL_URL is set.
import { createClient } from '@libsql/client/web'
import { z } from 'zod'
import { dbFromD1, dbFromLibsql } from '../schema/client'
import type { Db } from '../schema/db'
import { createApp } from './app'
import { bindingRateLimiter, memoryRateLimiter, type RateLimitBinding, type RateLimiter } from './http/rate-limit'

const EnvSchema = z.object({
  DB: z.custom<D1Database>((v) => typeof v === 'object' && v !== null && 'prepare' in v).optional(),
  LIBSQL_URL: z.string().url().optional(),
  LIBSQL_AUTH_TOKEN: z.string().optional(),
  RATE_LIMITER: z.custom<RateLimitBinding>((v) => typeof v === 'object' && v !== null && 'limit' in v).optional(),
  RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_PERIOD_SECONDS: z.coerce.number().int().positive().default(60),
})
type Env = z.infer<typeof EnvSchema>

interface Isolate {
  env: Env
  db: Db
  limiter: RateLimiter
}

// workerd hands every request of an isolate the same env object: validate it and build the
// clients once per env, not per request, and keep nothing else at module scope.
const built = new WeakMap<object, Isolate>()

function setUp(raw: Record<string, unknown>): Isolate {
  const cached = built.get(raw)
  if (cached) return cached
  const parsed = EnvSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`Worker environment is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const env = parsed.data
  let db: Db
  if (env.LIBSQL_URL) db = dbFromLibsql(createClient({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }))
  else if (env.DB) db = dbFromD1(env.DB)
  else throw new Error('Worker environment is invalid: bind a D1 database as DB, or set LIBSQL_URL (and LIBSQL_AUTH_TOKEN) for Turso')
  const limiter = env.RATE_LIMITER
    ? bindingRateLimiter(env.RATE_LIMITER, env.RATE_LIMIT_PERIOD_SECONDS)
    : memoryRateLimiter({ limit: env.RATE_LIMIT_REQUESTS, periodSeconds: env.RATE_LIMIT_PERIOD_SECONDS })
  const isolate = { env, db, limiter }
  built.set(raw, isolate)
  return isolate
}

const app = createApp<Record<string, unknown>>({
  db: (c) => setUp(c.env).db,
  rateLimiter: (c) => setUp(c.env).limiter,
  cache: {
    store: typeof caches !== 'undefined' ? (caches as unknown as { default: Cache }).default : undefined,
    maxAgeSeconds: 60,
    waitUntil: (c, work) => c.executionCtx.waitUntil(work),
  },
})

export default app
