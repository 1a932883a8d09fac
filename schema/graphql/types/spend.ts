import { sql } from 'drizzle-orm'
import { payments, spendFiles } from '../../tables'
import type { Currency as CurrencyCode } from '../../tables/enums'
import { builder } from '../builder'
import type { Db } from '../../db'
import { allOf, countWhere, type TableFilter } from '../inputs/count'
import { bodyMatches } from '../inputs/match'
import { parseSpendFilter, paymentColumns, resolveSpendFilter, SpendFilter, type SpendFilterInput, spendWhere } from '../inputs/spend-filter'
import { partialDate, PartialDate } from './dates'
import { PayeeClass, SupplierMatchMethod } from './enums'
import { decimalOf, Money, type MoneyShape, moneyOf } from './money'


const SpendWarning = builder.objectRef<{ code: string; message: string }>('SpendWarning').implement({
  description: 'Something the ingest of a file noticed, with a code (e.g. DATES_UNKNOWN, ENCODING_GUESSED) and an explanation.',
  fields: (t) => ({
    code: t.string({ resolve: (w) => w.code }),
    message: t.string({ resolve: (w) => w.message }),
  }),
})

export const SpendFile = builder.drizzleNode('spendFiles', {
  name: 'SpendFile',
  description: 'A published spend file as we ingested it: how it was read, its row accounting, totals, and every row we could not accept.',
  id: { column: (f) => f.id },
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    body: t.relation('body'),
    source: t.relation('source'),
    encoding: t.exposeString('encoding'),
    delimiter: t.exposeString('delimiter'),
    headerLine: t.exposeInt('headerLine'),
    periodStart: t.exposeString('periodStart', { nullable: true }),
    periodEnd: t.exposeString('periodEnd', { nullable: true }),
    rowsRead: t.exposeInt('rowsRead', { description: 'Data rows after the header: accepted + rejected + skipped.' }),
    accepted: t.exposeInt('accepted'),
    rejected: t.exposeInt('rejected'),
    skipped: t.exposeInt('skipped', { description: 'Blank, junk and total rows.' }),
    totals: t.field({
      type: [Money],
      description:
        "What the file adds, per currency: its accepted rows, less those repeating a payment already ingested for the body (duplicates, never counted). vatBasis is the file's when all its payments share one, else UNKNOWN.",
      select: {
        columns: { totalsPence: true },
        extras: { vatBases: (f) => sql<string | null>`(SELECT group_concat(DISTINCT vat_basis) FROM payments WHERE spend_file_id = ${f.id})` },
      },
      resolve: (f) => {
        const bases = (f.vatBases ?? '').split(',').filter(Boolean)
        const vatBasis = bases.length === 1 ? (bases[0] as MoneyShape['vatBasis']) : 'unknown'
        return Object.entries(JSON.parse(f.totalsPence) as Record<string, number>).map(
          ([currency, pence]): MoneyShape => ({ pence, currency: currency as CurrencyCode, vatBasis }),
        )
      },
    }),
    statedTotal: t.string({
      nullable: true,
      description: "The file's own total row, where it has one: an exact decimal.",
      select: { columns: { statedTotalPence: true } },
      resolve: (f) => (f.statedTotalPence === null ? null : decimalOf(f.statedTotalPence)),
    }),
    statedTotalMatches: t.exposeBoolean('statedTotalMatches', {
      nullable: true,
      description: 'Whether statedTotal equals the sum of every accepted row of the file, duplicates included (the publisher summed them all); null without a stated total.',
    }),
    warnings: t.field({
      type: [SpendWarning],
      description: 'What the ingest noticed but did not refuse: a guessed encoding, lost dates, a total that does not match…',
      resolve: (f) => JSON.parse(f.warnings) as Array<{ code: string; message: string }>,
    }),
    ingestedAt: t.exposeString('ingestedAt'),
    rejects: t.relatedConnection('rejects', { totalCount: true, query: { orderBy: { line: 'asc' } } }),
    payments: t.relatedConnection('payments', { totalCount: true, query: { orderBy: { id: 'asc' } } }),
  }),
})

export const SpendReject = builder.drizzleObject('spendRejects', {
  name: 'SpendReject',
  description: 'A row we could not accept, kept verbatim with where and why.',
  fields: (t) => ({
    line: t.exposeInt('line'),
    column: t.exposeString('column', { nullable: true }),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    raw: t.exposeString('raw'),
  }),
})

const PaymentSource = builder.objectRef<{ spendFile: object; fileName: string; line: number }>('PaymentSource').implement({
  description: 'Where a payment was read from: the file and its line number (1-based, counting the header and any preamble).',
  fields: (t) => ({
    fileName: t.string({ resolve: (s) => s.fileName }),
    line: t.int({ resolve: (s) => s.line }),
  }),
})

export const Payment = builder.drizzleNode('payments', {
  name: 'Payment',
  description: 'One payment line of a published spend file. Credits and refunds are negative.',
  id: { column: (p) => p.id },
  fields: (t) => ({
    body: t.relation('body'),
    supplier: t.relation('supplier', { nullable: true, description: 'Null for redacted and personal payees.' }),
    payeeName: t.string({
      nullable: true,
      description: 'The payee as the file wrote it; null for redacted and personal payees, which we never name.',
      select: { columns: { payeeName: true, payeeClass: true } },
      resolve: (p) => (p.payeeClass === 'supplier' ? p.payeeName : null),
    }),
    payeeClass: t.expose('payeeClass', { type: PayeeClass }),
    paid: t.field({ type: PartialDate, resolve: (p) => partialDate(p.paidOn, p.paidPrecision) }),
    amount: t.field({ type: Money, resolve: (p) => ({ pence: p.amountPence, currency: p.currency, vatBasis: p.vatBasis }) }),
    supplierMatch: t.expose('supplierMatch', {
      type: SupplierMatchMethod,
      nullable: true,
      description: 'How the raw payee name was matched to the supplier at ingest.',
    }),
    supplierRef: t.exposeString('supplierRef', { nullable: true, description: "The body's own id for the payee, as published." }),
    vat: t.field({
      type: Money,
      nullable: true,
      description: 'VAT on this payment, where the file has a VAT column.',
      resolve: (p) => moneyOf(p.vatPence, p.currency, 'unknown'),
    }),
    expenseCategory: t.exposeString('expenseCategory', { nullable: true, description: 'The broad heading over expenseType, where the file has two levels.' }),
    expenseType: t.exposeString('expenseType', { nullable: true }),
    expenseCode: t.exposeString('expenseCode', { nullable: true }),
    serviceArea: t.exposeString('serviceArea', { nullable: true }),
    serviceDivision: t.exposeString('serviceDivision', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    transactionRef: t.exposeString('transactionRef', { nullable: true }),
    capitalOrRevenue: t.exposeString('capitalOrRevenue', { nullable: true }),
    consultancy: t.boolean({ description: 'Marked consultancy / professional services by a classification rule.', resolve: (p) => p.consultancyRule != null }),
    consultancyRule: t.exposeString('consultancyRule', { nullable: true, description: 'Which rule marked it (see README, "Consultancy rules").' }),
    source: t.field({
      type: PaymentSource,
      select: { columns: { line: true }, with: { spendFile: { columns: { fileName: true } } } },
      resolve: (p) => ({ spendFile: p.spendFile, fileName: p.spendFile.fileName, line: p.line }),
    }),
    spendFile: t.relation('spendFile'),
  }),
})

/** The payments a SpendFilter selects: the one filter module, over the payments table. */
async function paymentFilter(db: Db, filter: SpendFilterInput | null | undefined): Promise<TableFilter<typeof payments>> {
  const parsed = await resolveSpendFilter(db, parseSpendFilter(filter))
  return (t) => spendWhere(parsed, paymentColumns(t))
}

const SpendFileFilter = builder.inputType('SpendFileFilter', {
  fields: (t) => ({ body: t.string({ description: "The publishing body's id, name or alias." }) }),
})

function spendFileFilter(filter: { body?: string | null } | null | undefined): TableFilter<typeof spendFiles> {
  return allOf<typeof spendFiles>(filter?.body != null && ((t) => bodyMatches(t.bodyId, 'filter.body', filter.body as string)))
}

builder.queryFields((t) => ({
  payments: t.drizzleConnection({
    type: 'payments',
    description: 'Payments from ingested spend files, in file order.',
    args: { filter: t.arg({ type: SpendFilter, required: false }) },
    totalCount: async (_p, args, ctx) => countWhere(ctx.db, payments, await paymentFilter(ctx.db, args.filter)),
    resolve: async (query, _p, args, ctx) => {
      const filter = await paymentFilter(ctx.db, args.filter)
      return ctx.db.query.payments.findMany(query({ where: { RAW: (t) => filter(t) }, orderBy: { id: 'asc' } }))
    },
  }),
  spendFiles: t.drizzleConnection({
    type: 'spendFiles',
    description: 'Every spend file ingested, with its ingest report and rejected rows.',
    args: { filter: t.arg({ type: SpendFileFilter, required: false }) },
    totalCount: (_p, args, ctx) => countWhere(ctx.db, spendFiles, spendFileFilter(args.filter)),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.spendFiles.findMany(query({ where: { RAW: (t) => spendFileFilter(args.filter)(t) }, orderBy: { id: 'asc' } })),
  }),
}))
