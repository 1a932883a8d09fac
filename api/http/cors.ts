import type { MiddlewareHandler } from 'hono'

/**
 * Public data, no credentials: any page may read any answer. A fixed '*' rather than the caller's
 * Origin, so a cached answer is right for every site. Set after everything else ran, so every
 * answer gets it — fresh, cached, 304, every error, 413, 415 and 429 — whichever route made it.
 */
export function publicCors({ maxAgeSeconds = 86400 } = {}): MiddlewareHandler {
  const headers = {
    'access-control-allow-origin': '*',
    // Scripts may read these: a client revalidates with the ETag and backs off on Retry-After.
    'access-control-expose-headers': 'etag, x-cache, retry-after, content-length',
  }
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...headers,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'content-type, accept, if-none-match',
          'access-control-max-age': String(maxAgeSeconds),
        },
      })
    }
    await next()
    let res = c.res
    try {
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v)
    } catch {
      // Answers from the Workers cache or fetch() have immutable headers: copy, then set.
      res = new Response(res.body, res)
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v)
      c.res = res
    }
  }
}
