import { resolveOffsetConnection } from '@pothos/plugin-relay'
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

type Kind = 'Body' | 'Supplier' | 'Programme'

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchResult,
      description:
        'Finds bodies, suppliers (including every name a supplier was seen under) and programmes by name, case-insensitively. Exact matches come first, then names that start with the text, then the rest, by name.',
      args: { query: t.arg.string({ required: true, description: 'Part of a name, e.g. "impower" or "barnet".' }) },
      resolve: async (_p, args, ctx) => {
        const text = args.query.trim()
        const p = containsPattern('query', text)
        const prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        // One ranked list over the three kinds, paged in SQL, so every match can be reached.
        const matches = sql`
          SELECT 'Body' AS kind, id, name FROM bodies
            WHERE id IN (SELECT id FROM bodies WHERE name LIKE ${p} ESCAPE '\\' UNION SELECT body_id FROM body_aliases WHERE alias LIKE ${p} ESCAPE '\\')
          UNION ALL SELECT 'Supplier', id, name FROM suppliers
            WHERE id IN (SELECT id FROM suppliers WHERE name LIKE ${p} ESCAPE '\\' UNION SELECT supplier_id FROM supplier_aliases WHERE raw_name LIKE ${p} ESCAPE '\\')
          UNION ALL SELECT 'Programme', id, name FROM programmes WHERE name LIKE ${p} ESCAPE '\\'`
        const [{ n: totalCount } = { n: 0 }] = await ctx.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${matches})`)
        return resolveOffsetConnection({ args, totalCount }, async ({ limit, offset }) => {
          const page = await ctx.db.all<{ kind: Kind; id: string }>(sql`
            SELECT kind, id FROM (${matches})
            ORDER BY CASE WHEN lower(name) = lower(${text}) THEN 0 WHEN name LIKE ${prefix} ESCAPE '\\' THEN 1 ELSE 2 END, name, kind, id
            LIMIT ${limit} OFFSET ${offset}`)
          const ids = (kind: Kind) => page.filter((r) => r.kind === kind).map((r) => r.id)
          const [bodies, suppliers, programmes] = await Promise.all([
            ids('Body').length ? ctx.db.query.bodies.findMany({ where: { id: { in: ids('Body') } } }) : [],
            ids('Supplier').length ? ctx.db.query.suppliers.findMany({ where: { id: { in: ids('Supplier') } } }) : [],
            ids('Programme').length ? ctx.db.query.programmes.findMany({ where: { id: { in: ids('Programme') } } }) : [],
          ])
          type Found = (typeof bodies)[number] | (typeof suppliers)[number] | (typeof programmes)[number]
          const byKey = new Map<string, Found>()
          const keep = (kind: Kind, rows: readonly Found[]) => {
            for (const row of rows) {
              searchKinds.set(row, kind)
              byKey.set(`${kind}:${row.id}`, row)
            }
          }
          keep('Body', bodies)
          keep('Supplier', suppliers)
          keep('Programme', programmes)
          return page.map((r) => byKey.get(`${r.kind}:${r.id}`)).filter((row): row is Found => row !== undefined)
        })
      },
    },
    {
      fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }) }),
    },
  ),
)
