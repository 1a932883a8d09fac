import { GraphQLError } from 'graphql'

/**
 * The closed set of error codes a client can see, with the HTTP status each maps to. Everything
 * but INTERNAL_SERVER_ERROR is the client's to fix, and is never logged as an incident.
 */
export const errorCodes = {
  BAD_REQUEST: 400,
  BAD_FILTER: 400,
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COSTLY: 400,
  QUERY_TOO_COMPLEX: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  REQUEST_TIMEOUT: 503,
} as const
export type ErrorCode = keyof typeof errorCodes

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCodes, code)
}

/** An error meant for the client: its message says what was wrong and what to do. */
export class ApiError extends GraphQLError {
  constructor({ code, message }: { code: ErrorCode; message: string }) {
    super(message, { extensions: { code } })
    this.name = 'ApiError'
  }
}
