// Pages ask the same GraphQL schema the API serves, in-process: one source of figures, and the
// "Query" link beside a chart is the very query that drew it.
import { graphql } from 'graphql'
import type { Db } from '../../schema/db'
import { schema } from '../../schema/graphql/index'

/** A query of ours failed. `clientCode` is set when the cause was the reader's input (a bad filter): a 400, not a 500. */
export class QueryFailed extends Error {
  override name = 'QueryFailed'
  constructor(
    message: string,
    readonly clientCode: string | null,
  ) {
    super(message)
  }
}

const clientCodes = new Set(['BAD_FILTER', 'BAD_USER_INPUT'])

/** Runs a query against our schema; any error is ours (pages build their queries), so it throws. */
export async function ask<T>(db: Db, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await graphql({ schema, source: query, variableValues: variables, contextValue: { db } })
  if (result.errors?.length) {
    const codes = result.errors.map((e) => e.originalError && 'extensions' in e.originalError ? (e.originalError as { extensions?: { code?: unknown } }).extensions?.code : e.extensions?.code)
    const client = codes.every((c) => typeof c === 'string' && clientCodes.has(c)) ? (codes[0] as string) : null
    throw new QueryFailed(result.errors.map((e) => e.message).join('; '), client)
  }
  return result.data as T
}

/** Names of enum-typed variables, so their values are written bare (MONTH, not "MONTH"). */
export type EnumVariables = readonly string[]

/** Input fields whose values are enums wherever they appear. */
const enumFields = new Set(['payeeClass', 'currency', 'vatBasis'])

/** A GraphQL literal for a value, so a query can be shown with its arguments written in. */
function literal(value: unknown, bare: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, bare)).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}: ${literal(v, enumFields.has(k))}`)
      .join(', ')} }`
  }
  if (bare && typeof value === 'string') return value
  return JSON.stringify(value)
}

/** The query with its $variables replaced by literals: what a reader can paste into GraphiQL. */
export function standalone(query: string, variables: Record<string, unknown>, enums: EnumVariables = []): string {
  return query
    .replace(/^\s*query\s*\([^)]*\)\s*/, '')
    .replace(/\$(\w+)/g, (_m, name: string) => literal(variables[name], enums.includes(name)))
}

/** GraphiQL opened on that query. */
export function graphiqlUrl(query: string, variables: Record<string, unknown> = {}, enums: EnumVariables = []): string {
  return `/graphql?query=${encodeURIComponent(standalone(query, variables, enums))}`
}
