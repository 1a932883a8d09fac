import { getColumns, type Table } from 'drizzle-orm'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import {
  defaultFieldResolver, type GraphQLField, type GraphQLFieldResolver, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLResolveInfo,
  type GraphQLSchema, isInterfaceType, isObjectType,
} from 'graphql'

/** What the drizzle plugin keeps on a table's GraphQL type: the table's relational config. */
type DrizzleTable = { table: Table }

/** The drizzle plugin's per-request loader of a table's rows (the type's `pothosDrizzleLoader`). */
type RowLoader = (context: object) => { loadSelection(info: GraphQLResolveInfo, row: object): Promise<object> }

/** A selection that loads every column of the table (by TS name): the row a resolver saw before. */
function everyColumn(names: readonly string[]): { columns: Record<string, true> } {
  return { columns: Object.fromEntries(names.map((name) => [name, true as const])) }
}

/** The TS names of the table's primary key columns, single or composite. */
export function primaryKey(table: Table): Set<string> {
  const columns = getColumns(table)
  const names = Object.entries(columns).filter(([, c]) => c.primary).map(([name]) => name)
  for (const key of getTableConfig(table as SQLiteTable).primaryKeys) {
    for (const column of key.columns) {
      const name = Object.entries(columns).find(([, c]) => c.name === column.name)?.[0]
      if (name) names.push(name)
    }
  }
  return new Set(names)
}

/**
 * Whether the Relay `id` of a node type reads nothing but primary key columns, which every planned
 * row carries (the plugin adds them). Asked of the resolver itself, on a row that records what is
 * read: the node's id columns are an option of `drizzleNode` the plugin does not keep anywhere we
 * can read, and an id built from any other column would read `undefined` on a narrowed row.
 */
export function idReadsOnlyKey(type: GraphQLObjectType | GraphQLInterfaceType, field: GraphQLField<unknown, unknown>, key: Set<string>): boolean {
  if (field.name !== 'id' || !type.getInterfaces().some((i) => i.name === 'Node') || !field.resolve) return false
  const read = new Set<string>()
  // Reading the row any way but by name (`in`, spread, Object.keys) cannot be followed: not key-only.
  let opaque = false
  const row = new Proxy({}, {
    get: (_target, name) => (typeof name === 'string' && read.add(name), 'k'),
    has: () => ((opaque = true), false),
    ownKeys: () => ((opaque = true), []),
    getOwnPropertyDescriptor: () => ((opaque = true), undefined),
  })
  try {
    // (Pothos' relay id resolver returns a promise: reads after an await would go unseen here.)
    void field.resolve(row, {}, {}, {} as GraphQLResolveInfo)
  } catch {
    return false
  }
  return !opaque && read.size > 0 && [...read].every((name) => key.has(name))
}

/**
 * A resolver that sees a row carrying every column. The drizzle plugin decides, when it builds the
 * schema, which fields get its fall-back load of what a row lacks: only those with a `select` then.
 * The fields given every column here afterwards are not among them, so on a row no plan loaded
 * (e.g. spend groups' bare `{ id }` bodies and suppliers) they would read `undefined`. Such a row
 * is loaded whole first, through the plugin's loader, which batches the rows of one tick.
 */
function withWholeRow(resolve: GraphQLFieldResolver<unknown, object>, names: readonly string[], loader: RowLoader, whole: WeakSet<object>): GraphQLFieldResolver<unknown, object> {
  return (row, args, context, info) => {
    if (typeof row !== 'object' || row === null || whole.has(row)) return resolve(row, args, context, info)
    if (names.every((name) => Object.hasOwn(row, name))) {
      // Checked once per row, not once per field of it: a row's columns do not change.
      whole.add(row)
      return resolve(row, args, context, info)
    }
    return loader(context).loadSelection(info, row).then((loaded) => resolve(loaded, args, context, info))
  }
}

const done = new WeakMap<GraphQLSchema, number>()

/**
 * Makes every table's GraphQL type load only the columns a query asks for, instead of every column.
 *
 * This rewrites the drizzle plugin's own settings after the schema is built, relying on details it
 * does not document (test/api/lazy-columns.test.ts checks each, so an upgrade that changes them
 * fails there): a type's `pothosDrizzleSelect` of `true` means every column and `{ columns: {} }`
 * starts from the primary key, which the plugin always adds; an exposed field's select names its
 * column; the plugin reads these extensions when it plans each query, not only when it builds.
 *
 * What holds: every field of a narrowed type sees the columns it reads. An exposed field or one
 * with its own `select` adds what it declares to the plan, and the plugin loads what a row lacks.
 * A field that declares nothing (a resolver reading the row as it likes, e.g.
 * `moneyOf(c.valuePence, c.currency, c.vatBasis)`) is planned with every column, and on a row that
 * lacks any (one no plan loaded) the whole row is loaded before it runs. The node `id` adds nothing
 * only when it reads primary key columns alone. Rows a resolver loads itself are untouched.
 * Set once per schema, in place, before any query. Returns how many types it narrowed.
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
    const loader = type.extensions.pothosDrizzleLoader as RowLoader | undefined
    if (typeof loader !== 'function') throw new Error(`${type.name} has no drizzle row loader: its columns cannot be narrowed safely.`)
    const names = Object.keys(getColumns(table.table))
    const key = primaryKey(table.table)
    const whole = new WeakSet<object>()
    for (const field of Object.values(type.getFields())) {
      if (field.extensions?.pothosDrizzleSelect || idReadsOnlyKey(type, field, key)) continue
      field.extensions = { ...field.extensions, pothosDrizzleSelect: everyColumn(names) }
      field.resolve = withWholeRow((field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, object>, names, loader, whole)
    }
    type.extensions = { ...type.extensions, pothosDrizzleSelect: { columns: {} } }
    narrowed++
  }
  done.set(schema, narrowed)
  return narrowed
}
