import { resolveArrayConnection } from '@pothos/plugin-relay'
import { sql } from 'drizzle-orm'
import { builder } from '../builder'
import { containsPattern } from '../inputs/match'
import { Body } from './body'
import { Programme } from './programme'
import { Supplier } from './supplier'

const searchKinds = new WeakMap<object, 'Body' | 'Supplier' | 'Programme'>()

export const SearchResult = builder.unionType('SearchResult', {
  description: 'A body, supplier or programme whose name, id or an alias matches the search.',
  types: [Body, Supplier, Programme],
  resolveType: (row) => {
    const kind = searchKinds.get(row)
    return kind === 'Body' ? Body : kind === 'Supplier' ? Supplier : Programme
  },
})

const SEARCH_LIMIT = 50

builder.queryField('search', (t) =>
  t.connection({
    type: SearchResult,
    description:
      'Finds bodies, suppliers (including every name a supplier was seen under) and programmes by name, case-insensitively. Exact and prefix matches come first.',
    args: { query: t.arg.string({ required: true, description: 'Part of a name, e.g. "impower" or "barnet".' }) },
    resolve: async (_p, args, ctx) => {
      const text = args.query.trim()
      const p = containsPattern('query', text)
      const lower = text.toLowerCase()
      const rank = ({ name }: { name: string }) => (name.toLowerCase() === lower ? 0 : name.toLowerCase().startsWith(lower) ? 1 : 2)
      const [bodies, suppliers, programmes] = await Promise.all([
        ctx.db.query.bodies.findMany({
          where: { RAW: (t) => sql`${t.id} IN (SELECT id FROM bodies WHERE name LIKE ${p} ESCAPE '\\' UNION SELECT body_id FROM body_aliases WHERE alias LIKE ${p} ESCAPE '\\')` },
          orderBy: { name: 'asc' },
          limit: SEARCH_LIMIT,
        }),
        ctx.db.query.suppliers.findMany({
          where: { RAW: (t) => sql`${t.id} IN (SELECT id FROM suppliers WHERE name LIKE ${p} ESCAPE '\\' UNION SELECT supplier_id FROM supplier_aliases WHERE raw_name LIKE ${p} ESCAPE '\\')` },
          orderBy: { name: 'asc' },
          limit: SEARCH_LIMIT,
        }),
        ctx.db.query.programmes.findMany({
          where: { RAW: (t) => sql`${t.name} LIKE ${p} ESCAPE '\\'` },
          orderBy: { name: 'asc' },
          limit: SEARCH_LIMIT,
        }),
      ])
      for (const b of bodies) searchKinds.set(b, 'Body')
      for (const s of suppliers) searchKinds.set(s, 'Supplier')
      for (const g of programmes) searchKinds.set(g, 'Programme')
      const all = [...bodies, ...suppliers, ...programmes].sort((a, b) => rank(a) - rank(b))
      return resolveArrayConnection({ args }, all)
    },
  }, {
    fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }) }),
  }),
)
