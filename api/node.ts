// Node entry: `npm start`. Builds the libsql client from the environment and serves the app.
// The curated dataset is loaded by `npm run ingest -- data`, which `npm start` runs first.
import { mkdirSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createClient } from '@libsql/client'
import { z } from 'zod'
import { dbFromLibsql } from '../schema/client'
import { DEFAULT_DB_URL, fileFolderOf } from '../schema/database-url'
import { migrate } from '../schema/migrate'
import { renderGraphiQL } from '@graphql-yoga/render-graphiql'
import { createApp } from './app'
import { dbFromFile } from './node-db'
import { createGraphQL } from './graphql'
import { memoryCache } from './http/cache'
import { forwardedClient, memoryRateLimiter } from './http/rate-limit'

const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z.string().min(1).default(DEFAULT_DB_URL),
    RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(600),
    RATE_LIMIT_PERIOD_SECONDS: z.coerce.number().int().positive().default(60),
    CACHE_MAX_AGE_SECONDS: z.coerce.number().int().nonnegative().default(60),
    // Only behind a reverse proxy that sets X-Forwarded-For: otherwise a client could pick its own key.
    TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  })
  .parse(process.env)

// An embedded file database needs its folder; libsql creates the file itself.
const folder = fileFolderOf(env.DATABASE_URL)
if (folder) mkdirSync(folder, { recursive: true })

const client = createClient({ url: env.DATABASE_URL })
// WAL lets the API keep reading while `ingest spend` writes a large file into the same database.
if (env.DATABASE_URL.startsWith('file:')) await client.execute('PRAGMA journal_mode = WAL')
await migrate(dbFromLibsql(client))
// An embedded file is read through libsql's synchronous driver (see api/node-db.ts); Turso over the network through the client.
const db = env.DATABASE_URL.startsWith('file:') ? dbFromFile(env.DATABASE_URL.slice('file:'.length)).db : dbFromLibsql(client)

const limiter = memoryRateLimiter({ limit: env.RATE_LIMIT_REQUESTS, periodSeconds: env.RATE_LIMIT_PERIOD_SECONDS })
// GraphiQL's assets served by us, so the explorer works with no internet (too big for the Worker).
const graphql = createGraphQL({ renderGraphiQL })
const app = createApp({
  db: () => db,
  graphql,
  rateLimiter: () => limiter,
  clientKey: (c) => (env.TRUST_PROXY ? forwardedClient(c.req.raw.headers) : null) ?? getConnInfo(c).remote.address ?? 'unknown',
  // The data version is read again at most every second: a cached answer costs no SQL, and new data
  // is served within a second of landing.
  cache: { store: memoryCache(), maxAgeSeconds: env.CACHE_MAX_AGE_SECONDS, versionTtlMs: 1000 },
})

serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(`consultwatch API on http://${info.address === '::' ? 'localhost' : info.address}:${info.port}/graphql (database ${env.DATABASE_URL})`)
})
