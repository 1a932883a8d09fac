import type { MiddlewareHandler } from 'hono'
import { GraphQLError } from 'graphql'
import { problem } from './problem'

const message = (ms: number) => `The request took longer than its budget of ${ms / 1000} s and was stopped. Ask for less (smaller pages, fewer nested connections) or try again shortly.`

/**
 * Gives each request `ms` milliseconds. Past it the client gets 503 REQUEST_TIMEOUT at once, and
 * the signal in c.var.deadline is aborted, so GraphQL execution stops between resolvers.
 */
export function timeBudget(ms: number): MiddlewareHandler<{ Variables: { deadline: AbortSignal } }> {
  return async (c, next) => {
    const controller = new AbortController()
    c.set('deadline', controller.signal)
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new GraphQLError(message(ms), { extensions: { code: 'REQUEST_TIMEOUT', http: { status: 503 } } }))
        resolve('expired')
      }, ms)
    })
    try {
      const outcome = await Promise.race([next().then(() => 'done' as const), expired])
      if (outcome === 'expired') c.res = problem('REQUEST_TIMEOUT', message(ms), { 'retry-after': '5' })
    } finally {
      clearTimeout(timer)
    }
  }
}
