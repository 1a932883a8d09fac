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

/** The GraphQL-over-HTTP parameters of a GET: each means one thing, so each may appear once. */
const GRAPHQL_PARAMS = ['query', 'operationName', 'variables', 'extensions']

/**
 * Refuses malformed GraphQL-over-HTTP requests with a coded answer before Yoga or the cache see
 * them: a POST that is not JSON (415; with no content-type the body could mean anything, so it is
 * never answered from the cache), GET `variables`/`extensions` that are not JSON objects, or any GraphQL parameter given twice (400).
 */
export function graphqlRequestChecks(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST') {
      const type = c.req.header('content-type') ?? ''
      if (!JSON_TYPE.test(type)) {
        return problem('UNSUPPORTED_MEDIA_TYPE', `${type ? `Content-Type ${type.slice(0, 80)} is not supported` : 'The request has no Content-Type'}. Send the query as JSON with Content-Type: application/json.`)
      }
    } else if (c.req.method === 'GET') {
      // Given twice, which one counts is a guess Yoga and the cache could make differently (and
      // ?query=A&query=B would share a cached answer with ?query=B&query=A): refuse it.
      const params = new URL(c.req.url).searchParams
      for (const param of GRAPHQL_PARAMS) {
        if (params.getAll(param).length > 1) {
          return problem('BAD_REQUEST', `The "${param}" parameter is given more than once. Give it once.`)
        }
      }
      for (const param of ['variables', 'extensions']) {
        if (!isJsonObject(c.req.query(param))) {
          return problem('BAD_REQUEST', `The "${param}" parameter must be a JSON object, e.g. ${param}={"first":10} (URL-encoded).`)
        }
      }
    }
    await next()
  }
}
