import { eq } from 'drizzle-orm'
import { sources } from '../../tables'
import { builder } from '../builder'
import { partialDate, PartialDate } from './dates'
import { SourceKind } from './enums'

export const Source = builder.drizzleNode('sources', {
  name: 'Source',
  description: 'A document a fact comes from: a council paper, FOI answer, spend file, news item, blog or forum post.',
  id: { column: (s) => s.id },
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'Stable readable id, e.g. "harringay-online-impower-thread".' }),
    kind: t.expose('kind', { type: SourceKind }),
    title: t.exposeString('title'),
    publisher: t.exposeString('publisher'),
    author: t.exposeString('author', { nullable: true }),
    url: t.exposeString('url', { nullable: true }),
    published: t.field({ type: PartialDate, resolve: (s) => partialDate(s.publishedOn, s.publishedPrecision) }),
    licence: t.exposeString('licence'),
    retrievedOn: t.exposeString('retrievedOn', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
  }),
})

/** Each row once, by id: a fact cites the same document for several of its figures. */
export function distinctById<T extends { id: string }>(rows: readonly T[]): T[] {
  const seen = new Set<string>()
  return rows.filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)))
}

/**
 * The two evidence fields every fact type carries: its documents, each once, and each citation
 * with the words it uses. Spread into a type's fields: `...evidenceFields(t)`.
 */
export function evidenceFields<T extends { field: Function; relation: Function }>(t: T) {
  return {
    sources: t.field({
      type: [Source],
      description: 'The documents that evidence this, each once.',
      select: (_args: unknown, _ctx: unknown, nested: () => unknown) => ({ with: { sources: nested() } }),
      resolve: (row: { sources: Array<{ id: string }> }) => distinctById(row.sources),
    }),
    evidence: t.relation('citations', { description: 'Each source with the words it uses, one per figure it evidences.' }),
  }
}

/** One source's evidence for a fact: the document and the words it uses. */
export const Citation = builder.drizzleObject('citations', {
  name: 'Citation',
  fields: (t) => ({
    source: t.relation('source'),
    quote: t.exposeString('quote', { nullable: true, description: 'The words of the source that state the fact, where we hold them.' }),
  }),
})

builder.queryFields((t) => ({
  sources: t.drizzleConnection({
    type: 'sources',
    description: 'Every document our facts come from.',
    args: { kind: t.arg({ type: SourceKind, required: false }) },
    totalCount: (_p, args, ctx) => ctx.db.$count(sources, args.kind ? eq(sources.kind, args.kind) : undefined),
    resolve: (query, _p, args, ctx) =>
      ctx.db.query.sources.findMany(query({ where: args.kind ? { kind: args.kind } : {}, orderBy: { id: 'asc' } })),
  }),
}))
