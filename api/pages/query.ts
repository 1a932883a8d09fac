// Pages ask the same GraphQL schema the API serves, in-process: one source of figures, and the
// "Query" link beside a chart is the very query that drew it.
import { graphql } from 'graphql'
import type { Db } from '../../schema/db'
import { schema } from '../../schema/graphql/index'

export class QueryFailed extends Error {
  override name = 'QueryFailed'
}

/** Runs a query against our schema; any error is ours (pages build their queries), so it throws. */
export async function ask<T>(db: Db, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await graphql({ schema, source: query, variableValues: variables, contextValue: { db } })
  if (result.errors?.length) throw new QueryFailed(result.errors.map((e) => e.message).join('; '))
  return result.data as T
}

/** Names of enum-typed variables, so their values are written bare (MONTH, not "MONTH"). */
export type EnumVariables = readonly string[]

/** A GraphQL literal for a value, so a query can be shown with its arguments written in. */
function literal(value: unknown, bare: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, bare)).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}: ${literal(v, false)}`)
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
