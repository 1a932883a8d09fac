import type { MiddlewareHandler } from 'hono'
import { GraphQLError } from 'graphql'
import type { Deadline } from '../../schema/graphql/context'
import { problem } from './problem'

const message = (ms: number) => `The request took longer than its budget of ${ms / 1000} s and was stopped. Ask for less (smaller pages, fewer nested connections) or try again shortly.`

/** The error a resolver throws once the budget is spent (api/graphql.ts checks between resolvers). */
export function timeoutError(ms: number): GraphQLError {
  return new GraphQLError(message(ms), { extensions: { code: 'REQUEST_TIMEOUT', http: { status: 503 } } })
}

/**
 * Gives each request `ms` milliseconds, by two means because the runtimes differ. On Node the
 * synchronous driver makes a request one event-loop task, so no timer can fire inside it: the
 * executor checks `passed()` (a synchronous clock read) before each resolver of an object or list
 * and throws REQUEST_TIMEOUT. With an async database (D1) the timer also fires between statements,
 * aborting `signal` and answering at once. Either way the client gets 503 REQUEST_TIMEOUT.
 * `now` is the clock (milliseconds); tests inject one.
 */
export function timeBudget(ms: number, now: () => number = () => performance.now()): MiddlewareHandler<{ Variables: { deadline: Deadline } }> {
  return async (c, next) => {
    const controller = new AbortController()
    const end = now() + ms
    let tripped = false
    const deadline: Deadline = {
      signal: controller.signal,
      passed: () => {
        if (!tripped && now() > end) tripped = true
        return tripped
      },
      error: () => timeoutError(ms),
    }
    c.set('deadline', deadline)
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => {
        tripped = true
        controller.abort(timeoutError(ms))
        resolve('expired')
      }, ms)
    })
    try {
      const outcome = await Promise.race([next().then(() => 'done' as const), expired])
      if (outcome === 'expired' || tripped) c.res = problem('REQUEST_TIMEOUT', message(ms), { 'retry-after': '5' })
    } finally {
      clearTimeout(timer)
    }
  }
}
