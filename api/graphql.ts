import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives'
import {
  type ASTVisitor,
  defaultFieldResolver,
  type DocumentNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLFieldResolver,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  type OperationDefinitionNode,
  parse,
  type ValidationContext,
} from 'graphql'
import { createYoga, type Plugin } from 'graphql-yoga'
import type { Context } from '../schema/graphql/context'
import { ApiError, type ErrorCode, isErrorCode } from '../schema/graphql/errors'
import { schema } from '../schema/graphql/index'
import { readExposedColumnsDirectly } from './column-reads'
import { selectColumnsLazily } from './lazy-columns'
import { operationCost } from './limits/cost'
import { foreignCursor } from './limits/cursors'
import { limits } from './limits/limits'

const GENERIC = 'Something went wrong on our side. Try again; if it keeps happening, tell us what you asked.'

/**
 * A refusal before execution: 400 under application/graphql-response+json, 200 under
 * application/json, as the GraphQL-over-HTTP spec asks (Yoga reads extensions.http and strips it).
 */
export function requestError(code: ErrorCode, message: string, nodes?: GraphQLError['nodes']): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code, http: { status: 400, spec: true } } })
}

const httpOf = (e: unknown) => (e instanceof GraphQLError ? e.extensions?.http : undefined)

/** What to do about a Pothos refusal, by what it refused: only an id or a cursor has one to say. */
function pothosAdvice(message: string): string {
  if (/\bID\b/.test(message)) return ' Pass an id returned by this API.'
  if (/cursor/i.test(message)) return ' Pass a cursor returned by this API.'
  return ''
}

/** Keeps errors we wrote for clients; replaces anything else (stack, SQL, driver text) with a generic one. */
export function maskError(error: unknown): Error {
  const inner = error instanceof GraphQLError ? (error.originalError ?? error) : error
  const http = (httpOf(error) ?? httpOf(inner)) as { status?: number } | undefined
  if (inner instanceof GraphQLError && isErrorCode(inner.extensions?.code)) {
    // Yoga's refusal of a mutation over GET is coded BAD_REQUEST but answered 405.
    if (http?.status === 405) return new GraphQLError(inner.message, { extensions: { ...inner.extensions, code: 'METHOD_NOT_ALLOWED' } })
    return error instanceof GraphQLError && error.originalError
      ? new GraphQLError(inner.message, { nodes: error.nodes, path: error.path, extensions: inner.extensions })
      : (inner as Error)
  }
  // Yoga refuses a malformed request (invalid JSON, no query, unknown operationName) with an HTTP
  // 4xx: the client's to fix, and its message says how. Keep the status, give it our code.
  // graphql-js raised it before any resolver ran (no path; a cause, if any, is graphql-js's own):
  // a variable of the wrong type, 2^31 for an Int, a lowercase enum value, an unknown input field.
  const early = error instanceof GraphQLError && !error.path && (!error.originalError || error.originalError instanceof GraphQLError)
  if (early && /^Variable "\$/.test(error.message)) return requestError('BAD_USER_INPUT', error.message, error.nodes)
  if (inner instanceof GraphQLError && http?.status && http.status >= 400 && http.status < 500) {
    const code = http.status === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST'
    return new GraphQLError(inner.message, { extensions: { code, http } })
  }
  if (early) return requestError('BAD_REQUEST', error.message, error.nodes)
  // Pothos rejects a malformed global id, cursor or argument before any of our code runs: the client's fault.
  if (inner instanceof Error && inner.name === 'PothosValidationError') {
    return new GraphQLError(`${inner.message}.${pothosAdvice(inner.message)}`, {
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

/** graphql-armor's rules report through this, with our code and a message that says what to do. */
function refuse(code: ErrorCode, advice: string) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const message = `${error.message.replace(/^Syntax Error: /, '')} ${advice}`
      if (context) context.reportError(requestError(code, message))
    },
  ]
}

const armorRules = [
  // Only fields count (fragments are flattened); introspection is costed instead, as GraphiQL and
  // codegen ask 13–15 levels deep.
  maxDepthRule({
    n: limits.maxDepth,
    flattenFragments: true,
    ignoreIntrospection: true,
    propagateOnRejection: false,
    onReject: refuse('QUERY_TOO_DEEP', 'Ask for less at once, or follow a connection’s ids with node(id:) in a second query.'),
  }),
  maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: refuse('QUERY_TOO_COMPLEX', 'Split the query into several requests.') }),
  maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: refuse('QUERY_TOO_COMPLEX', 'Use fewer @include/@skip directives.') }),
]

/** The API is read-only: a mutation or subscription is refused as a request error, not a crash. */
function queriesOnly(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'query') {
        context.reportError(requestError('BAD_REQUEST', `This API is read-only and has no ${operation.operation}s. Send a query.`, [operation]))
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
      for (const rule of armorRules) addValidationRule(rule)
      addValidationRule(queriesOnly)
      return ({ result, setResult }) => {
        if (result.length === 0) return
        setResult(
          result.map((e) => {
            // graphql-js gives up on a document whose overlapping-field checks (or error count)
            // pass its own budget: the document is too complex, not mistaken.
            if (/Validation aborted\.$/.test(e.message)) {
              return requestError('QUERY_TOO_COMPLEX', `${e.message} The document has too many fields of the same name to check; ask for each field once per selection, or split the query into several requests.`)
            }
            const enumName = /does not exist in "(\w+)" enum/.exec(e.message)?.[1]
            const accepted = enumName ? acceptedValues(enumName) : null
            const message = accepted ? `${e.message} Accepted values: ${accepted}.` : e.message
            const code = e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED'
            return new GraphQLError(message, { nodes: e.nodes, extensions: { ...e.extensions, code } })
          }),
        )
      }
    },
    // graphql-js's own token limit, not graphql-armor's max-tokens: that one deep-imports graphql's
    // CommonJS parser, which puts a second graphql in the Worker bundle whose errors are not ours.
    onParse: ({ setParseFn }) => {
      setParseFn((source, options) => parse(source, { ...options, maxTokens: limits.maxTokens }))
      return ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError && !result.extensions?.code) {
        // graphql 16 words it "more that N tokens"; later versions may fix the typo.
        const tooLong = /Document contains more tha[nt] \d+ tokens/.test(result.message)
        replaceParseResult(
          tooLong
            ? requestError('QUERY_TOO_COMPLEX', `${result.message.replace(/^Syntax Error: /, '')} The limit is ${limits.maxTokens} tokens: send a shorter document, or split it into several requests.`)
            : new GraphQLError(result.message, { source: result.source, positions: result.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
        )
      }
      }
    },
  }
}

/**
 * What the pre-execution checks decided for one operation and its variables: null to execute, or
 * the refusal (kept as code and message; each answer gets its own error object).
 */
type Verdict = { code: ErrorCode; message: string } | null

/** Verdicts kept per parsed document (Yoga's parse cache hands out the same object for the same text). */
const verdicts = new WeakMap<DocumentNode, Map<string, Verdict>>()
/**
 * Distinct operation/variables pairs remembered per document (past it the map starts over), and
 * the longest key kept: with Yoga's 1,024 cached documents, at most 16,384 keys of 512 characters
 * and their verdicts, however clients vary their variables. At worst about 30 MB: a key holding
 * any non-Latin-1 character takes two bytes a character (17 MB), and each refusal keeps a message
 * of up to ~250 characters, two-byte too when it quotes such a cursor (8 MB), plus the maps'
 * entries; about half that for ASCII. Longer variables are checked afresh each time.
 */
const MAX_VERDICTS_PER_DOCUMENT = 16
const MAX_VERDICT_KEY = 512

/**
 * What a verdict depends on, as text: the operation chosen (by its own name: in a valid document
 * no two share one, and an anonymous operation stands alone) and each declared variable, absent
 * told apart from null (absent takes the default).
 * Variables the operation does not declare change nothing and are left out, so a client cannot
 * grow keys with them. Null when the values cannot be written out (JSON.stringify recurses, and a
 * 60 KB body can nest arrays 30,000 deep): such a request is checked afresh and not remembered.
 */
function verdictKey(operation: OperationDefinitionNode, variables: Record<string, unknown>): string | null {
  const declared = (operation.variableDefinitions ?? []).map(({ variable }) =>
    Object.hasOwn(variables, variable.name.value) ? [variables[variable.name.value]] : 0,
  )
  try {
    return JSON.stringify([operation.name?.value ?? null, ...declared])
  } catch {
    return null
  }
}

/**
 * The cursor and cost checks for an operation, or null when it may run. Pure in the document, the
 * operation name and the declared variables, so it is remembered for each: a repeated query is
 * checked once (the walks, though linear, cost more than the rest of the request's bookkeeping).
 */
function checkOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): Verdict {
  const operation = getOperationAST(document, operationName)
  if (!operation) return null
  const key = verdictKey(operation, variables)
  let known = verdicts.get(document)
  const hit = key === null ? undefined : known?.get(key)
  if (hit !== undefined) return hit
  const verdict = decide(schema, document, operation, variables)
  if (key !== null && key.length <= MAX_VERDICT_KEY) {
    if (!known) verdicts.set(document, (known = new Map()))
    if (known.size >= MAX_VERDICTS_PER_DOCUMENT) known.clear()
    known.set(key, verdict)
  }
  return verdict
}

function decide(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): Verdict {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables)
  // Variables that do not coerce are refused by execution itself, with graphql-js's message.
  if (coerced.errors) return null
  const foreign = foreignCursor(document, coerced.coerced)
  if (foreign !== null) {
    return {
      code: 'BAD_USER_INPUT',
      message: `"${foreign.slice(0, 80)}" is not a cursor from this API. Pass a cursor (or pageInfo.endCursor) returned by it, or leave after/before out to start at the beginning.`,
    }
  }
  const cost = operationCost(schema, document, operation, coerced.coerced, limits)
  if (cost <= limits.maxCost) return null
  return {
    code: 'QUERY_TOO_COSTLY',
    message: `This query may fetch about ${Math.ceil(cost)} fields and items (the cost is each field times the first/last of every connection above it); the limit is ${limits.maxCost}. Ask for smaller pages (first: 10), fewer nested connections, or split it into several queries.`,
  }
}

/**
 * Refuses, before any resolver runs, an operation with a cursor this API never issued
 * (api/limits/cursors.ts) or whose static cost (api/limits/cost.ts) passes the limit. It runs at
 * execution rather than validation because `first: $n` and `after: $c` are only known with the
 * variables, coerced as execution will see them (an explicit null is null, not the default).
 */
function useCostLimit(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const verdict = checkOperation(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>)
      if (verdict) setResultAndStopExecution({ errors: [requestError(verdict.code, verdict.message)] })
    },
  }
}

/**
 * Stops execution once the request's time budget has passed. The check is synchronous and runs
 * before every resolver of an object or list (where the work is), because on Node the synchronous
 * driver runs a whole request in one event-loop task: no timer or abort signal can fire inside it.
 * Wrapped once per schema, in place; leaves are not checked, as they do no work of their own.
 * Returns how many fields it wrapped.
 */
const guarded = new WeakMap<GraphQLSchema, number>()
function checkDeadlineBeforeResolvers(target: GraphQLSchema): number {
  const known = guarded.get(target)
  if (known !== undefined) return known
  let wrapped = 0
  for (const type of Object.values(target.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type)
      if (!isCompositeType(named) && !isListType(getNullableType(field.type))) continue
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver
      field.resolve = (source, args, context, info) => {
        if (context.deadline?.passed()) throw context.deadline.error()
        return resolve(source, args, context, info)
      }
      wrapped++
    }
  }
  guarded.set(target, wrapped)
  return wrapped
}

/**
 * Wraps the schema's resolvers for the time budget and for direct column reads, makes tables load
 * only the columns a query asks for, and refuses to start when that would silently do nothing. Both find fields with graphql-js's isObjectType: were
 * the schema built by a second copy of graphql, under NODE_ENV=production (where graphql-js skips
 * its cross-realm check) that is false for every type, and the server would run with no time
 * budget and no error to say so.
 */
export function prepareSchema(target: GraphQLSchema): void {
  if (!(target instanceof GraphQLSchema)) {
    throw new Error('The schema was not built by the graphql package the API runs: two copies of graphql are installed. Run `npm ls graphql` and dedupe.')
  }
  // Lazy columns first, so the time budget's check wraps their fall-back load of a whole row too.
  const lazyTypes = selectColumnsLazily(target)
  const guardedFields = checkDeadlineBeforeResolvers(target)
  const directReads = readExposedColumnsDirectly(target)
  if (guardedFields === 0 || directReads === 0 || lazyTypes === 0) {
    throw new Error(`The schema's resolvers were not wrapped (time budget: ${guardedFields} fields, direct column reads: ${directReads}, types loading only the columns asked for: ${lazyTypes}): the time budget would not hold.`)
  }
}

/** Hands the request's abort signal to the executor too, which stops between awaits (D1). */
function useDeadline(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const deadline = (args.contextValue as Context).deadline
      if (deadline) (args as { signal?: AbortSignal }).signal = deadline.signal
    },
  }
}

function isClientError(e: unknown): boolean {
  const inner = e instanceof GraphQLError && e.originalError ? e.originalError : e
  if (inner instanceof GraphQLError && isErrorCode(inner.extensions?.code) && inner.extensions.code !== 'INTERNAL_SERVER_ERROR') return true
  if (inner instanceof ApiError || (inner instanceof Error && inner.name === 'PothosValidationError')) return true
  if (e instanceof GraphQLError && !e.path && (!e.originalError || e.originalError instanceof GraphQLError)) return true
  const status = inner instanceof GraphQLError ? (inner.extensions?.http as { status?: number } | undefined)?.status : undefined
  return status !== undefined && status >= 400 && status < 500
}

export interface GraphQLOptions {
  /** GraphiQL's page. Default: Yoga's, which loads GraphiQL from a CDN (small enough for the Worker). */
  renderGraphiQL?: (options?: object) => string
  /** Plugins only one runtime can run, added after ours (Node: compiled execution). */
  plugins?: Plugin<Context>[]
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
  prepareSchema(schema)
  return createYoga<Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'consultwatch GraphQL API', defaultQuery },
    // CORS is the app's (a fixed '*'); Yoga's echoes the Origin, which a cache would replay to other sites.
    cors: false,
    // One operation per request: an array is refused with BAD_REQUEST ("Batching is not supported"),
    // so the cost limit cannot be multiplied by sending many.
    batching: false,
    // The app caps every body before Yoga sees it (api/http/body-limit.ts, both runtimes), and this
    // Yoga is served only through the app; Yoga's own cap would pipe every body through a
    // TransformStream into a new Request (a few per cent of an uncached answer) to enforce 25 MB.
    maxRequestBodySize: false,
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
    plugins: [
      useErrorCodes(),
      useCostLimit(),
      useDeadline(),
      ...(options.plugins ?? []),
    ],
  })
}

export type GraphQLServer = ReturnType<typeof createGraphQL>

/** The Yoga the Worker and tests use. */
export const yoga = createGraphQL()
