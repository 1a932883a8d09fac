import { sql } from 'drizzle-orm'
import type { Db } from '../../db'
import { builder } from '../builder'
import { ApiError } from '../errors'
import { bodyMatches, programmeMatches, supplierMatches } from '../inputs/match'

// From a gap to a request: the words of an FOI request for a figure we lack, and where to send
// it on WhatDoTheyKnow. The link is the body's /new/<url_name> page only when WhatDoTheyKnow
// gave us the url_name; otherwise a WhatDoTheyKnow search for the body: a guessed url_name
// could send a request to the wrong body.

const subjects = ['CONSULTANCY_SPEND', 'PROGRAMME_INVOICES', 'SAVINGS_BUSINESS_CASE', 'MISSING_SPEND_FILES'] as const
type Subject = (typeof subjects)[number]

const FoiDraftSubject = builder.enumType('FoiDraftSubject', {
  description: 'What the request asks for.',
  values: {
    CONSULTANCY_SPEND: { description: 'Every payment to a named firm (supplier), and the contracts behind them.' },
    PROGRAMME_INVOICES: { description: 'The invoices paid under a programme (programme).' },
    SAVINGS_BUSINESS_CASE: { description: 'The business case behind a savings claim (claim), and what was achieved.' },
    MISSING_SPEND_FILES: { description: 'The spend over £500 for the months of the period we hold no file for.' },
  } as const,
})

const FoiDraftLink = builder.enumType('FoiDraftLink', {
  values: {
    NEW_REQUEST: { description: "The body's own new-request page on WhatDoTheyKnow (its url_name is known)." },
    FIND_AUTHORITY: { description: 'A WhatDoTheyKnow search for the body: pick it there (we do not know its url_name, and never guess one).' },
  } as const,
})

interface Draft {
  bodySlug: string
  bodyName: string
  subject: Subject
  period: string | null
  title: string
  text: string
  whatDoTheyKnowUrl: string
  link: 'NEW_REQUEST' | 'FIND_AUTHORITY'
  missingMonths: string[]
}

const FoiDraft = builder.objectRef<Draft>('FoiDraft').implement({
  description: 'The text of a Freedom of Information request for a figure we lack, and the WhatDoTheyKnow link to send it.',
  fields: (t) => ({
    bodySlug: t.string({ resolve: (d) => d.bodySlug }),
    bodyName: t.string({ resolve: (d) => d.bodyName }),
    subject: t.field({ type: FoiDraftSubject, resolve: (d) => d.subject }),
    period: t.string({ nullable: true, description: 'The period asked about, from day to day.', resolve: (d) => d.period }),
    title: t.string({ description: 'A title for the request.', resolve: (d) => d.title }),
    text: t.string({ description: 'The request, ready to paste.', resolve: (d) => d.text }),
    whatDoTheyKnowUrl: t.string({ resolve: (d) => d.whatDoTheyKnowUrl }),
    link: t.field({ type: FoiDraftLink, resolve: (d) => d.link }),
    missingMonths: t.stringList({ description: 'For MISSING_SPEND_FILES: the months (YYYY-MM) of the period no spend file of ours covers.', resolve: (d) => d.missingMonths }),
  }),
})

/** "2013-14" (UK financial year), "2014", "2014-03", "2014-04..2015-03", "2014-04-01..2015-03-31" -> first and last day. */
export function parsePeriod(text: string): { from: string; to: string } | null {
  const t = text.trim()
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
  const pad = (n: number) => String(n).padStart(2, '0')
  const valid = (y: number, m: number) => y >= 1990 && y <= 2100 && m >= 1 && m <= 12
  // YYYY-YY with YY the next year is a UK financial year, 1 April to 31 March: the project's
  // convention, so "2011-12" is the year 2011-12, not December 2011 (write 2011-12..2011-12 for that).
  let m = /^(\d{4})-(\d{2})$/.exec(t)
  if (m && (Number(m[1]) + 1) % 100 === Number(m[2]) && valid(Number(m[1]), 4)) return { from: `${m[1]}-04-01`, to: `${Number(m[1]) + 1}-03-31` }
  if ((m = /^(\d{4})$/.exec(t)) && valid(Number(m[1]), 1)) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` }
  if ((m = /^(\d{4})-(\d{2})$/.exec(t)) && valid(Number(m[1]), Number(m[2]))) {
    const [y, mo] = [Number(m[1]), Number(m[2])]
    return { from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}` }
  }
  if ((m = /^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$/.exec(t)) && valid(Number(m[1]), Number(m[2])) && valid(Number(m[3]), Number(m[4]))) {
    const [y1, m1, y2, m2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
    if (y2 * 12 + m2 < y1 * 12 + m1) return null
    return { from: `${y1}-${pad(m1)}-01`, to: `${y2}-${pad(m2)}-${pad(lastDay(y2, m2))}` }
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t))) {
    const ok = (d: string) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d
    if (ok(m[1]!) && ok(m[2]!) && m[1]! <= m[2]!) return { from: m[1]!, to: m[2]! }
  }
  return null
}

/** Months (YYYY-MM) from..to not covered by any of the periods. */
export function uncoveredMonths(from: string, to: string, covered: ReadonlyArray<{ start: string | null; end: string | null }>): string[] {
  const out: string[] = []
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))]
  const end = to.slice(0, 7)
  for (let month = `${y}-${String(m).padStart(2, '0')}`; month <= end; ) {
    const first = `${month}-01`
    const last = `${month}-31`
    if (!covered.some((c) => c.start !== null && c.end !== null && c.start <= last && c.end >= first)) out.push(month)
    m++
    if (m > 12) [y, m] = [y + 1, 1]
    month = `${y}-${String(m).padStart(2, '0')}`
  }
  return out
}

async function one<T>(db: Db, query: ReturnType<typeof sql>, field: string, what: string, value: string): Promise<T> {
  const [row] = await db.all<T>(query)
  if (!row) throw new ApiError({ code: 'NOT_FOUND', message: `${field}: no ${what} matches "${value}"; try its slug, name or an alias` })
  return row
}

// Written out by hand rather than through Intl, so the words are the same on Node and in workerd.
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const dayText = (iso: string) => `${Number(iso.slice(8, 10))} ${monthNames[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`
const monthText = (ym: string) => `${monthNames[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`

builder.queryFields((t) => ({
  foiDraft: t.field({
    type: FoiDraft,
    description:
      'The text of an FOI request for a figure we lack, and the WhatDoTheyKnow link to send it: the body\'s /new/ page when WhatDoTheyKnow gave us its url_name, else a WhatDoTheyKnow search for the body.',
    args: {
      body: t.arg.string({ required: true, description: "The body's slug, name or alias." }),
      subject: t.arg({ type: FoiDraftSubject, required: true }),
      period: t.arg.string({ description: '"2013-14" (financial year), "2014", "2014-03", "2014-04..2015-03" or "2014-04-01..2015-03-31". Required for MISSING_SPEND_FILES.' }),
      supplier: t.arg.string({ description: 'For CONSULTANCY_SPEND: the firm (slug, name or alias).' }),
      programme: t.arg.string({ description: 'For PROGRAMME_INVOICES: the programme (slug or name).' }),
      claim: t.arg.string({ description: "For SAVINGS_BUSINESS_CASE: the savings claim's slug." }),
    },
    resolve: async (_p, args, ctx) => {
      const period = args.period != null ? parsePeriod(args.period) : null
      if (args.period != null && !period) {
        throw new ApiError({ code: 'BAD_USER_INPUT', message: `period must look like 2013-14, 2014, 2014-03, 2014-04..2015-03 or 2014-04-01..2015-03-31; got "${args.period}"` })
      }
      const body = await one<{ id: string; name: string; urlName: string | null }>(
        ctx.db,
        sql`SELECT id, name, wdtk_url_name AS urlName FROM bodies b WHERE ${bodyMatches(sql`b.id`, 'body', args.body)} ORDER BY (id = ${args.body.trim()}) DESC, (origin = 'curated') DESC, name LIMIT 1`,
        'body',
        'body',
        args.body,
      )
      const between = period ? ` between ${dayText(period.from)} and ${dayText(period.to)}` : ''
      const spreadsheet = 'Please provide the information as a spreadsheet (CSV or Excel), one row per payment or item, and say for each amount whether it includes VAT.'
      let title: string
      let asks: string[]
      let missingMonths: string[] = []
      const need = (value: string | null | undefined, name: string) => {
        if (value == null || value.trim() === '') throw new ApiError({ code: 'BAD_USER_INPUT', message: `subject ${args.subject} needs ${name}` })
        return value
      }
      switch (args.subject) {
        case 'CONSULTANCY_SPEND': {
          const value = need(args.supplier, 'supplier: the firm, e.g. "impower"')
          const supplier = await one<{ name: string }>(ctx.db, sql`SELECT name FROM suppliers s WHERE ${supplierMatches(sql`s.id`, 'supplier', value)} ORDER BY (id = ${value.trim()}) DESC, name LIMIT 1`, 'supplier', 'supplier', value)
          title = `Payments to ${supplier.name}${period ? ` (${args.period})` : ''}`
          asks = [
            `every payment ${body.name} made to ${supplier.name} (or any company in its group)${between}: the date, the amount, the invoice or purchase order reference, and what it was for;`,
            `the contracts, call-offs or purchase orders under which ${supplier.name} was engaged in that time: their title, value, start and end dates, and how each was procured;`,
            'any report of the savings or benefits the work was expected to deliver, and of those delivered.',
          ]
          break
        }
        case 'PROGRAMME_INVOICES': {
          const value = need(args.programme, 'programme: e.g. "54,000"')
          const programme = await one<{ name: string }>(ctx.db, sql`SELECT name FROM programmes p WHERE ${programmeMatches(sql`p.id`, 'programme', value)} ORDER BY (id = ${value.trim()}) DESC, name LIMIT 1`, 'programme', 'programme', value)
          title = `Invoices paid under the ${programme.name}${period ? ` (${args.period})` : ''}`
          asks = [
            `every invoice ${body.name} paid under, or charged to, the ${programme.name}${between}: the supplier, the date, the amount and what it was for;`,
            `the budget of the ${programme.name} and the amount spent against it to date.`,
          ]
          break
        }
        case 'SAVINGS_BUSINESS_CASE': {
          const value = need(args.claim, "claim: the savings claim's slug")
          const claim = await one<{ title: string; programme: string | null }>(
            ctx.db,
            sql`SELECT c.title, p.name AS programme FROM savings_claims c LEFT JOIN programmes p ON p.id = c.programme_id WHERE c.id = ${value.trim()}`,
            'claim',
            'savings claim',
            value,
          )
          const what = claim.programme ? `the ${claim.programme} ("${claim.title}")` : `"${claim.title}"`
          title = `The business case behind the savings claimed for ${claim.programme ?? claim.title}`
          asks = [
            `the business case, options appraisal or report on which the savings claimed for ${what} were based, with its calculations;`,
            `any later report of the savings actually achieved against that claim${between}, and how they were measured.`,
          ]
          break
        }
        case 'MISSING_SPEND_FILES': {
          if (!period) throw new ApiError({ code: 'BAD_USER_INPUT', message: 'subject MISSING_SPEND_FILES needs period, e.g. "2013-14"' })
          const files = await ctx.db.all<{ start: string | null; end: string | null }>(
            sql`SELECT period_start AS start, period_end AS "end" FROM spend_files WHERE body_id = ${body.id} AND status = 'ingested'`,
          )
          missingMonths = uncoveredMonths(period.from, period.to, files)
          const months = missingMonths.length ? missingMonths : []
          title = `Spend over £500${period ? `, ${args.period}` : ''}`
          asks = [
            months.length
              ? `the list of ${body.name}'s payments over £500 for ${months.map(monthText).join(', ')}, as published under the Local Government Transparency Code (or, if it was never published, the same information): date, supplier, amount, expense type and service area;`
              : `the list of ${body.name}'s payments over £500${between}, as published under the Local Government Transparency Code: date, supplier, amount, expense type and service area;`,
          ]
          break
        }
      }
      const text = [
        `Dear ${body.name},`,
        '',
        'Under the Freedom of Information Act 2000, please send me:',
        '',
        ...asks.map((a, i) => `${i + 1}. ${a}`),
        '',
        spreadsheet,
        'If any part of this request would exceed the cost limit, please tell me which, and answer the rest.',
        '',
        'Yours faithfully,',
      ].join('\n')
      const link = body.urlName ? ('NEW_REQUEST' as const) : ('FIND_AUTHORITY' as const)
      return {
        bodySlug: body.id,
        bodyName: body.name,
        subject: args.subject,
        period: period ? `${period.from}..${period.to}` : null,
        title,
        text,
        whatDoTheyKnowUrl: body.urlName
          ? `https://www.whatdotheyknow.com/new/${encodeURIComponent(body.urlName)}`
          : `https://www.whatdotheyknow.com/select_authority?query=${encodeURIComponent(body.name)}`,
        link,
        missingMonths,
      }
    },
  }),
}))
