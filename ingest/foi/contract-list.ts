// A table of contracts released with an FOI answer -> contract facts of its record. Columns are
// found by their header words; each row's cells, as published, are the quote that evidences it.
import type { VatBasis } from '../../schema/tables/enums'
import { parseAmount, parseDate } from '../spend/parse'
import { slugify, uniqueId } from '../resolve/normalise'
import { normaliseHeader } from './lists'
import type { ContractFact } from './record'
import { checkFieldCounts, csvRows, FoiFileError } from './read'

export interface ContractListProblem {
  line: number | null
  column: string | null
  reason: string
}

const columns = {
  title: ['contract title', 'title', 'contract name', 'contract', 'description', 'contract description', 'service', 'services', 'project', 'subject', 'purpose'],
  supplier: ['supplier', 'supplier name', 'contractor', 'provider', 'company', 'consultancy', 'firm', 'awarded to', 'vendor'],
  value: ['contract value', 'total value', 'value', 'amount', 'cost', 'total cost', 'total', 'price', 'fee', 'fees', 'spend'],
  decided: ['award date', 'date awarded', 'date of award', 'start date', 'contract start', 'date'],
} as const

type Field = keyof typeof columns

function mapColumns(header: string[]): Partial<Record<Field, number>> {
  const h = header.map(normaliseHeader)
  const out: Partial<Record<Field, number>> = {}
  const used = new Set<number>()
  for (const pass of [(x: string, w: string) => x === w, (x: string, w: string) => ` ${x} `.includes(` ${w} `)]) {
    for (const field of Object.keys(columns) as Field[]) {
      if (out[field] !== undefined) continue
      for (const word of columns[field]) {
        const i = h.findIndex((x, j) => !used.has(j) && x !== '' && pass(x, word))
        if (i >= 0) {
          out[field] = i
          used.add(i)
          break
        }
      }
    }
  }
  return out
}

/** What a value header says about VAT: "ex VAT" / "net" is net, "inc VAT" / "gross" is gross, else unknown. */
function vatOf(header: string): VatBasis {
  const h = normaliseHeader(header)
  if (/\b(ex|excl|excluding|exclusive of|net|before)\b( of)?( vat)?/.test(h) && /vat|net/.test(h)) return 'net'
  if (/\b(inc|incl|including|inclusive of|gross)\b/.test(h)) return 'gross'
  return 'unknown'
}

/**
 * The rows of a contract list as contract facts (buyer: the record's authority). Ids are
 * `<record id>-<title>` so they stay the same when the same table is ingested again.
 */
export function readContractList(text: string, recordId: string, taken: (id: string) => boolean): { facts: ContractFact[]; problems: ContractListProblem[] } {
  let rows: string[][]
  let lines: number[]
  let headerIndex: number
  try {
    ;({ rows, lines } = csvRows(text))
    headerIndex = rows.slice(0, 20).findIndex((r) => {
      const m = mapColumns(r)
      return m.title !== undefined && m.value !== undefined
    })
    if (headerIndex >= 0) checkFieldCounts(rows, lines, headerIndex)
  } catch (error) {
    if (error instanceof FoiFileError) return { facts: [], problems: [{ line: error.line, column: null, reason: error.message }] }
    throw error
  }
  if (headerIndex < 0) return { facts: [], problems: [{ line: null, column: null, reason: 'no header row with a title (or description) column and a value (or amount) column in the first 20 rows' }] }
  const header = rows[headerIndex]!
  const m = mapColumns(header)
  const problems: ContractListProblem[] = []
  const facts: ContractFact[] = []
  const ids = new Set<string>()
  rows.slice(headerIndex + 1).forEach((r, k) => {
    if (r.every((c) => c.trim() === '')) return
    const line = lines[headerIndex + 1 + k]!
    const cell = (f: Field) => (m[f] === undefined ? '' : (r[m[f]!] ?? '').trim())
    const title = cell('title')
    if (!title) return problems.push({ line, column: header[m.title!] ?? null, reason: 'no title' })
    const valueText = cell('value')
    let value: number | undefined
    if (valueText) {
      const parsed = parseAmount(valueText)
      if (!parsed.ok) return problems.push({ line, column: header[m.value!] ?? null, reason: parsed.reason })
      if (parsed.currency && parsed.currency !== 'GBP') return problems.push({ line, column: header[m.value!] ?? null, reason: `${parsed.currency} amounts are not read into contracts` })
      value = parsed.pence
    }
    const date = cell('decided') ? parseDate(cell('decided')) : null
    const id = uniqueId(`${recordId}-${slugify(title)}`.slice(0, 80).replace(/-+$/, ''), (c) => ids.has(c) || taken(c))
    ids.add(id)
    facts.push({
      id,
      supplier: cell('supplier') || null,
      title,
      currency: 'GBP',
      vatBasis: m.value === undefined ? 'unknown' : vatOf(header[m.value] ?? ''),
      ...(value === undefined ? {} : { value, valueKind: 'award' as const }),
      ...(date?.ok && date.on ? { decided: { date: date.on, precision: date.precision, inferred: false } } : {}),
      status: 'unknown',
      // The row as published is the evidence: each cell under its header.
      quote: header.map((h, i) => [h.trim(), (r[i] ?? '').trim()]).filter(([h, v]) => h && v).map(([h, v]) => `${h}: ${v}`).join('; '),
      sources: [],
    })
  })
  return { facts, problems }
}
