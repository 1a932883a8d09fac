import { DEFAULT_CONNECTION_SIZE, MAX_CONNECTION_SIZE, MAX_NODE_IDS } from '../../schema/graphql/builder'

/**
 * Every limit the public API enforces, in one place: the README's table is written from these
 * and a test checks it. Each is checked before any SQL runs, except the time budget.
 */
export const limits = {
  /** Bytes of a request body, read or not (chunked bodies are counted as they arrive). */
  maxBodyBytes: 64 * 1024,
  /** Static cost of one operation (see api/limits/cost.ts). */
  maxCost: 100_000,
  /** Fields nested inside each other (introspection is costed instead). */
  maxDepth: 12,
  /** Aliased fields in one operation. */
  maxAliases: 30,
  /** Lexical tokens in one document: bounds parsing itself. */
  maxTokens: 2_000,
  /** Directives in one operation. */
  maxDirectives: 20,
  /** Ids in one nodes(ids:) call (D1 binds at most 100 parameters a statement). */
  maxNodeIds: MAX_NODE_IDS,
  /** Milliseconds a request may take before it is answered with REQUEST_TIMEOUT. */
  timeBudgetMs: 10_000,
  /** Assumed length of a list without first/last when costing. */
  defaultListSize: 10,
  /** Cost of a read over a whole table: a top-level totalCount, filter or search term (see cost.ts). */
  scanCost: 2_000,
  /** Cost of a `__schema` or `__type` field and all under it: its size is bounded by the schema. */
  introspectionCost: 500,
  /** What a connection returns without first/last (Pothos' defaultConnectionSize). */
  defaultConnectionSize: DEFAULT_CONNECTION_SIZE,
  /** The most a connection returns (Pothos' maxConnectionSize). */
  maxConnectionSize: MAX_CONNECTION_SIZE,
} as const
