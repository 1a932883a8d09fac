// Pages ask the same GraphQL schema the API serves, in-process: one source of figures, and the
// "Query" link beside a chart is the very query that drew it.
import { type DocumentNode, execute, type GraphQLError, parse, validate } from 'graphql'
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

/**
 * Each query text parsed and validated once per isolate: pages ask a handful of fixed queries on
 * every request, and parsing and validating the same text again each time is work thrown away.
 * The cache holds what `graphql()` would compute afresh (the document, or its syntax or
 * validation errors), so answers are unchanged. Its size is bounded in case a caller ever builds
 * query texts from input.
 */
const documents = new Map<string, { document: DocumentNode; errors: null } | { document: null; errors: readonly GraphQLError[] }>()
const MAX_DOCUMENTS = 100

function prepared(source: string) {
  let entry = documents.get(source)
  if (!entry) {
    try {
      const document = parse(source)
      const errors = validate(schema, document)
      entry = errors.length ? { document: null, errors } : { document, errors: null }
    } catch (error) {
      entry = { document: null, errors: [error as GraphQLError] }
    }
    if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value as string)
    documents.set(source, entry)
  }
  return entry
}

/** Runs a query against our schema; any error is ours (pages build their queries), so it throws. */
export async function ask<T>(db: Db, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { document, errors } = prepared(query)
  const result = document ? await execute({ schema, document, variableValues: variables, contextValue: { db } }) : { errors, data: undefined }
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
