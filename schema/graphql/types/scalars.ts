import { Kind } from 'graphql'
import { builder } from '../builder'
import { ApiError } from '../errors'

function toSafeInt(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `SafeInt must be a whole number between -(2^53-1) and 2^53-1; got ${JSON.stringify(value)}`,
    })
  }
  return n
}

/** Integers exact in JSON up to 2^53-1: money in pence, past GraphQL Int's 32 bits. */
builder.scalarType('SafeInt', {
  description:
    'A whole number between -(2^53-1) and 2^53-1, exact in JSON. Used for money in minor units (pence), which overflows a 32-bit Int past £21,474,836.47.',
  serialize: (value) => toSafeInt(value),
  parseValue: (value) => toSafeInt(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new ApiError({ code: 'BAD_USER_INPUT', message: 'SafeInt must be an integer literal' })
    return toSafeInt(ast.value)
  },
})
