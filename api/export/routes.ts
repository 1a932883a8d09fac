// /v1/*.csv: the data behind every answer, at stable GET URLs whose parameters mirror the GraphQL
// arguments. Every export is complete (no row cap) and streamed a page at a time; the filter is
// the one GraphQL uses (schema/graphql/inputs/spend-filter.ts), so the two never disagree.
import { eq, sql } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import { checkParams, filterOf, filterParams, groupByOf, intervalOf, orderOf } from './params'
import { type Cell, csvStream } from './csv'
import { withEntities, type Keyed } from '../../schema/answers/entities'
import { groupColumns, type KeyColumn } from '../../schema/answers/dimensions'
import { paymentsPage } from '../../schema/answers/payments'
import { type SeriesLine, shareOf, spendGrandTotal, spendGroups, spendSeries, type SpendRow } from '../../schema/answers/spend'
import type { Db } from '../../schema/db'
import { decimalOf } from '../../schema/graphql/types/money'
import { ApiError, errorCodes, isErrorCode } from '../../schema/graphql/errors'
import { parseSpendFilter, resolveSpendFilter } from '../../schema/graphql/inputs/spend-filter'
import { sources, spendFiles } from '../../schema/tables'
import { dataVersion } from '../http/cache'

type Env = { Variables: { db: Db } }

export interface ExportOptions {
  /** Seconds a browser or CDN may reuse an answer, as for GraphQL GETs. */
  maxAgeSeconds: number
  /** Groups or payments per page (PAGE unless a test wants many pages from a few rows). */
  pageRows?: number
}

/** Rows fetched per page: enough to amortise a query, small enough to keep memory flat. */
export const PAGE = 2000
/** Series lines per page: each line is a row per period. */
export const SERIES_PAGE = 200

// The key columns of a group, each written as id and name where it names an entity.
const keyHeaders: Record<KeyColumn, string[]> = {
  body_id: ['body_id', 'body_name'],
  supplier_id: ['supplier_id', 'supplier_name'],
  payee_class: ['payee_class'],
  expense_type: ['expense_type'],
  expense_category: ['expense_category'],
  service_area: ['service_area'],
  consultancy: ['consultancy'],
  consultancy_rule: ['consultancy_rule'],
  month: ['month'],
  quarter: ['quarter'],
  financial_year: ['financial_year'],
  pilot_id: ['total_place_pilot_id', 'total_place_pilot_name'],
}

function keyCells(keys: KeyColumn[], g: Keyed): Cell[] {
  return keys.flatMap((k): Cell[] => {
    const v = g.keys[k] ?? null
    if (k === 'body_id') return [v, g.body?.name ?? null]
    if (k === 'supplier_id') return [v, g.supplier?.name ?? null]
    if (k === 'pilot_id') return [v, g.pilot?.name ?? null]
    if (k === 'consultancy') return [v === null ? null : Boolean(v)]
    return [v as Cell]
  })
}

const money = (pence: number) => ({ decimal: decimalOf(pence) })

/** The errors a client can cause are 400s with a code and a message; the stream only starts once all is checked. */
function problem(c: Context, error: unknown) {
  if (error instanceof ApiError && isErrorCode(error.extensions.code)) {
    const code = error.extensions.code
    return c.json({ errors: [{ message: error.message, extensions: { code } }] }, errorCodes[code] as 400)
  }
  throw error
}

async function etagOf(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return `"${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}"`
}

/** The licences of the ingested spend files and curated sources, for the response headers. */
async function licences(db: Db): Promise<string> {
  const rows = await db.selectDistinct({ licence: sources.licence }).from(sources).orderBy(sources.licence)
  // Header values must be printable ASCII: anything else is shown as '?', the full text is in /v1/sources.csv.
  return rows.map((r) => r.licence.replace(/[^\x20-\x7e]/g, '?')).join('; ')
}

export function exportRoutes(options: ExportOptions) {
  const app = new Hono<Env>()
  const pageRows = options.pageRows ?? PAGE
  app.use('*', cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'], maxAge: 86400 }))

  /**
   * Answers a CSV export: checks the request before any work, answers If-None-Match from the
   * data version (the body is streamed, so the validator is the question plus the data it was
   * asked of), then streams the body.
   */
  async function answer(c: Context<Env>, name: string, build: () => Promise<{ header: string[]; next: () => Promise<Cell[][] | null> }>) {
    let body: Awaited<ReturnType<typeof build>>
    try {
      body = await build()
    } catch (error) {
      return problem(c, error)
    }
    const url = new URL(c.req.url)
    const params = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b))
    const version = await dataVersion(c.get('db'))
    const etag = await etagOf(JSON.stringify([url.pathname, params, version]))
    const headers: Record<string, string> = {
      etag,
      'cache-control': `public, max-age=${options.maxAgeSeconds}`,
      'x-licence': await licences(c.get('db')),
      link: `<${url.origin}/v1/sources.csv>; rel="describedby"; type="text/csv"`,
      'x-sources': `${url.origin}/v1/sources.csv`,
    }
    const ifNoneMatch = c.req.header('if-none-match')
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
      return new Response(null, { status: 304, headers })
    }
    // Each page is a query of its own: a file that lands part way changes the totals the keyset
    // pages are ordered by, so groups would be skipped or repeated. Every page is checked against
    // the data version the ETag names; a change fails the answer instead of serving a mix.
    const unchanged = async () => (await dataVersion(c.get('db'))) === version
    // The first page before the 200: a query that fails fails as a client or server error, not as
    // a 200 whose body is a header alone.
    let first: Cell[][] | null
    try {
      first = await body.next()
    } catch (error) {
      return problem(c, error)
    }
    if (!(await unchanged())) {
      return c.json(
        { errors: [{ message: 'new data landed while this export was being read; ask again', extensions: { code: 'REQUEST_TIMEOUT' } }] },
        errorCodes.REQUEST_TIMEOUT,
        { 'cache-control': 'no-store', 'retry-after': '1' },
      )
    }
    let pending: Cell[][] | null | undefined = first
    const next = async () => {
      if (pending === undefined) {
        const page = await body.next()
        // After the 200 the status cannot change: erroring the stream cuts the connection before
        // the end of the chunked body, so no client or cache takes the part for the whole (an HTTP
        // cache must not store an unfinished body as complete; /v1 has no server-side answer cache).
        if (!(await unchanged())) throw new Error('new data landed while this export was being read')
        return page
      }
      const page = pending
      pending = undefined
      return page
    }
    return new Response(csvStream(body.header, next), {
      status: 200,
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `inline; filename="${name}"` },
    })
  }

  app.get('/spend.csv', (c) =>
    answer(c, 'spend.csv', async () => {
      const url = new URL(c.req.url)
      checkParams(url, ['groupBy', 'orderBy', ...filterParams])
      const db = c.get('db')
      const filter = await resolveSpendFilter(db, parseSpendFilter(filterOf(url), ''), '')
      const groupBy = groupByOf(url, true)
      const keys = groupColumns(groupBy)
      const q = { filter, groupBy, orderBy: orderOf(url) }
      const grand = await spendGrandTotal(db, filter)
      // Keyset pages: each starts after the last group of the one before, so no page counts past
      // the groups already sent.
      let last: SpendRow | null = null
      let done = false
      return {
        header: [...keys.flatMap((k) => keyHeaders[k]), 'currency', 'vat_basis', 'total', 'payments', 'share'],
        next: async () => {
          if (done) return null
          const rows: SpendRow[] = await spendGroups(db, q, pageRows, { after: last })
          last = rows.at(-1) ?? last
          done = rows.length < pageRows
          return (await withEntities(db, rows)).map((g) => [
            ...keyCells(keys, g), g.currency, g.vatBasis, money(g.totalPence), g.payments, shareOf(g, grand),
          ])
        },
      }
    }),
  )

  app.get('/spend-over-time.csv', (c) =>
    answer(c, 'spend-over-time.csv', async () => {
      const url = new URL(c.req.url)
      checkParams(url, ['interval', 'groupBy', ...filterParams])
      const db = c.get('db')
      const filter = await resolveSpendFilter(db, parseSpendFilter(filterOf(url), ''), '')
      const interval = intervalOf(url)
      const groupBy = groupByOf(url, false)
      // The whole filter's periods, so every group's rows run over the same gap-free range.
      const all = await spendSeries(db, interval, filter, [], 100)
      const keys = groupColumns(groupBy)
      let last: SeriesLine | null = null
      let done = false
      return {
        header: [...keys.flatMap((k) => keyHeaders[k]), 'period', 'undated', 'currency', 'vat_basis', 'total', 'payments'],
        next: async () => {
          if (done) return null
          // A page of groups at a time, each after the last line of the one before (all of them
          // when ungrouped: one line per currency and VAT basis).
          const page = await spendSeries(db, interval, filter, groupBy, SERIES_PAGE, { after: last })
          last = page.lines.at(-1) ?? last
          done = page.lines.length < SERIES_PAGE
          const lines = await withEntities(db, page.lines)
          return lines.flatMap((l) => {
            const byPeriod = new Map(l.points.map((p) => [p.period, p]))
            const rows: Cell[][] = all.periods.map((period) => {
              const p = byPeriod.get(period)
              return [...keyCells(keys, l), period, false, l.currency, l.vatBasis, money(p?.totalPence ?? 0), p?.payments ?? 0]
            })
            if (l.undated.payments) rows.push([...keyCells(keys, l), null, true, l.currency, l.vatBasis, money(l.undated.totalPence), l.undated.payments])
            return rows
          })
        },
      }
    }),
  )

  app.get('/payments.csv', (c) =>
    answer(c, 'payments.csv', async () => {
      const url = new URL(c.req.url)
      checkParams(url, filterParams)
      const db = c.get('db')
      const filter = await resolveSpendFilter(db, parseSpendFilter(filterOf(url), ''), '')
      let after = 0
      let done = false
      return {
        header: [
          'id', 'body_id', 'body_name', 'supplier_id', 'supplier_name', 'payee_class', 'payee_name', 'paid_on', 'paid_precision',
          'amount', 'currency', 'vat_basis', 'expense_category', 'expense_type', 'expense_code', 'service_area', 'service_division',
          'description', 'transaction_ref', 'consultancy_rule', 'spend_file_id', 'file_name', 'line', 'source_id',
        ],
        next: async () => {
          if (done) return null
          const rows = await paymentsPage(db, filter, after, pageRows)
          done = rows.length < pageRows
          after = rows.at(-1)?.id ?? after
          return rows.map((p) => [
            p.id, p.body_id, p.body_name, p.supplier_id, p.supplier_name, p.payee_class, p.payee_name, p.paid_on, p.paid_precision,
            money(p.amount_pence), p.currency, p.vat_basis, p.expense_category, p.expense_type, p.expense_code, p.service_area,
            p.service_division, p.description, p.transaction_ref, p.consultancy_rule, p.spend_file_id, p.file_name, p.line, p.source_id,
          ])
        },
      }
    }),
  )

  app.get('/sources.csv', (c) =>
    answer(c, 'sources.csv', async () => {
      checkParams(new URL(c.req.url), [])
      const db = c.get('db')
      let done = false
      return {
        header: ['id', 'kind', 'title', 'publisher', 'url', 'licence', 'published_on', 'retrieved_on', 'spend_file_id', 'body_id', 'file_name', 'sha256', 'period_start', 'period_end', 'status'],
        next: async () => {
          if (done) return null
          done = true
          // Sources are hundreds, not millions: one page.
          const rows = await db
            .select({ s: sources, f: { id: spendFiles.id, bodyId: spendFiles.bodyId, fileName: spendFiles.fileName, sha256: spendFiles.sha256, periodStart: spendFiles.periodStart, periodEnd: spendFiles.periodEnd, status: spendFiles.status } })
            .from(sources)
            .leftJoin(spendFiles, eq(spendFiles.sourceId, sources.id))
            .orderBy(sources.id, sql`${spendFiles.id}`)
          return rows.map(({ s, f }) => [
            s.id, s.kind, s.title, s.publisher, s.url, s.licence, s.publishedOn, s.retrievedOn,
            f?.id ?? null, f?.bodyId ?? null, f?.fileName ?? null, f?.sha256 ?? null, f?.periodStart ?? null, f?.periodEnd ?? null, f?.status ?? null,
          ])
        },
      }
    }),
  )

  return app
}

