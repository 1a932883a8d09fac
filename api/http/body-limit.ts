import type { MiddlewareHandler } from 'hono'
import { problem } from './problem'

/**
 * Before answering 413 we read and drop at most this much more of the body, so a client still
 * sending gets our answer instead of a reset connection: workerd cannot read a request body once
 * the answer is sent, and resets the connection instead. Nothing is kept; past this the stream is
 * cancelled (a client sending more than this is not waiting for an answer).
 */
const DRAIN_BYTES = 32 * 1024 * 1024

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      dropped += value.length
      if (dropped > DRAIN_BYTES) return void (await reader.cancel())
    }
  } catch {
    // The client went away: nothing left to drop.
  }
}

async function refuse(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<Response> {
  await discard(reader)
  return problem('PAYLOAD_TOO_LARGE', `The request body passes the limit of ${maxBytes} bytes. Send a shorter query; pass long lists as several requests.`)
}

async function malformed(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Response> {
  await discard(reader)
  return problem('BAD_REQUEST', 'The Content-Length header must be one whole number of bytes. Send the body with a correct Content-Length, or chunked without one.')
}

/**
 * Caps every request body before anything reads it: by Content-Length when it is given, and by
 * counting a chunked body as it arrives, stopping at the cap, so nothing ever holds more than
 * `maxBytes` of a body. (hono's bodyLimit does the same but leaves the rest unread.)
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body
    if (!body) return next()
    const declared = c.req.header('content-length')
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      // Number('abc') and Number('10, 10') (two headers joined) are NaN, which no cap comparison
      // refuses: a length we cannot read is the client's mistake, as Yoga's own cap held.
      if (!/^\d+$/.test(declared)) return malformed(body.getReader())
      if (Number(declared) > maxBytes) return refuse(body.getReader(), maxBytes)
      return next()
    }
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxBytes) return refuse(reader, maxBytes)
      chunks.push(value)
    }
    const bytes = new Uint8Array(size)
    let offset = 0
    for (const chunk of chunks) {
      bytes.set(chunk, offset)
      offset += chunk.length
    }
    c.req.raw = new Request(c.req.raw, { body: bytes })
    await next()
  }
}
