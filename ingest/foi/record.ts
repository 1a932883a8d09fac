// The FOI record: one Freedom of Information request, the answer's words and the facts the
// answer states, as a contributor writes it in YAML (data/foi/*.yaml, or any file given to
// `npm run ingest -- foi`). data/foi/record.schema.json is generated from `foiRecord` below
// (npm run foi:schema) so editors can check a record as it is typed; README "From an FOI
// answer to data" walks through one.
import { createHash } from 'node:crypto'
import { LineCounter, parseDocument, isNode } from 'yaml'
import { z } from 'zod'
import { amountQualifiers, contractStatuses, currencies, foiStatuses, grossOrNet } from '../../schema/tables/enums'
import {
  checkAmounts,
  checkContractValue,
  checkHedgesAgainstRecord,
  citation,
  claimFigure,
  claimTerms,
  contractTerms,
  hedge,
  id,
  notedDate,
  outcomeFigure,
  plainDate,
  text,
} from '../data/format'

/** A body, supplier or programme named by id, official name or any alias. */
const named = text.max(300)

// The facts take the field shapes and checks of data/ (ingest/data/format.ts): a claim's or
// outcome's `qualifier` (about, at_least, range …), a contract's sum contingent on delivery.
// Their keys keep data/'s order, and `hedges` is left out when a fact has none: a record's
// version hash is taken over the parsed record, so either change would make every landed record
// look changed.

/** The words of the answer that state a fact; required, so every figure is traceable. */
const quote = text.describe("The answer's exact words that state this fact.")

/**
 * How the answer hedges or bounds the fact's figures ("approximately", "at least", "up to",
 * "we estimate"), with its words, which must occur in the fact's quote or one of its sources'.
 */
const hedges = z.array(hedge).optional()

function checkFactHedges(f: { hedges?: Array<z.output<typeof hedge>>; quote: string; sources: Array<{ quote?: string }> }, ctx: z.RefinementCtx) {
  if (f.hedges) checkHedgesAgainstRecord(f, f.hedges, [f.quote, ...f.sources.map((s) => s.quote ?? '')], ctx)
}

const contractFact = z
  .strictObject({
    id,
    /** Defaults to the request's authority. */
    buyer: named.optional(),
    /** null: the answer names no supplier. */
    supplier: named.nullable().default(null),
    programme: named.optional(),
    ...contractTerms,
    status: z.enum(contractStatuses).default('unknown'),
    quote,
    sources: z.array(citation).default([]),
    hedges,
  })
  .superRefine((c, ctx) => {
    checkContractValue(c, ctx)
    checkFactHedges(c, ctx)
  })

const claimFact = z
  .strictObject({
    id,
    /** Defaults to the request's authority. */
    claimant: named.optional(),
    programme: named.optional(),
    /** A contract of this record (its id) or of the dataset. */
    contract: id.optional(),
    ...claimFigure,
    currency: z.enum(currencies).default('GBP'),
    qualifier: z.enum(amountQualifiers),
    grossOrNet: z.enum(grossOrNet).default('unknown'),
    ...claimTerms,
    quote,
    sources: z.array(citation).default([]),
    hedges,
  })
  .superRefine((c, ctx) => {
    checkAmounts(c, ctx, true)
    checkFactHedges(c, ctx)
  })

const outcomeFact = z
  .strictObject({
    id,
    /** A claim of this record (its id) or of the dataset. */
    claim: id.optional(),
    programme: named.optional(),
    /** Defaults to the request's authority. */
    body: named.optional(),
    ...outcomeFigure,
    quote,
    sources: z.array(citation).default([]),
    hedges,
  })
  .superRefine((o, ctx) => {
    checkAmounts(o, ctx, false)
    checkFactHedges(o, ctx)
  })

const attachment = z.strictObject({
  /** Path of the table, relative to the record's file. */
  file: text,
  /** payments: read through the spend pipeline; contracts: a list with a title and value per row. */
  as: z.enum(['payments', 'contracts']),
  title: text.optional(),
})

export const foiRecord = z.strictObject({
  id,
  /** The body asked: its id, official name or any alias. */
  authority: named,
  title: text,
  /** The request's page (WhatDoTheyKnow, a disclosure log). */
  url: z.url().optional(),
  platform: text.optional(),
  /** The body's own reference for the request. */
  reference: text.optional(),
  requested: plainDate.optional(),
  answered: notedDate.optional(),
  status: z.enum(foiStatuses),
  /** The request's words. */
  request: text.optional(),
  answer: z.strictObject({
    /** A source of kind foi_response in data/sources.yaml holding the answer; else one is made from `document`. */
    source: id.optional(),
    document: z
      .strictObject({
        title: text,
        publisher: text.optional(),
        url: z.url().optional(),
        published: plainDate.optional(),
        licence: text.default('Not stated'),
      })
      .optional(),
    /** The answer's words, quoted exactly. */
    quote: text,
  }),
  /** Other documents about the request (a blog post quoting it, …). */
  sources: z.array(citation).default([]),
  facts: z
    .strictObject({
      contracts: z.array(contractFact).default([]),
      claims: z.array(claimFact).default([]),
      outcomes: z.array(outcomeFact).default([]),
    })
    .default({ contracts: [], claims: [], outcomes: [] }),
  attachments: z.array(attachment).default([]),
})

export type FoiRecord = z.output<typeof foiRecord>
export type ContractFact = z.output<typeof contractFact>
export type ClaimFact = z.output<typeof claimFact>
export type OutcomeFact = z.output<typeof outcomeFact>

/** A problem with a record file: where (line, field path) and why. */
export interface RecordProblem {
  file: string
  line: number | null
  /** Field path inside the record, e.g. "facts.contracts[0].value". */
  path: string
  reason: string
}

export interface ParsedRecord {
  record: FoiRecord
  /** SHA-256 of the validated record: the same record, written differently, is the same version. */
  sha256: string
  file: string
  line: number
}

/** Reads a file of one record (a mapping) or several (a list). Collects every problem; never throws. */
export function parseRecordFile(file: string, textContent: string): { records: ParsedRecord[]; problems: RecordProblem[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(textContent, { prettyErrors: false, uniqueKeys: true, lineCounter })
  const problems: RecordProblem[] = []
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ file, line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line, path: '', reason: `YAML: ${error.message.split('\n')[0]}` })
    }
    return { records: [], problems }
  }
  const data: unknown = doc.toJS()
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? [data] : null
  if (!list) {
    problems.push({ file, line: 1, path: '', reason: 'an FOI record file holds one record (id, authority, title, status, answer, …) or a list of them' })
    return { records: [], problems }
  }
  const lineOf = (path: Array<string | number>): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true)
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line
    }
    return null
  }
  const records: ParsedRecord[] = []
  const seen = new Set<string>()
  list.forEach((item, index) => {
    const prefix: Array<string | number> = Array.isArray(data) ? [index] : []
    const result = foiRecord.safeParse(item)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
        problems.push({ file, line: lineOf([...prefix, ...path]), path: fieldPath(path), reason: describe(issue) })
      }
      return
    }
    const record = result.data
    if (seen.has(record.id)) {
      problems.push({ file, line: lineOf([...prefix, 'id']), path: 'id', reason: `duplicate record id "${record.id}" in this file` })
      return
    }
    seen.add(record.id)
    const sha256 = createHash('sha256').update(JSON.stringify(record)).digest('hex')
    records.push({ record, sha256, file, line: lineOf(prefix) ?? 1 })
  })
  return { records, problems }
}

/** ["facts", "contracts", 0, "value"] -> "facts.contracts[0].value". */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '')
}

function describe(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input
  if (issue.code === 'invalid_type' && input === undefined) return 'missing'
  if (issue.code === 'custom' && issue.message === 'missing') return 'missing'
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  if (issue.code === 'invalid_value') return `"${String(input)}" is not one of ${issue.values.join(', ')}`
  return issue.message
}

/** The JSON Schema of a record file, for editors (data/foi/record.schema.json). */
export function recordJsonSchema(): unknown {
  const one = z.toJSONSchema(foiRecord, { io: 'input', unrepresentable: 'any' })
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'consultwatch FOI record',
    description: 'One Freedom of Information request, its answer quoted, and the facts the answer states (or a list of them). Generated from ingest/foi/record.ts; do not edit.',
    anyOf: [{ $ref: '#/$defs/record' }, { type: 'array', items: { $ref: '#/$defs/record' } }],
    $defs: { record: stripSchemaKey(one) },
  }
}

function stripSchemaKey(schema: unknown): unknown {
  if (schema && typeof schema === 'object' && '$schema' in schema) {
    const { $schema: _drop, ...rest } = schema as Record<string, unknown>
    return rest
  }
  return schema
}
