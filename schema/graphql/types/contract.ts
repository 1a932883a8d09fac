import { eq } from 'drizzle-orm'
import { contracts } from '../../tables'
import { builder } from '../builder'
import { evidenceFields } from './source'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches, programmeMatches, supplierMatches } from '../inputs/match'
import { partialDate, PartialDate } from './dates'
import { ContractStatus, ContractValueKind } from './enums'
import { Money, moneyOf } from './money'

export const Contract = builder.drizzleNode('contracts', {
  name: 'Contract',
  description: 'A contract or commission as a decision paper, FOI answer or report describes it.',
  id: { column: (c) => c.id },
  fields: (t) => ({
    slug: t.exposeString('id'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    buyer: t.relation('buyer'),
    supplier: t.relation('supplier', { nullable: true, description: 'Null while no supplier is named (e.g. a procurement approved, partner not yet chosen).' }),
    programme: t.relation('programme', { nullable: true }),
    value: t.field({
      type: Money,
      nullable: true,
      description: 'The value the source gives; valueKind says what it is. Null when the source gives none.',
      resolve: (c) => moneyOf(c.valuePence, c.currency, c.vatBasis),
    }),
    valueKind: t.expose('valueKind', { type: ContractValueKind, nullable: true }),
    contingentValue: t.field({
      type: Money,
      nullable: true,
      description: 'A further sum payable only on delivery.',
      resolve: (c) => moneyOf(c.contingentPence, c.currency, c.vatBasis),
    }),
    contingentOn: t.exposeString('contingentOn', { nullable: true }),
    decided: t.field({
      type: PartialDate,
      resolve: (c) => partialDate(c.decidedOn, c.decidedPrecision, c.decidedInferred, c.decidedNote),
    }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
    status: t.expose('status', { type: ContractStatus }),
    savingsClaims: t.relatedConnection('savingsClaims', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
    ...evidenceFields(t),
  }),
})

const ContractFilter = builder.inputType('ContractFilter', {
  fields: (t) => ({
    supplier: t.string({ description: "Matches the supplier's id, name or any alias it was seen under, case-insensitively." }),
    buyer: t.string({ description: "Matches the buying body's id, name or any alias, case-insensitively." }),
    programme: t.string({ description: "Matches the programme's id or name, case-insensitively." }),
    status: t.field({ type: ContractStatus }),
  }),
})

type ContractFilterShape = { supplier?: string | null; buyer?: string | null; programme?: string | null; status?: (typeof contracts.$inferSelect)['status'] | null }

function contractFilter(filter: ContractFilterShape | null | undefined): TableFilter<typeof contracts> {
  return allOf<typeof contracts>(
    filter?.supplier != null && ((t) => supplierMatches(t.supplierId, 'filter.supplier', filter.supplier as string)),
    filter?.buyer != null && ((t) => bodyMatches(t.buyerId, 'filter.buyer', filter.buyer as string)),
    filter?.programme != null && ((t) => programmeMatches(t.programmeId, 'filter.programme', filter.programme as string)),
    filter?.status != null && ((t) => eq(t.status, filter.status as NonNullable<ContractFilterShape['status']>)),
  )
}

builder.queryFields((t) => ({
  contract: t.drizzleField({
    type: 'contracts',
    nullable: true,
    description: 'A contract by its slug. Null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _p, args, ctx) => ctx.db.query.contracts.findFirst(query({ where: { id: args.slug } })),
  }),
  contracts: t.drizzleConnection({
    type: 'contracts',
    description: 'Contracts and commissions, by id.',
    args: { filter: t.arg({ type: ContractFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, contracts, contractFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.contracts.findMany(
        query({ where: { RAW: (t) => contractFilter(args.filter)(t) }, orderBy: { id: 'asc' } }),
      ),
  }),
}))
