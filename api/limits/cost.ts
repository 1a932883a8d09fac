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
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  type ValueNode,
} from 'graphql'

export interface CostOptions {
  /** What a connection returns when neither `first` nor `last` is given (Pothos' defaultConnectionSize). */
  defaultConnectionSize: number
  /** Assumed length of a plain list (one with no `first`/`last`/`ids`), such as a contract's sources. */
  defaultListSize: number
}

/**
 * The static cost of an operation: every field costs 1, and a field that returns many things
 * multiplies the cost of everything under it by how many it may return: `first`/`last` on a
 * connection (or its default size), the length of `ids`, or `defaultListSize` for a plain list.
 * Aliases and repeated spreads are summed, since each is executed. Each fragment is costed once
 * and remembered, so the time is linear in the document however the fragments nest.
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

  const multiplier = (node: FieldNode, def: GraphQLField<unknown, unknown>, parent: GraphQLNamedType): number => {
    const arg = (name: string) => node.arguments?.find((a) => a.name.value === name)?.value
    if (def.args.some((a) => a.name === 'first' || a.name === 'last')) {
      const first = number(arg('first'))
      const last = number(arg('last'))
      if (first === undefined && last === undefined) return options.defaultConnectionSize
      return Math.max(0, first ?? 0, last ?? 0)
    }
    if (def.args.some((a) => a.name === 'ids')) return listLength(arg('ids')) ?? 1
    if (!isListType(getNullableType(def.type))) return 1
    // A connection's edges/nodes are as many as its first/last, already counted on the connection.
    if (parent.name.endsWith('Connection') && (def.name === 'edges' || def.name === 'nodes')) return 1
    return options.defaultListSize
  }

  const selectionCost = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): number => {
    if (!set || !parent) return 0
    let total = 0
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value
        if (name === '__typename') continue
        const def =
          name === '__schema' ? SchemaMetaFieldDef : name === '__type' ? TypeMetaFieldDef : isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined
        if (!def) continue // validation refuses unknown fields
        const child = getNamedType(def.type)
        total += multiplier(selection, def, parent) * (1 + selectionCost(selection.selectionSet, isCompositeType(child) ? child : undefined))
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent
        total += selectionCost(selection.selectionSet, on)
      } else {
        const name = selection.name.value
        let cost = fragmentCost.get(name)
        if (cost === undefined) {
          // Mark first, so a (invalid) cycle of spreads ends instead of recursing forever.
          fragmentCost.set(name, 0)
          const fragment = fragments.get(name)
          cost = fragment ? selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)) : 0
          fragmentCost.set(name, cost)
        }
        total += cost
      }
    }
    return total
  }

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType()
  return selectionCost(operation.selectionSet, root ?? undefined)
}
