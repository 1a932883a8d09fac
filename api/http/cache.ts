import { eq } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../schema/db'
import { meta } from '../../schema/tables'
import { limits } from '../limits/limits'

/** The part of the Workers Cache API we use; caches.default fits, and so does memoryCache(). */
export interface ResponseCache {
  match(request: Request): Promise<Response | undefined>
  put(request: Request, response: Response): Promise<void>
}

/**
 * A small LRU for the Node server, same contract as the Workers cache. Bounded in bytes as well as
 * entries: 500 answers of a few MB each (a wide SVG, a long CSV) would otherwise hold gigabytes.
 * An answer larger than a tenth of the budget is not kept at all.
 */
export function memoryCache(maxEntries = 500, maxBytes = 64 * 1024 * 1024): ResponseCache {
  const entries = new Map<string, { body: ArrayBuffer; status: number; headers: [string, string][]; bytes: number }>()
  let bytes = 0
  const drop = (key: string) => {
    const hit = entries.get(key)
    if (!hit) return
    bytes -= hit.bytes
    entries.delete(key)
  }
  return {
    async match(request) {
      const hit = entries.get(request.url)
      if (!hit) return undefined
      entries.delete(request.url)
      entries.set(request.url, hit)
      return new Response(hit.body, { status: hit.status, headers: hit.headers })
    },
    async put(request, response) {
      const body = await response.arrayBuffer()
      const headers = [...response.headers]
      const size = body.byteLength + request.url.length + headers.reduce((n, [k, v]) => n + k.length + v.length, 0)
      drop(request.url)
      if (size > maxBytes / 10) return
      entries.set(request.url, { body, status: response.status, headers, bytes: size })
      bytes += size
      while (entries.size > maxEntries || bytes > maxBytes) drop(entries.keys().next().value as string)
    },
  }
}

/** The version of the data the answer was computed from; every ingest or data load changes it. */
export async function dataVersion(db: Db): Promise<string> {
  const row = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'data_version')).get()
  return row?.value ?? 'empty'
}

/**
 * dataVersion, read again at most every `ttlMs`: a cached answer then costs no SQL, and new data
 * is served at most `ttlMs` after it lands. 0 reads it for every request.
 */
function versionReader(ttlMs: number): (db: Db) => Promise<string> {
  if (ttlMs <= 0) return dataVersion
  const known = new WeakMap<Db, { value: Promise<string>; until: number }>()
  return (db) => {
    const now = Date.now()
    const hit = known.get(db)
    if (hit && now < hit.until) return hit.value
    const value = dataVersion(db)
    known.set(db, { value, until: now + ttlMs })
    // A failed read is not remembered.
    value.catch(() => known.delete(db))
    return value
  }
}

/**
 * Same request, same key: parameters sorted by name, data version added so new data is a new key.
 * Repeats of one name keep their order (the sort is stable): which comes first can change the answer.
 */
export function cacheKey(url: string, version: string, accept = ''): Request {
  const u = new URL(url)
  const params = [...u.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const key = new URL(`${u.origin}${u.pathname}`)
  for (const [k, v] of params) key.searchParams.append(k, v)
  // Yoga answers application/json or application/graphql-response+json by the Accept header.
  key.searchParams.set('__accept', accept)
  key.searchParams.set('__data_version', version)
  return new Request(key.toString(), { method: 'GET' })
}

async function hexDigest(data: ArrayBuffer | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')
}

async function etagOf(body: ArrayBuffer): Promise<string> {
  return `"${await hexDigest(body)}"`
}

/** The body cap (api/http/body-limit.ts) runs first, so a body this cache reads is never larger. */
const MAX_CACHED_POST_BYTES = limits.maxBodyBytes

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
}

function notModified(etag: string, cacheControl: string, state: string): Response {
  return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl, 'x-cache': state } })
}

export interface CacheOptions {
  store?: ResponseCache
  /** Seconds a browser or CDN may reuse an answer without asking again. */
  maxAgeSeconds: number
  /** How long a read of the data version is reused (default 0: every request reads it). */
  versionTtlMs?: number
  /** Lets the Worker finish cache writes after answering. */
  waitUntil?: (c: Parameters<MiddlewareHandler>[0], work: Promise<unknown>) => void
}

/**
 * Caches successful GET answers, keyed by the normalised request and the data version, and
 * answers If-None-Match with 304. POSTed GraphQL queries are cached in the store too, under a key
 * made from the body's hash (the API has no mutations), but carry no public Cache-Control.
 * Answers that carry GraphQL errors are never cached.
 */
export function responseCache(options: CacheOptions): MiddlewareHandler<{ Variables: { db: Db } }> {
  const cacheControl = `public, max-age=${options.maxAgeSeconds}`
  const versionOf = versionReader(options.versionTtlMs ?? 0)
  return async (c, next) => {
    const isPost = c.req.method === 'POST' && c.req.path === '/graphql'
    // GET /graphql without a query is GraphiQL's page; only answers are cached.
    if (!isPost && (c.req.method !== 'GET' || (c.req.path === '/graphql' && !c.req.query('query')))) return next()
    let lookup = c.req.url
    if (isPost) {
      if (!options.store || Number(c.req.header('content-length') ?? 0) > MAX_CACHED_POST_BYTES) return next()
      const text = await c.req.raw.clone().text()
      if (text.length > MAX_CACHED_POST_BYTES) return next()
      // The content type is part of what the body means (graphqlRequestChecks admits only JSON ones).
      lookup = `${new URL(c.req.url).origin}/graphql?__post=${await hexDigest(text)}&__content_type=${encodeURIComponent(c.req.header('content-type') ?? '')}`
    }
    const key = cacheKey(lookup, await versionOf(c.get('db')), c.req.header('accept') ?? '')
    const ifNoneMatch = isPost ? undefined : c.req.header('if-none-match')

    const hit = await options.store?.match(key)
    if (hit) {
      const etag = hit.headers.get('etag') ?? ''
      if (matchesEtag(ifNoneMatch, etag)) return notModified(etag, cacheControl, 'HIT')
      const res = new Response(hit.body, hit)
      res.headers.set('x-cache', 'HIT')
      if (isPost) res.headers.delete('cache-control')
      return res
    }

    await next()
    const res = c.res
    if (res.status !== 200) return
    const body = await res.clone().arrayBuffer()
    if ((res.headers.get('content-type') ?? '').includes('json') && hasGraphQLErrors(body)) return
    const etag = await etagOf(body)
    const headers = new Headers(res.headers)
    headers.set('etag', etag)
    // The Workers cache keeps only what Cache-Control lets it; a POST's answer keeps it in the store only.
    headers.set('cache-control', cacheControl)
    headers.set('x-cache', 'MISS')
    if (options.store) {
      const put = options.store.put(key, new Response(body, { status: 200, headers }))
      if (options.waitUntil) options.waitUntil(c, put)
      else await put
    }
    if (isPost) headers.delete('cache-control')
    c.res = matchesEtag(ifNoneMatch, etag) ? notModified(etag, cacheControl, 'MISS') : new Response(body, { status: 200, headers })
  }
}

function hasGraphQLErrors(body: ArrayBuffer): boolean {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { errors?: unknown[] }
    return Array.isArray(parsed.errors) && parsed.errors.length > 0
  } catch {
    return false
  }
}
