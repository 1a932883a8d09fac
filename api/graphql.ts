import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql'
import { createYoga, type Plugin } from 'graphql-yoga'
import type { Context } from '../schema/graphql/context'
import { ApiError, isErrorCode } from '../schema/graphql/errors'
import { schema } from '../schema/graphql/index'

const GENERIC = 'Something went wrong on our side. Try again; if it keeps happening, tell us what you asked.'

/** Keeps errors we wrote for clients; replaces anything else (stack, SQL, driver text) with a generic one. */
export function maskError(error: unknown): Error {
  const inner = error instanceof GraphQLError ? (error.originalError ?? error) : error
  if (inner instanceof GraphQLError && isErrorCode(inner.extensions?.code)) {
    return error instanceof GraphQLError && error.originalError
      ? new GraphQLError(inner.message, { nodes: error.nodes, path: error.path, extensions: inner.extensions })
      : (inner as Error)
  }
  // Yoga refuses a malformed request (invalid JSON, no query, unknown operationName) with an HTTP
  // 4xx: the client's to fix, and its message says how. Keep the status, give it our code.
  const http = inner instanceof GraphQLError ? (inner.extensions?.http as { status?: number } | undefined) : undefined
  if (inner instanceof GraphQLError && http?.status && http.status >= 400 && http.status < 500) {
    return new GraphQLError(inner.message, { extensions: { code: 'BAD_REQUEST', http: inner.extensions.http } })
  }
  // Pothos rejects a malformed global id or argument before any of our code runs: the client's fault.
  if (inner instanceof Error && inner.name === 'PothosValidationError') {
    return new GraphQLError(`${inner.message}. Pass an id returned by this API.`, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: 'BAD_USER_INPUT' },
    })
  }
  return new GraphQLError(GENERIC, {
    ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  })
}

/** Enum values the schema accepts, for messages like 'Value "FOO" does not exist in "VatBasis" enum.' */
function acceptedValues(typeName: string): string | null {
  const type = schema.getType(typeName)
  return type && 'getValues' in type ? type.getValues().map((v) => v.name).join(', ') : null
}

/** Deeper selections than this are refused before any SQL: each level is a nested subquery. */
export const MAX_DEPTH = 12

function fieldDepth(node: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!node) return 0
  let deepest = 0
  for (const selection of node.selections) {
    if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, selection.selectionSet ? 1 + fieldDepth(selection.selectionSet, fragments, seen) : 1)
    else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, fieldDepth(selection.selectionSet, fragments, seen))
    else if (!seen.has(selection.name.value)) {
      const fragment = fragments[selection.name.value]
      deepest = Math.max(deepest, fieldDepth(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])))
    }
  }
  return deepest
}

/** A validation rule: refuses operations nested deeper than MAX_DEPTH fields. */
function depthLimit(context: ValidationContext): ASTVisitor {
  const fragments = Object.fromEntries(
    context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  )
  return {
    OperationDefinition(operation) {
      const depth = fieldDepth(operation.selectionSet, fragments, new Set())
      if (depth > MAX_DEPTH) {
        context.reportError(
          new GraphQLError(`This query nests ${depth} fields deep; the limit is ${MAX_DEPTH}. Ask for less at once, or follow a connection's ids with node(id:) in a second query.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_DEEP' },
          }),
        )
      }
    },
  }
}

/**
 * Parse and validation errors leave graphql-js without an extensions.code; give them one,
 * and say which values an enum accepts so a client can correct a filter.
 */
function useErrorCodes(): Plugin {
  return {
    onValidate: ({ addValidationRule }) => {
      addValidationRule(depthLimit)
      return ({ result, setResult }) => {
        if (result.length === 0) return
        setResult(
          result.map((e) => {
            const enumName = /does not exist in "(\w+)" enum/.exec(e.message)?.[1]
            const accepted = enumName ? acceptedValues(enumName) : null
            const message = accepted ? `${e.message} Accepted values: ${accepted}.` : e.message
            const code = e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED'
            return new GraphQLError(message, { nodes: e.nodes, extensions: { ...e.extensions, code } })
          }),
        )
      }
    },
    onParse: () => ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError && !result.extensions?.code) {
        replaceParseResult(new GraphQLError(result.message, { source: result.source, positions: result.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }))
      }
    },
  }
}

function isClientError(e: unknown): boolean {
  const inner = e instanceof GraphQLError && e.originalError ? e.originalError : e
  if (inner instanceof ApiError || (inner instanceof Error && inner.name === 'PothosValidationError')) return true
  const status = inner instanceof GraphQLError ? (inner.extensions?.http as { status?: number } | undefined)?.status : undefined
  return status !== undefined && status >= 400 && status < 500
}

export interface GraphQLOptions {
  /** GraphiQL's page. Default: Yoga's, which loads GraphiQL from a CDN (small enough for the Worker). */
  renderGraphiQL?: (options?: object) => string
}

const defaultQuery = `{
  contracts(filter: { supplier: "impower" }) {
    totalCount
    edges { node { title value { pence currency vatBasis formatted } buyer { name } supplier { name } sources { title url } } }
  }
}
`

/** A Yoga over our schema. Entries call this once, at module scope; the database arrives per request. */
export function createGraphQL(options: GraphQLOptions = {}) {
  return createYoga<Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'consultwatch GraphQL API', defaultQuery },
    // CORS is the app's (a fixed '*'); Yoga's echoes the Origin, which a cache would replay to other sites.
    cors: false,
    ...(options.renderGraphiQL ? { renderGraphiQL: options.renderGraphiQL } : {}),
    maskedErrors: { maskError },
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args) => console.warn(...args),
      // Client errors (bad filter, validation) are answers, not incidents: log only the rest.
      error: (...args) => {
        if (!args.some(isClientError)) console.error(...args)
      },
    },
    plugins: [useErrorCodes()],
  })
}

export type GraphQLServer = ReturnType<typeof createGraphQL>

/** The Yoga the Worker and tests use. */
export const yoga = createGraphQL()
