import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'

export interface CostOptions {
  /** What a connection returns when neither `first` nor `last` is given (Pothos' defaultConnectionSize). */
  defaultConnectionSize: number
  /** The most a connection returns (Pothos' maxConnectionSize): a larger first/last is clamped to it. */
  maxConnectionSize: number
  /** Assumed length of a plain list (one with no `first`/`last`/`ids`), such as a contract's sources. */
  defaultListSize: number
  /** A read of a whole table: a top-level totalCount, or a top-level filter or search term. */
  scanCost: number
  /** A `__schema` or `__type` field with everything under it. */
  introspectionCost: number
}

/**
 * The static cost of an operation: every field costs 1; a connection's edges/nodes multiply the
 * cost of everything under them by its page size (first/last clamped to the max, or the default),
 * while its totalCount and pageInfo count once; `ids` and plain lists multiply by their length.
 * A top-level totalCount, filter or search term reads a whole table and costs `scanCost`;
 * introspection costs a fixed amount. Aliases and repeated spreads are summed, since each is
 * executed. Each fragment is costed once per scope and remembered, so the time is linear in the
 * document however the fragments nest.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  /** Coerced (graphql's getVariableValues), not as sent. */
  variables: Record<string, unknown> | null | undefined,
  options: CostOptions,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
  const fragmentCost = new Map<string, number>()
  const root = (operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType()) ?? undefined

  const number = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined
    if (value.kind === Kind.INT) return Number(value.value)
    if (value.kind === Kind.VARIABLE) {
      // `variables` are coerced as execution sees them: a default already applied, and an explicit
      // null left null, which the connection reads as not given (its own default page size).
      const v = variables?.[value.name.value]
      if (Number.isInteger(v)) return v as number
    }
    return undefined
  }
  const listLength = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined
    if (value.kind === Kind.LIST) return value.values.length
    if (value.kind === Kind.VARIABLE) {
      const v = variables?.[value.name.value]
      return Array.isArray(v) ? v.length : 1
    }
    return 1
  }

  const argument = (node: FieldNode, name: string) => node.arguments?.find((a) => a.name.value === name)?.value
  // What the connection really returns: its default when neither is given, never more than its max.
  const pageSize = (node: FieldNode): number => {
    const first = number(argument(node, 'first'))
    const last = number(argument(node, 'last'))
    const asked = first === undefined && last === undefined ? options.defaultConnectionSize : Math.max(0, first ?? 0, last ?? 0)
    return Math.min(asked, options.maxConnectionSize)
  }

  /**
   * Where a selection sits. `page`: inside a connection, how many edges/nodes it returns (only
   * those multiply; totalCount and pageInfo are one each). `scan`: inside a top-level connection,
   * whose totalCount is a count over the whole (filtered) table, not over one parent's rows.
   */
  interface Scope {
    page: number
    scan: boolean
  }
  const PLAIN: Scope = { page: 1, scan: false }

  const fieldCost = (node: FieldNode, def: GraphQLField<unknown, unknown>, parent: GraphQLNamedType, scope: Scope): number => {
    const childType = getNamedType(def.type)
    const child = isCompositeType(childType) ? childType : undefined
    const below = (inner: Scope) => selectionCost(node.selectionSet, child, inner)
    if (def.args.some((a) => a.name === 'first' || a.name === 'last')) {
      const atRoot = parent === root
      // A filter or search term at the top level may read every row to find a page (or none).
      const scan = atRoot && (argument(node, 'filter') !== undefined || argument(node, 'query') !== undefined) ? options.scanCost : 0
      return 1 + scan + below({ page: pageSize(node), scan: atRoot })
    }
    if (parent.name.endsWith('Connection')) {
      if (def.name === 'edges' || def.name === 'nodes') return scope.page * (1 + below(PLAIN))
      if (def.name === 'totalCount') return scope.scan ? options.scanCost : 1
    }
    if (def.args.some((a) => a.name === 'ids')) return (listLength(argument(node, 'ids')) ?? 1) * (1 + below(PLAIN))
    if (isListType(getNullableType(def.type))) return options.defaultListSize * (1 + below(PLAIN))
    return 1 + below(PLAIN)
  }

  const selectionCost = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, scope: Scope): number => {
    if (!set || !parent) return 0
    let total = 0
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value
        if (name === '__typename') continue
        // Introspection's size is bounded by the schema, however deep the query asks (GraphiQL's
        // typeDepth): a fixed amount, not a walk that multiplies the type lists by each other.
        if (name === '__schema' || name === '__type') {
          total += options.introspectionCost
          continue
        }
        const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined
        if (!def) continue // validation refuses unknown fields
        total += fieldCost(selection, def, parent, scope)
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent
        total += selectionCost(selection.selectionSet, on ?? undefined, scope)
      } else {
        // Costed once per fragment and scope (the scopes a document can make are few).
        const key = `${selection.name.value}/${scope.page}/${scope.scan}`
        let cost = fragmentCost.get(key)
        if (cost === undefined) {
          // Mark first, so a (invalid) cycle of spreads ends instead of recursing forever.
          fragmentCost.set(key, 0)
          const fragment = fragments.get(selection.name.value)
          cost = fragment ? selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, scope) : 0
          fragmentCost.set(key, cost)
        }
        total += cost
      }
    }
    return total
  }

  return selectionCost(operation.selectionSet, root, PLAIN)
}
