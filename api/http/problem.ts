import type { MiddlewareHandler } from 'hono'
import { type ErrorCode, errorCodes } from '../../schema/graphql/errors'

/** The body of every error answer outside GraphQL execution: the same shape GraphQL errors have. */
export function problemBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] })
}

/** An error answer with its code's status, as application/json. */
export function problem(code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return new Response(problemBody(code, message), { status: errorCodes[code], headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
}

const byStatus: Record<number, [ErrorCode, string]> = {
  400: ['BAD_REQUEST', 'The request is malformed. Send a GraphQL request as JSON: POST /graphql {"query": "..."}.'],
  404: ['NOT_FOUND', 'Nothing is here. Try POST /graphql.'],
  405: ['METHOD_NOT_ALLOWED', 'This method is not allowed here. Use GET or POST.'],
  406: ['NOT_ACCEPTABLE', 'We answer application/json or application/graphql-response+json; send one of them in Accept.'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Send the request as Content-Type: application/json.'],
}

/** A coded problem for an error status someone else answered with no body (Yoga's 406 and 415). */
export function problemForStatus(status: number): Response | null {
  const known = byStatus[status]
  return known ? problem(known[0], known[1]) : null
}

/** Gives an error answer that came back with no body (Yoga's 406 and 415) our coded JSON body. */
export function codeEmptyErrors(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    if (c.res.status >= 400 && !c.res.headers.get('content-type')) {
      const coded = problemForStatus(c.res.status)
      if (coded) c.res = coded
    }
  }
}
