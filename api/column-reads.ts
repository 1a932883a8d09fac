import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql'

/**
 * The column an exposed drizzle field reads: Pothos marks an exposed field with
 * `pothosExposedField`, and the drizzle plugin gives it the selection `{ columns: { name: true } }`.
 * Anything else (a relation, extras, a computed selection) is not a plain column read.
 */
function exposedColumn(extensions: Readonly<Record<string, unknown>> | null | undefined): string | null {
  const name = extensions?.pothosExposedField
  const select = extensions?.pothosDrizzleSelect as { columns?: Record<string, unknown> } | undefined
  if (typeof name !== 'string' || !select || typeof select !== 'object') return null
  const keys = Object.keys(select)
  const columns = select.columns ? Object.keys(select.columns) : []
  return keys.length === 1 && columns.length === 1 && columns[0] === name && select.columns?.[name] === true ? name : null
}

const done = new WeakMap<GraphQLSchema, number>()

/**
 * Reads an exposed column straight off the row when the row carries it. The drizzle plugin wraps
 * every exposed field to find the query plan that loaded its row (building path strings and
 * recording a mapping per field per row: the largest self time of an uncached answer), only to
 * return `row[column]` when it was loaded. Our types select every column (no type-level `select`),
 * so a row the plan loaded always carries it; a row that lacks it (one a resolver fetched with
 * fewer columns) still goes through the plugin, which loads the column. Wrapped once, in place.
 * Returns how many fields read their column directly.
 */
export function readExposedColumnsDirectly(schema: GraphQLSchema): number {
  const known = done.get(schema)
  if (known !== undefined) return known
  let wrapped = 0
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue
    for (const field of Object.values(type.getFields())) {
      const column = exposedColumn(field.extensions as Record<string, unknown>)
      if (!column) continue
      const planned: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver
      field.resolve = (row, args, context, info) =>
        typeof row === 'object' && row !== null && Object.hasOwn(row, column) ? (row as Record<string, unknown>)[column] : planned(row, args, context, info)
      wrapped++
    }
  }
  done.set(schema, wrapped)
  return wrapped
}
