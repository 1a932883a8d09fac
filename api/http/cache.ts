import { eq } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../schema/db'
import { meta } from '../../schema/tables'

/** The part of the Workers Cache API we use; caches.default fits, and so does memoryCache(). */
export interface ResponseCache {
  match(request: Request): Promise<Response | undefined>
  put(request: Request, response: Response): Promise<void>
}

/** A small LRU for the Node server, same contract as the Workers cache. */
export function memoryCache(maxEntries = 500): ResponseCache {
  const entries = new Map<string, { body: ArrayBuffer; status: number; headers: [string, string][] }>()
  return {
    async match(request) {
      const hit = entries.get(request.url)
      if (!hit) return undefined
      entries.delete(request.url)
      entries.set(request.url, hit)
      return new Response(hit.body, { status: hit.status, headers: hit.headers })
    },
    async put(request, response) {
      entries.set(request.url, { body: await response.arrayBuffer(), status: response.status, headers: [...response.headers] })
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    },
  }
}

/** The version of the data the answer was computed from; every ingest or data load changes it. */
export async function dataVersion(db: Db): Promise<string> {
  const row = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'data_version')).get()
  return row?.value ?? 'empty'
}

/** Same request, same key: query parameters sorted, data version added so new data is a new key. */
export function cacheKey(url: string, version: string): Request {
  const u = new URL(url)
  const params = [...u.searchParams].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)))
  const key = new URL(`${u.origin}${u.pathname}`)
  for (const [k, v] of params) key.searchParams.append(k, v)
  key.searchParams.set('__data_version', version)
  return new Request(key.toString(), { method: 'GET' })
}

async function etagOf(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body))
  return `"${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}"`
}

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
  /** Lets the Worker finish cache writes after answering. */
  waitUntil?: (c: Parameters<MiddlewareHandler>[0], work: Promise<unknown>) => void
}

/**
 * Caches successful GET answers, keyed by the normalised request and the data version, and
 * answers If-None-Match with 304. GraphQL answers that carry errors are never cached.
 */
export function responseCache(options: CacheOptions): MiddlewareHandler<{ Variables: { db: Db } }> {
  const cacheControl = `public, max-age=${options.maxAgeSeconds}`
  return async (c, next) => {
    // GET /graphql without a query is GraphiQL's page; only answers are cached.
    if (c.req.method !== 'GET' || (c.req.path === '/graphql' && !c.req.query('query'))) return next()
    const key = cacheKey(c.req.url, await dataVersion(c.get('db')))
    const ifNoneMatch = c.req.header('if-none-match')

    const hit = await options.store?.match(key)
    if (hit) {
      const etag = hit.headers.get('etag') ?? ''
      if (matchesEtag(ifNoneMatch, etag)) return notModified(etag, cacheControl, 'HIT')
      const res = new Response(hit.body, hit)
      res.headers.set('x-cache', 'HIT')
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
    headers.set('cache-control', cacheControl)
    headers.set('x-cache', 'MISS')
    if (options.store) {
      const put = options.store.put(key, new Response(body, { status: 200, headers }))
      if (options.waitUntil) options.waitUntil(c, put)
      else await put
    }
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
