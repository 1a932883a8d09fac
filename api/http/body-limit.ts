import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { problem } from './problem'

/**
 * Caps every request body before anything reads it: by Content-Length when it is given, and by
 * counting a chunked body as it arrives (hono's bodyLimit stops reading at the cap), so nothing
 * ever holds more than `maxBytes` of a body.
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () =>
      problem('PAYLOAD_TOO_LARGE', `The request body passes the limit of ${maxBytes} bytes. Send a shorter query; pass long lists as several requests.`),
  })
}
