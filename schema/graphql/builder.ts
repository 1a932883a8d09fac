import SchemaBuilder from '@pothos/core'
import DrizzlePlugin from '@pothos/plugin-drizzle'
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay'
import { type GraphQLResolveInfo, isObjectType } from 'graphql'
import { getTableConfig } from 'drizzle-orm/sqlite-core'
import { type Relations, relations } from '../relations'
import type { Context } from './context'
import { ApiError } from './errors'
import { decodeGlobalID, encodeGlobalID } from './global-id'

export interface PothosTypes {
  Context: Context
  DrizzleRelations: Relations
  Scalars: {
    SafeInt: { Input: number; Output: number }
  }
  DefaultFieldNullability: false
  DefaultEdgesNullability: { list: false; items: false }
  DefaultNodeNullability: false
}

/** Ids one nodes(ids:) call may ask for: D1 binds at most 100 parameters a statement. */
export const MAX_NODE_IDS = 50
/** Items a connection returns without first/last, and at most. */
export const DEFAULT_CONNECTION_SIZE = 20
export const MAX_CONNECTION_SIZE = 100

type GlobalId = { typename: string; id: string }

/** A well-formed id of a type that is not a Node of this schema names nothing: null, like an unknown key. */
function isNodeType(info: GraphQLResolveInfo, typename: string): boolean {
  const type = info.schema.getType(typename)
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node')
}

/**
 * The drizzle plugin rejects an id with no row this way (a plain Error, so only its text tells);
 * for nodes(ids:) that is a null item, not a failed list. `[\s\S]`, not `.`: the key inside may
 * hold a line separator such as U+2028, which `.` does not match.
 */
const isNotFound = (error: unknown) => error instanceof Error && /^Model \w+\([\s\S]*\) not found$/.test(error.message)

function nodesOf(info: GraphQLResolveInfo, ctx: Context, ids: (GlobalId | null)[]): Promise<unknown[]> {
  // One call per id so one missing row fails only its item; the plugin still batches the loads
  // of one tick into one statement per type.
  return Promise.all(
    ids.map((id) =>
      id && isNodeType(info, id.typename)
        ? // eslint-disable-next-line @typescript-eslint/no-use-before-define -- resolvers run after the builder exists
          resolveNodes(builder, ctx, info, [id]).then(([node]) => node ?? null, (error: unknown) => (isNotFound(error) ? null : Promise.reject(error)))
        : null,
    ),
  )
}

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    encodeGlobalID,
    decodeGlobalID,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: {
      resolve: async (_root, args, ctx, info) => (await nodesOf(info, ctx, [args.id as GlobalId]))[0] as never,
    },
    nodesQueryOptions: {
      description: `Refetches up to ${MAX_NODE_IDS} objects by id, in order; an id that names nothing is null.`,
      resolve: (_root, args, ctx, info) => {
        if (args.ids.length > MAX_NODE_IDS) {
          throw new ApiError({ code: 'BAD_USER_INPUT', message: `nodes(ids:) takes at most ${MAX_NODE_IDS} ids; ${args.ids.length} were given. Ask in batches of ${MAX_NODE_IDS}.` })
        }
        return nodesOf(info, ctx, args.ids as GlobalId[]) as never
      },
    },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_CONNECTION_SIZE,
    maxConnectionSize: MAX_CONNECTION_SIZE,
  },
})
