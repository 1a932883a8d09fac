import SchemaBuilder from '@pothos/core'
import DrizzlePlugin from '@pothos/plugin-drizzle'
import RelayPlugin from '@pothos/plugin-relay'
import { getTableConfig } from 'drizzle-orm/sqlite-core'
import { type Relations, relations } from '../relations'
import type { Context } from './context'
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

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    encodeGlobalID,
    decodeGlobalID,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 20,
    maxConnectionSize: 100,
  },
})
