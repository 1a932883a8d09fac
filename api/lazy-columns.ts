import { getColumns, type Table } from 'drizzle-orm'
import { type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql'

/** What the drizzle plugin keeps on a table's GraphQL type: the table's relational config. */
type DrizzleTable = { table: Table }

/** A selection that loads every column of the table (by TS name): the row a resolver saw before. */
function everyColumn({ table }: DrizzleTable): { columns: Record<string, true> } {
  return { columns: Object.fromEntries(Object.keys(getColumns(table)).map((name) => [name, true as const])) }
}

/** The Relay `id` of a node type: built from the primary key, which every planned row carries. */
function isNodeId(type: GraphQLObjectType | GraphQLInterfaceType, field: GraphQLField<unknown, unknown>): boolean {
  return field.name === 'id' && type.getInterfaces().some((i) => i.name === 'Node')
}

const done = new WeakMap<GraphQLSchema, number>()

/**
 * Makes every table's GraphQL type load only the columns a query asks for, instead of every column.
 * The drizzle plugin plans a row from the fields selected: a type-level `{ columns: {} }` starts
 * from the primary key (which the plugin always adds), each exposed field adds its column, and a
 * field with its own `select` adds what it declares. A field that declares nothing (a resolver
 * reading the row as it likes, e.g. `moneyOf(c.valuePence, c.currency, c.vatBasis)`) is given every
 * column, so it sees the whole row as before: nothing can read a column its query did not load,
 * however a resolver is written. Rows a resolver loads itself are untouched, and the plugin still
 * loads a missing column for a row it did not plan. Set once per schema, in place, before any
 * query plans (the plugin reads these selections when it plans). Returns how many types it narrowed.
 */
export function selectColumnsLazily(schema: GraphQLSchema): number {
  const known = done.get(schema)
  if (known !== undefined) return known
  let narrowed = 0
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue
    const table = type.extensions?.pothosDrizzleTable as DrizzleTable | undefined
    // `true` is the plugin's "every column"; a type that declared its own select keeps it.
    if (!table || type.extensions.pothosDrizzleSelect !== true) continue
    for (const field of Object.values(type.getFields())) {
      if (field.extensions?.pothosDrizzleSelect || isNodeId(type, field)) continue
      field.extensions = { ...field.extensions, pothosDrizzleSelect: everyColumn(table) }
    }
    type.extensions = { ...type.extensions, pothosDrizzleSelect: { columns: {} } }
    narrowed++
  }
  done.set(schema, narrowed)
  return narrowed
}
