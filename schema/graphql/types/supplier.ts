import { suppliers } from '../../tables'
import { builder } from '../builder'
import { evidenceFields } from './source'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { supplierMatches } from '../inputs/match'
import { SupplierMatchMethod } from './enums'

export const Supplier = builder.drizzleNode('suppliers', {
  name: 'Supplier',
  description: 'A canonical supplier. Spend rolls up by supplier id, never by the name a file used.',
  id: { column: (s) => s.id },
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'Stable readable id, e.g. "impower-consulting".' }),
    name: t.exposeString('name'),
    orgId: t.exposeString('orgId', { nullable: true, description: 'org-id identifier, e.g. GB-COH-01234567, where known.' }),
    website: t.exposeString('website', { nullable: true }),
    aliases: t.relatedConnection('aliases', {
      totalCount: true,
      query: { orderBy: { rawName: 'asc' } },
      description: 'Every raw name this supplier was seen under, with how it was matched: a merge is visible here.',
    }),
    contracts: t.relatedConnection('contracts', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    payments: t.relatedConnection('payments', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    body: t.relation('body', {
      nullable: true,
      description:
        "The public body this payee is, when its name is exactly one body's name or alias: payments to it are that body's money in (spend(filter: { payeeBody })).",
    }),
    ...evidenceFields(t),
  }),
})

export const SupplierAlias = builder.drizzleObject('supplierAliases', {
  name: 'SupplierAlias',
  description: 'A raw supplier name as a source wrote it, and how it was matched to its supplier.',
  fields: (t) => ({
    rawName: t.exposeString('rawName'),
    method: t.expose('method', { type: SupplierMatchMethod }),
    source: t.relation('source', { nullable: true }),
  }),
})

const SupplierFilter = builder.inputType('SupplierFilter', {
  fields: (t) => ({
    name: t.string({ description: 'Matches the id, name or any alias, case-insensitively.' }),
  }),
})

function supplierFilter(filter: { name?: string | null } | null | undefined): TableFilter<typeof suppliers> {
  return allOf<typeof suppliers>(filter?.name != null && ((t) => supplierMatches(t.id, 'filter.name', filter.name as string)))
}

builder.queryFields((t) => ({
  supplier: t.drizzleField({
    type: 'suppliers',
    nullable: true,
    description: 'A supplier by its slug, e.g. "impower-consulting". Null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _p, args, ctx) => ctx.db.query.suppliers.findFirst(query({ where: { id: args.slug } })),
  }),
  suppliers: t.drizzleConnection({
    type: 'suppliers',
    description: 'Canonical suppliers, by name.',
    args: { filter: t.arg({ type: SupplierFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, suppliers, supplierFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.suppliers.findMany(query({ where: { RAW: (t) => supplierFilter(args.filter)(t) }, orderBy: { name: 'asc' } })),
  }),
}))
