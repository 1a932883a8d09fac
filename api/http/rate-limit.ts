import type { MiddlewareHandler } from 'hono'

/** Decides whether a client may make another request now. */
export interface RateLimiter {
  limit(key: string): Promise<{ success: boolean; retryAfterSeconds: number }>
}

/**
 * Fixed-window counter in memory: exact on one Node process; in a Worker it is per isolate,
 * so only a fallback for when the rate-limiting binding is absent.
 */
export function memoryRateLimiter({
  limit,
  periodSeconds,
  now = Date.now,
  maxClients = 10_000,
}: { limit: number; periodSeconds: number; now?: () => number; maxClients?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  const periodMs = periodSeconds * 1000
  return {
    async limit(key) {
      const t = now()
      let w = windows.get(key)
      if (!w || t - w.start >= periodMs) {
        if (w) windows.delete(key)
        if (windows.size >= maxClients) {
          for (const [k, v] of windows) if (t - v.start >= periodMs) windows.delete(k)
          // Still full: forget the oldest windows (Map order is insertion order), so memory stays bounded.
          for (const k of windows.keys()) {
            if (windows.size < maxClients) break
            windows.delete(k)
          }
        }
        w = { start: t, count: 0 }
        windows.set(key, w)
      }
      w.count += 1
      return { success: w.count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((w.start + periodMs - t) / 1000)) }
    },
  }
}

/** Cloudflare's rate-limiting binding (wrangler.toml [[ratelimits]]); it does not say when the window resets. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

export function bindingRateLimiter(binding: RateLimitBinding, periodSeconds: number): RateLimiter {
  return {
    async limit(key) {
      const { success } = await binding.limit({ key })
      return { success, retryAfterSeconds: periodSeconds }
    },
  }
}

/**
 * The client a limit applies to, behind a proxy that sets these headers (Cloudflare sets
 * CF-Connecting-IP and overwrites what a client sent). Never trust them on a bare socket: a client
 * could send a new value with every request. null when neither is there.
 */
export function forwardedClient(headers: { get(name: string): string | null | undefined }): string | null {
  return headers.get('cf-connecting-ip') ?? headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null
}

export function rateLimit(limiter: RateLimiter, clientOf: (c: Parameters<MiddlewareHandler>[0]) => string): MiddlewareHandler {
  return async (c, next) => {
    const { success, retryAfterSeconds } = await limiter.limit(clientOf(c))
    if (!success) {
      return c.json(
        { errors: [{ message: `Too many requests. Try again in ${retryAfterSeconds} s, or cache answers on your side.`, extensions: { code: 'RATE_LIMITED' } }] },
        429,
        { 'retry-after': String(retryAfterSeconds) },
      )
    }
    await next()
  }
}
