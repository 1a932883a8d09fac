import type { MiddlewareHandler } from 'hono'
import { problem } from './problem'

const JSON_TYPE = /^application\/(graphql-response\+)?json\s*(;|$)/i

function isJsonObject(text: string | undefined): boolean {
  if (text === undefined || text === '') return true
  try {
    const value: unknown = JSON.parse(text)
    return value === null || (typeof value === 'object' && !Array.isArray(value))
  } catch {
    return false
  }
}

/**
 * Refuses malformed GraphQL-over-HTTP requests with a coded answer before Yoga or the cache see
 * them: a POST that is not JSON (415; with no content-type the body could mean anything, so it is
 * never answered from the cache), GET `variables`/`extensions` that are not JSON objects (400).
 */
export function graphqlRequestChecks(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST') {
      const type = c.req.header('content-type') ?? ''
      if (!JSON_TYPE.test(type)) {
        return problem('UNSUPPORTED_MEDIA_TYPE', `${type ? `Content-Type ${type.slice(0, 80)} is not supported` : 'The request has no Content-Type'}. Send the query as JSON with Content-Type: application/json.`)
      }
    } else if (c.req.method === 'GET') {
      for (const param of ['variables', 'extensions']) {
        if (!isJsonObject(c.req.query(param))) {
          return problem('BAD_REQUEST', `The "${param}" parameter must be a JSON object, e.g. ${param}={"first":10} (URL-encoded).`)
        }
      }
    }
    await next()
  }
}
