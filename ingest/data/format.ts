import { z } from 'zod'
import {
  amountQualifiers,
  bodyKinds,
  boundingHedgeKinds,
  claimBases,
  claimKinds,
  claimRelationKinds,
  contractStatuses,
  contractValueKinds,
  currencies,
  datePrecisions,
  foiStatuses,
  grossOrNet,
  hedgeKinds,
  programmeKinds,
  programmeRoles,
  sourceKinds,
  unitCostKinds,
  vatBases,
} from '../../schema/tables/enums'
import { checkPartialDate, parsePence } from './values'

// The record shapes of data/*.yaml, one zod schema per file. data/README.md documents the
// same fields for contributors; keep the two in step.

/** The nine English regions (ONS), the only values `region` takes. */
export const englishRegions = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
] as const

export const nations = ['England', 'Scotland', 'Wales', 'Northern Ireland', 'United Kingdom'] as const

export const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lowercase slugs, e.g. "haringey-54000-programme"')
const ref = id
export const text = z.string().trim().min(1, 'must not be empty')

/** Pounds as a decimal string -> integer pence; the reason says how to write it when it is not. */
export const money = z.unknown().transform((input, ctx) => {
  if (input === undefined) {
    ctx.addIssue({ code: 'custom', message: 'missing' })
    return z.NEVER
  }
  const parsed = parsePence(input)
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason })
    return z.NEVER
  }
  return parsed.value
})

const SHARE = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/

/** A percentage as a decimal string ("19", "7.1") -> integer basis points (1900, 710), without floats. */
const share = z.unknown().transform((input, ctx) => {
  const match = typeof input === 'string' ? SHARE.exec(input) : null
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `write a percentage as a quoted decimal string with at most two decimals, no "%", e.g. "7.1" (got ${JSON.stringify(input)})` })
    return z.NEVER
  }
  const points = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0') || '0')
  if (points > 100_000) {
    ctx.addIssue({ code: 'custom', message: `percentage "${String(input)}" is out of range` })
    return z.NEVER
  }
  return points
})

/** A date as written: a string, or a bare YAML year like 2011 (read as "2011"). */
const dateText = z.union([z.string(), z.number().int()]).transform(String)

/** A date with no room for an inference note (sources, programmes, outcomes, FOI requests). */
export const plainDate = z
  .strictObject({ date: dateText.optional(), precision: z.enum(datePrecisions) })
  .superRefine((d, ctx) => {
    const reason = checkPartialDate(d.date, d.precision)
    if (reason) ctx.addIssue({ code: 'custom', message: reason, path: ['date'] })
  })

/** A date whose year or day may be our inference: then `inferred: true` and a note saying why. */
export const notedDate = z
  .strictObject({
    date: dateText.optional(),
    precision: z.enum(datePrecisions),
    inferred: z.boolean().default(false),
    note: text.optional(),
  })
  .superRefine((d, ctx) => {
    const reason = checkPartialDate(d.date, d.precision)
    if (reason) ctx.addIssue({ code: 'custom', message: reason, path: ['date'] })
    if (d.inferred && !d.note) ctx.addIssue({ code: 'custom', message: 'inferred: true needs a note saying why', path: ['note'] })
  })

export const citation = z.strictObject({ source: ref, quote: text.optional() })
const citations = z.array(citation).min(1, 'every record needs at least one source')

/**
 * A source's hedge on one field of the record, with its words: they must occur in one of the
 * record's quotes, so the hedge is the source's, not ours.
 */
export const hedge = z.strictObject({ field: text, kind: z.enum(hedgeKinds), words: text })
const hedgeList = z.array(hedge).default([])

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()

/** Each hedge names a field the record sets, and its words are in one of the record's quotes. */
function checkHedges(record: { hedges: Array<z.output<typeof hedge>>; sources: Array<{ quote?: string }> }, ctx: z.RefinementCtx) {
  checkHedgesAgainstRecord(record, record.hedges, record.sources.map((c) => c.quote ?? ''), ctx)
}

/** The fields that hold a figure a hedge can bound: money (a claim's, an outcome's, a contract's) or a share. */
const figureFields = ['amount', 'low', 'high', 'percent', 'percentLow', 'percentHigh', 'value', 'contingent']
const singleFigureFields = ['amount', 'percent']
const isBounding = (kind: string) => (boundingHedgeKinds as readonly string[]).includes(kind)

/**
 * Why a bounding hedge contradicts what the record already says of the figure, or null. A
 * qualifier says how a claim's or outcome's figure is bounded, a valueKind how a contract's value
 * is: a hedge may repeat them, never say otherwise.
 */
function contradiction(record: { qualifier?: string; valueKind?: string }, h: z.output<typeof hedge>): string | null {
  const { qualifier, valueKind } = record
  if (qualifier && singleFigureFields.includes(h.field) && h.kind !== qualifier) {
    return `hedge kind ${h.kind} contradicts qualifier ${qualifier}: say how the words bound the ${h.field} once, in qualifier`
  }
  // In a range, low is the least and high the most: "up to" on low or "at least" on high would open the range.
  if (qualifier === 'range' && ((h.kind === 'at_most' && ['low', 'percentLow'].includes(h.field)) || (h.kind === 'at_least' && ['high', 'percentHigh'].includes(h.field)))) {
    return `hedge kind ${h.kind} on ${h.field} contradicts qualifier range: a range's ${h.field.toLowerCase().endsWith('low') ? 'low is its least' : 'high is its most'}`
  }
  if (h.field === 'value' && valueKind === 'ceiling' && h.kind === 'at_least') {
    return 'hedge kind at_least contradicts valueKind ceiling: a ceiling is the most that can be paid, not the least'
  }
  if (h.field === 'value' && valueKind === 'award' && h.kind === 'at_most') {
    return 'hedge kind at_most contradicts valueKind award: a sum awarded "up to" is a ceiling; give valueKind ceiling'
  }
  return null
}

/**
 * The hedges of a record, checked against it: each names a field the record sets; a bounding
 * kind (about, at least, up to) is on a figure and agrees with the record's qualifier or
 * valueKind; its words are in one of the quotes (an FOI fact's own `quote` counts beside its
 * sources').
 */
export function checkHedgesAgainstRecord(record: object, hedges: ReadonlyArray<z.output<typeof hedge>>, quoteTexts: string[], ctx: z.RefinementCtx) {
  const quotes = quoteTexts.map(collapse)
  const fields = record as { qualifier?: string; valueKind?: string }
  hedges.forEach((h, i) => {
    if (isBounding(h.kind)) {
      if (!figureFields.includes(h.field)) {
        ctx.addIssue({ code: 'custom', message: `hedge kind ${h.kind} bounds a figure: put it on a money or percent field (${figureFields.join(', ')}), not "${h.field}"`, path: ['hedges', i, 'kind'] })
      } else {
        const why = contradiction(fields, h)
        if (why) ctx.addIssue({ code: 'custom', message: why, path: ['hedges', i, 'kind'] })
      }
    }
    const value = (record as unknown as Record<string, unknown>)[h.field]
    if (['id', 'sources', 'hedges', 'quote'].includes(h.field) || value === undefined || value === null) {
      ctx.addIssue({ code: 'custom', message: `hedges a field "${h.field}" the record does not set`, path: ['hedges', i, 'field'] })
    }
    if (!quotes.some((q) => q.includes(collapse(h.words)))) {
      ctx.addIssue({ code: 'custom', message: `"${h.words}" is in none of the record's quotes: hedge words are the source's own`, path: ['hedges', i, 'words'] })
    }
  })
}

const alias = z.union([text, z.strictObject({ name: text, source: ref })])

const retrievedOn = z.string().superRefine((s, ctx) => {
  const reason = checkPartialDate(s, 'day')
  if (reason) ctx.addIssue({ code: 'custom', message: reason })
})

export const sourceRecord = z.strictObject({
  id,
  kind: z.enum(sourceKinds),
  title: text,
  publisher: text,
  author: text.optional(),
  url: z.url().optional(),
  published: plainDate.optional(),
  licence: text,
  retrievedOn: retrievedOn.optional(),
  /** One of the documents the dataset started from: its citations must quote it word for word. */
  seed: z.boolean().default(false),
  /** We know this document only as quoted in that source; quotes are its words as quoted there. */
  quotedIn: ref.optional(),
  note: text.optional(),
})

export const bodyRecord = z.strictObject({
  id,
  name: text,
  kind: z.enum(bodyKinds),
  region: z.enum(englishRegions).optional(),
  nation: z.enum(nations).optional(),
  gssCode: z.string().regex(/^[EKNSW]\d{8}$/, 'a GSS code is a letter and eight digits, e.g. E09000014').optional(),
  orgId: z.string().regex(/^[A-Z]{2}-[A-Z]{2,6}-[A-Za-z0-9]+$/, 'an org-id looks like GB-LAE-HRY').optional(),
  note: text.optional(),
  aliases: z.array(alias).default([]),
  sources: citations,
})

export const supplierRecord = z.strictObject({
  id,
  name: text,
  website: z.url().optional(),
  orgId: z.string().regex(/^[A-Z]{2}-[A-Z]{2,6}-[A-Za-z0-9]+$/, 'an org-id looks like GB-COH-01234567').optional(),
  note: text.optional(),
  aliases: z.array(alias).default([]),
  sources: citations,
})

export const programmeRecord = z.strictObject({
  id,
  name: text,
  kind: z.enum(programmeKinds),
  parent: ref.optional(),
  description: text.optional(),
  started: plainDate.optional(),
  ended: plainDate.optional(),
  budget: z
    .strictObject({ amount: money, currency: z.enum(currencies).default('GBP'), vatBasis: z.enum(vatBases) })
    .optional(),
  bodies: z
    .array(
      z.strictObject({
        body: ref,
        role: z.enum(programmeRoles),
        detail: text.optional(),
        /** Evidence for this role; stored as citations of the programme. */
        sources: z.array(citation).default([]),
      }),
    )
    .default([]),
  sources: citations,
})

export const pilotRecord = z.strictObject({
  id,
  name: text,
  region: z.enum(englishRegions),
  programme: ref,
  bodies: z.array(ref).min(1, 'a pilot needs its member bodies'),
  themes: z
    .array(z.strictObject({ theme: text, sources: citations }))
    .default([]),
  sources: citations,
})

/** What a contract is and costs, as data/ and FOI records state it (in this key order: FOI record hashes depend on it). */
export const contractTerms = {
  title: text,
  description: text.optional(),
  value: money.optional(),
  currency: z.enum(currencies).default('GBP'),
  vatBasis: z.enum(vatBases),
  valueKind: z.enum(contractValueKinds).optional(),
  /** A further sum contingent on delivery, and on what. */
  contingent: money.optional(),
  contingentOn: text.optional(),
  decided: notedDate.optional(),
}

/** A value has its kind, and a contingent sum says on what. */
export function checkContractValue(c: { value?: number; valueKind?: string; contingent?: number; contingentOn?: string }, ctx: z.RefinementCtx) {
  if (c.value !== undefined && !c.valueKind) {
    ctx.addIssue({ code: 'custom', message: 'a value needs valueKind (award, ceiling, contingent or estimate)', path: ['valueKind'] })
  }
  if (c.value === undefined && c.valueKind) {
    ctx.addIssue({ code: 'custom', message: 'valueKind given without a value', path: ['value'] })
  }
  if ((c.contingent === undefined) !== (c.contingentOn === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'contingent and contingentOn go together', path: ['contingentOn'] })
  }
}

export const contractRecord = z
  .strictObject({
    id,
    buyer: ref,
    /** null: the partner is not chosen, or the source does not name it. */
    supplier: ref.nullable().default(null),
    programme: ref.optional(),
    ...contractTerms,
    decidedBy: text.optional(),
    status: z.enum(contractStatuses),
    hedges: hedgeList,
    sources: citations,
  })
  .superRefine((c, ctx) => {
    checkHedges(c, ctx)
    checkContractValue(c, ctx)
  })

/**
 * Single-figure qualifiers take `amount` (and/or, for claims, `percent`); a range takes `low` and
 * `high` (or `percentLow` and `percentHigh`); not_stated takes none.
 */
export function checkAmounts(
  r: {
    qualifier: (typeof amountQualifiers)[number]
    amount?: number
    low?: number
    high?: number
    percent?: number
    percentLow?: number
    percentHigh?: number
  },
  ctx: z.RefinementCtx,
  rangeAllowed: boolean,
) {
  const add = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] })
  const single = r.amount !== undefined || r.percent !== undefined
  const money = r.low !== undefined || r.high !== undefined
  const shares = r.percentLow !== undefined || r.percentHigh !== undefined
  if (r.qualifier === 'not_stated') {
    if (single || money || shares) add('qualifier not_stated takes no amount', 'qualifier')
  } else if (r.qualifier === 'range') {
    if (!rangeAllowed) add('a range is not allowed here: give one amount', 'qualifier')
    else if (!money && !shares) add('qualifier range needs low and high', 'low')
    else {
      if (money) {
        if (r.low === undefined || r.high === undefined) add('qualifier range needs low and high', r.low === undefined ? 'low' : 'high')
        else if (r.low >= r.high) add('low must be below high', 'low')
      }
      if (shares) {
        if (r.percentLow === undefined || r.percentHigh === undefined) add('a range of shares needs percentLow and percentHigh', r.percentLow === undefined ? 'percentLow' : 'percentHigh')
        else if (r.percentLow >= r.percentHigh) add('percentLow must be below percentHigh', 'percentLow')
      }
    }
    if (single) add('a range takes low and high, not amount', r.amount !== undefined ? 'amount' : 'percent')
  } else {
    if (!single) add(`qualifier ${r.qualifier} needs amount`, 'amount')
    if (money) add(`qualifier ${r.qualifier} takes amount, not low/high`, 'low')
    if (shares) add(`qualifier ${r.qualifier} takes percent, not percentLow/percentHigh`, 'percentLow')
  }
}

/** How this claim relates to another; stored once per pair, read both ways. */
const claimRelation = z
  .strictObject({
    claim: ref,
    relation: z.enum(claimRelationKinds),
    note: text.optional(),
    /** Evidence for the relation; stored as citations of the claim. */
    sources: z.array(citation).default([]),
  })
  .superRefine((r, ctx) => {
    if (r.relation === 'unknown' && !r.note) {
      ctx.addIssue({ code: 'custom', message: 'relation unknown needs a note saying what the source does and does not say', path: ['note'] })
    }
  })

/** What a claim says and its figure (checked by checkAmounts), shared with FOI claim facts; key order matters as for contractTerms. */
export const claimFigure = {
  title: text,
  description: text.optional(),
  scenario: text.optional(),
  amount: money.optional(),
  low: money.optional(),
  high: money.optional(),
}

/** What kind of claim, counted how and over what horizon, and when it was made. */
export const claimTerms = {
  kind: z.enum(claimKinds),
  basis: z.enum(claimBases),
  horizonYears: z.number().int().positive().optional(),
  claimed: notedDate.optional(),
}

export const claimRecord = z
  .strictObject({
    id,
    /** null: the source does not say whose claim or estimate it is. */
    claimant: ref.nullable(),
    programme: ref.optional(),
    contract: ref.optional(),
    ...claimFigure,
    percent: share.optional(),
    percentLow: share.optional(),
    percentHigh: share.optional(),
    currency: z.enum(currencies).default('GBP'),
    qualifier: z.enum(amountQualifiers),
    grossOrNet: z.enum(grossOrNet),
    ...claimTerms,
    relations: z.array(claimRelation).default([]),
    hedges: hedgeList,
    sources: citations,
  })
  .superRefine((c, ctx) => {
    checkAmounts(c, ctx, true)
    checkHedges(c, ctx)
  })

/** What an outcome reports and its figure, shared with FOI outcome facts; key order matters as for contractTerms. */
export const outcomeFigure = {
  title: text,
  description: text.optional(),
  amount: money.optional(),
  currency: z.enum(currencies).default('GBP'),
  qualifier: z.enum(amountQualifiers),
  basis: z.enum(claimBases),
  reported: plainDate.optional(),
}

export const outcomeRecord = z
  .strictObject({
    id,
    claim: ref.optional(),
    programme: ref.optional(),
    body: ref.optional(),
    ...outcomeFigure,
    hedges: hedgeList,
    sources: citations,
  })
  .superRefine((o, ctx) => {
    checkAmounts(o, ctx, false)
    checkHedges(o, ctx)
  })

export const unitCostRecord = z.strictObject({
  id,
  kind: z.enum(unitCostKinds),
  subject: text,
  unit: text,
  description: text.optional(),
  body: ref.optional(),
  amount: money,
  currency: z.enum(currencies).default('GBP'),
  vatBasis: z.enum(vatBases),
  qualifier: z.enum(['exact', 'about', 'at_least', 'at_most']),
  sources: citations,
})

export const segmentRecord = z.strictObject({
  id,
  place: text,
  body: ref.nullable(),
  segment: text,
  note: text.optional(),
  sources: citations,
})

export const foiRecord = z.strictObject({
  id,
  authority: ref,
  title: text,
  url: z.url().optional(),
  platform: text.optional(),
  requested: plainDate.optional(),
  answered: notedDate.optional(),
  status: z.enum(foiStatuses),
  /** The source (kind foi_response) holding the answer. */
  response: ref.optional(),
  sources: citations,
})

export type SourceRecord = z.output<typeof sourceRecord>
export type BodyRecord = z.output<typeof bodyRecord>
export type SupplierRecord = z.output<typeof supplierRecord>
export type ProgrammeRecord = z.output<typeof programmeRecord>
export type PilotRecord = z.output<typeof pilotRecord>
export type ContractRecord = z.output<typeof contractRecord>
export type ClaimRecord = z.output<typeof claimRecord>
export type OutcomeRecord = z.output<typeof outcomeRecord>
export type FoiRecord = z.output<typeof foiRecord>
export type UnitCostRecord = z.output<typeof unitCostRecord>
export type SegmentRecord = z.output<typeof segmentRecord>
export type HedgeRecord = z.output<typeof hedge>
export type Citation = z.output<typeof citation>

/** Every file of data/, in the order they are read (and hashed: by name). */
export const datasetFiles = {
  'bodies.yaml': bodyRecord,
  'claims.yaml': claimRecord,
  'contracts.yaml': contractRecord,
  'foi.yaml': foiRecord,
  'outcomes.yaml': outcomeRecord,
  'programmes.yaml': programmeRecord,
  'segments.yaml': segmentRecord,
  'sources.yaml': sourceRecord,
  'suppliers.yaml': supplierRecord,
  'total-place.yaml': pilotRecord,
  'unit-costs.yaml': unitCostRecord,
} as const

export type DatasetFile = keyof typeof datasetFiles
