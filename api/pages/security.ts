// What a browser may do with our pages. Pages load only our own files and may not be framed;
// embeds run no script at all and may be framed by any site (that is their job).
import type { MiddlewareHandler } from 'hono'

const common = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

/** Pages: our styles and our one small script (the embed builder's copy button), nothing from elsewhere. */
export const pageCsp =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/** Embeds: no script of any kind; our stylesheet; any site may frame them. */
export const embedCsp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors *"

export function pageHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    c.res.headers.set('content-security-policy', pageCsp)
    c.res.headers.set('x-frame-options', 'DENY')
    for (const [k, v] of Object.entries(common)) c.res.headers.set(k, v)
  }
}

export function embedHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    c.res.headers.set('content-security-policy', embedCsp)
    c.res.headers.delete('x-frame-options')
    for (const [k, v] of Object.entries(common)) c.res.headers.set(k, v)
  }
}
