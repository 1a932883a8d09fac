import { existsSync, readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { realdataDir } from '../../helpers/shared'

// Real corpus files re-written the way other publishers' finance systems export: other header
// words, other date and amount forms, extra identifier columns, other layouts and encodings.
// Every transform keeps each payment's day, amount and payee, so a transformed file's expected
// rows and totals are the manifest's, and each payment's day is the source's. Nothing here
// calls the ingest code: the sources are read with papaparse and plain string arithmetic.

export const corpusDir = `${realdataDir}corpus/`

/** A corpus file whose every data row is a payment, and the headers of its date, amount and payee. */
export interface Source {
  file: string
  date: string
  amount: string
  payee: string
  /** Other source columns carried over (expense type, service, reference...), by header. */
  keep: string[]
}

export const sources = {
  cabinet: { file: 'cabinet-office/cabinetoffice_2019-06.csv', date: 'Date', amount: 'Amount', payee: 'Supplier', keep: ['Expense Type', 'Expense Area', 'Transaction number'] },
  dfid: { file: 'dfid/dfid_2010-06_June-2010.csv', date: 'Transaction Date', amount: 'Amount', payee: 'Supplier Name', keep: ['Expense Type', 'Expense Area', 'Transaction Number'] },
  bis: { file: 'bis/bis_2010-11_spending-data-nov-2010.csv', date: 'Date', amount: 'Amount', payee: 'Supplier', keep: ['Expense Type', 'Expense Area', 'Transaction Number'] },
  harrogate: { file: 'harrogate/harrogate_2015-06.csv', date: 'Payment Date', amount: 'Net amount', payee: 'Supplier Name', keep: ['Expenditure Category', 'Service Label', 'Transaction No.', 'Narrative'] },
  salford: { file: 'salford/salford_2011-08.csv', date: 'Date of Payment', amount: 'Net', payee: 'Supplier Name', keep: ['Directorate', 'G/L Description', 'SAP Document Number'] },
  manchester: { file: 'manchester/manchester_2011-09.csv', date: 'Invoice Payment Date', amount: 'Net Amount', payee: 'Supplier Name', keep: ['Service Area', 'Expenses Type', 'Transaction Number'] },
  bradford: { file: 'bradford/bradford_2013-05.csv', date: 'Payment Date', amount: 'Amount', payee: 'Beneficiary Name', keep: ['Organisational Unit'] },
} satisfies Record<string, Source>
export type SourceName = keyof typeof sources

export interface Payment {
  /** ISO day, as the source gives it (its dd/mm/yyyy turned round). */
  iso: string
  pence: bigint
  payee: string
  /** The `keep` columns' cells, in order. */
  kept: string[]
}

export interface ManifestEntry {
  paymentRows: number
  totals: Record<string, string>
}

export function manifest(): Map<string, ManifestEntry> {
  const path = `${corpusDir}MANIFEST.tsv`
  if (!existsSync(path)) return new Map()
  const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { delimiter: '\t', header: true, skipEmptyLines: true }).data
  return new Map(
    rows.map((r) => [
      r.file!,
      { paymentRows: Number(r.payment_rows), totals: Object.fromEntries([...r.totals!.matchAll(/\b([A-Z]{3}) (-?\d+\.\d{2})\b/g)].map((m) => [m[1]!, m[2]!])) },
    ]),
  )
}

/** "4,166.66" / "-12" / "0.6" -> pence, exactly. */
export function penceOf(text: string): bigint {
  const t = text.replace(/[,\s]/g, '')
  const negative = t.startsWith('-')
  const [whole, fraction = ''] = t.replace(/^-/, '').split('.') as [string, string?]
  const p = BigInt(whole || '0') * 100n + BigInt(`${fraction}00`.slice(0, 2))
  return negative ? -p : p
}

export function readSource(source: Source): Payment[] {
  const bytes = readFileSync(`${corpusDir}${source.file}`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = iconv.decode(bytes, 'win1252')
  }
  const rows = Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: 'greedy' }).data
  return rows.map((r) => {
    const d = r[source.date]!.trim()
    const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d)
    const iso = dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : d.slice(0, 10)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`${source.file}: date "${d}"`)
    return { iso, pence: penceOf(r[source.amount]!), payee: r[source.payee]!.trim(), kept: source.keep.map((k) => (r[k] ?? '').trim()) }
  })
}

export const sumOf = (payments: readonly Payment[]): string => {
  const s = payments.reduce((t, p) => t + p.pence, 0n)
  const abs = s < 0n ? -s : s
  return `${s < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

// ---------------------------------------------------------------------------------------------
// Dates

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const ORDINAL = (d: number) => (d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th')
const parts = (iso: string) => ({ y: iso.slice(0, 4), m: iso.slice(5, 7), d: iso.slice(8, 10) })

export const dateForms = {
  iso: (iso: string) => iso,
  dmy: (iso: string) => `${parts(iso).d}/${parts(iso).m}/${parts(iso).y}`,
  ddMonYyyy: (iso: string) => `${parts(iso).d}-${MON[Number(parts(iso).m) - 1]}-${parts(iso).y}`,
  dMonthYyyy: (iso: string) => `${Number(parts(iso).d)} ${MONTH[Number(parts(iso).m) - 1]} ${parts(iso).y}`,
  dmyy: (iso: string) => `${parts(iso).d}/${parts(iso).m}/${parts(iso).y.slice(2)}`,
  ymdSlash: (iso: string) => iso.replace(/-/g, '/'),
  dmyDots: (iso: string) => `${parts(iso).d}.${parts(iso).m}.${parts(iso).y}`,
  isoMidnight: (iso: string) => `${iso}T00:00:00`,
  dmyTime: (iso: string): string => `${parts(iso).d}/${parts(iso).m}/${parts(iso).y} 00:00`,
  serial: (iso: string) => String((Date.parse(`${iso}T00:00:00Z`) - Date.parse('1899-12-30T00:00:00Z')) / 86_400_000),
  mdy: (iso: string) => `${parts(iso).m}/${parts(iso).d}/${parts(iso).y}`,
  sqlTimestamp: (iso: string) => `${iso} 00:00:00.000`,
  dmyUnpadded: (iso: string) => `${Number(parts(iso).d)}/${Number(parts(iso).m)}/${parts(iso).y}`,
  dMonYy: (iso: string) => `${parts(iso).d} ${MON[Number(parts(iso).m) - 1]} ${parts(iso).y.slice(2)}`,
  longDate: (iso: string) => `${DAY[new Date(`${iso}T00:00:00Z`).getUTCDay()]}, ${Number(parts(iso).d)} ${MONTH[Number(parts(iso).m) - 1]} ${parts(iso).y}`,
  ordinal: (iso: string) => `${Number(parts(iso).d)}${ORDINAL(Number(parts(iso).d))} ${MONTH[Number(parts(iso).m) - 1]} ${parts(iso).y}`,
  compact: (iso: string) => iso.replace(/-/g, ''),
  oracle: (iso: string) => `${parts(iso).d}-${MON[Number(parts(iso).m) - 1]!.toUpperCase()}-${parts(iso).y.slice(2)}`,
  serialWithTime: (iso: string) => `${(Date.parse(`${iso}T00:00:00Z`) - Date.parse('1899-12-30T00:00:00Z')) / 86_400_000}.375`,
  isoZulu: (iso: string) => `${iso}T00:00:00.000Z`,
  apostrophe: (iso: string) => `'${parts(iso).d}/${parts(iso).m}/${parts(iso).y}`,
  excelText: (iso: string) => `="${parts(iso).d}/${parts(iso).m}/${parts(iso).y}"`,
} satisfies Record<string, (iso: string) => string>

/** Some days earlier: an invoice received before it was paid. */
export const daysBefore = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)

// ---------------------------------------------------------------------------------------------
// Amounts

const abs = (p: bigint) => (p < 0n ? -p : p)
const plainOf = (p: bigint) => `${abs(p) / 100n}.${String(abs(p) % 100n).padStart(2, '0')}`
const grouped = (p: bigint, sep = ',') => {
  const [w, f] = plainOf(p).split('.') as [string, string]
  return `${w.replace(/\B(?=(\d{3})+(?!\d))/g, sep)}.${f}`
}
const neg = (p: bigint) => p < 0n

export const amountForms = {
  plain: (p: bigint) => `${neg(p) ? '-' : ''}${plainOf(p)}`,
  pounds: (p: bigint) => `${neg(p) ? '-' : ''}£${grouped(p)}`,
  poundsMinusInside: (p: bigint) => `£${neg(p) ? '-' : ''}${grouped(p)}`,
  credit: (p: bigint) => `${grouped(p)}${neg(p) ? ' CR' : ''}`,
  brackets: (p: bigint) => (neg(p) ? `(${grouped(p)})` : grouped(p)),
  trailingMinus: (p: bigint) => `${grouped(p)}${neg(p) ? '-' : ''}`,
  gbpCode: (p: bigint) => `GBP ${neg(p) ? '-' : ''}${grouped(p)}`,
  spaces: (p: bigint) => `${neg(p) ? '-' : ''}${grouped(p, ' ')}`,
  nbsp: (p: bigint) => `${neg(p) ? '-' : ''}${grouped(p, '\u00a0')}`,
  poundsSpace: (p: bigint) => `${neg(p) ? '-' : ''}£ ${grouped(p)}`,
  drcr: (p: bigint) => `${grouped(p)} ${neg(p) ? 'CR' : 'DR'}`,
  unicodeMinus: (p: bigint) => `${neg(p) ? '\u2212' : ''}${grouped(p)}`,
  trailingCode: (p: bigint) => `${neg(p) ? '-' : ''}${grouped(p)} GBP`,
  plusSigned: (p: bigint) => `${neg(p) ? '-' : '+'}${plainOf(p)}`,
  apostrophe: (p: bigint) => `'${neg(p) ? '-' : ''}${plainOf(p)}`,
  excelText: (p: bigint) => `="${neg(p) ? '-' : ''}${plainOf(p)}"`,
  decimalComma: (p: bigint) => `${neg(p) ? '-' : ''}${grouped(p, '.').replace(/\.(\d{2})$/, ',$1')}`,
  bracketsPounds: (p: bigint) => (neg(p) ? `(£${grouped(p)})` : `£${grouped(p)}`),
} satisfies Record<string, (p: bigint) => string>

/** 20% VAT on a net amount, rounded half up to the penny. */
export const vatOn = (p: bigint) => (p * 20n + (p < 0n ? -50n : 50n)) / 100n

// ---------------------------------------------------------------------------------------------
// Extra columns no field of ours should take for the date, amount, payee or a reference

const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
// Outward codes of every shape: A9, A99, AA9, AA99, A9A, AA9A.
const OUTWARD = ['M1', 'B33', 'LS1', 'OL16', 'W1D', 'SW1A', 'EC2R', 'HG1', 'CF10', 'NE1']
export const extras = {
  postcode: (i: number) => `${OUTWARD[i % OUTWARD.length]} ${i % 10}${LETTERS[i % 20]}${LETTERS[(i * 7) % 20]}`,
  companyNumber: (i: number) => (i % 5 === 0 ? `SC${String(100_000 + ((i * 7919) % 900_000))}` : String(1_000_000 + ((i * 104_729) % 9_000_000)).padStart(8, '0')),
  vatNumber: (i: number) => `GB${String(100_000_000 + ((i * 15_485_863) % 900_000_000))}`,
  charityNumber: (i: number) => String(200_000 + ((i * 3_571) % 999_000)),
  costCentre: (i: number) => `C${String(1000 + (i % 97) * 13)}`,
  purchaseOrder: (i: number) => `PO${String(45_000_000 + i * 17)}`,
  merchantCategory: (i: number) => ['5411 Grocery Stores', '5812 Eating Places', '4111 Transport', '7399 Business Services'][i % 4]!,
}

// ---------------------------------------------------------------------------------------------
// Files

export interface Column {
  header: string
  cell: (p: Payment, i: number) => string
}

export interface Layout {
  delimiter?: string
  quoteAll?: boolean
  /** A naive export: no cell quoted, whatever it holds. */
  quoteNever?: boolean
  newline?: string
  encoding?: 'utf-8' | 'utf-16le' | 'windows-1252'
  /** Rows above the header: a title, a period, a blank line. */
  above?: string[][]
  /** Rows below the data: a total, a footer. */
  below?: (payments: readonly Payment[]) => string[][]
  /** The data rows, when not one row a payment in the source's order (subtotals between groups). */
  body?: (payments: readonly Payment[], row: (p: Payment, i: number) => string[]) => string[][]
}

export function table(payments: readonly Payment[], columns: readonly Column[], layout: Layout = {}): string[][] {
  const row = (p: Payment, i: number) => columns.map((c) => c.cell(p, i))
  const body = layout.body ? layout.body(payments, row) : payments.map(row)
  return [...(layout.above ?? []), columns.map((c) => c.header), ...body, ...(layout.below?.(payments) ?? [])]
}

/** A delimited text of `rows`, quoted where needed (or everywhere), encoded as asked. */
export function delimited(rows: readonly string[][], layout: Layout = {}): Buffer {
  const delimiter = layout.delimiter ?? ','
  const newline = layout.newline ?? '\r\n'
  const quote = (c: string) => (layout.quoteNever ? c : layout.quoteAll || c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
  const text = rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline
  if (layout.encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
  if (layout.encoding === 'windows-1252') return iconv.encode(text, 'win1252')
  return Buffer.from(text, 'utf8')
}

// ---------------------------------------------------------------------------------------------
// A corpus file with other header words, every byte below its header as published

export type HeaderCase = 'as is' | 'upper' | 'snake'

/**
 * The corpus file `file` with its first line's headers renamed (`renames`, by the header as
 * published, trimmed) and then written in `headerCase`; every other byte kept, in the file's
 * own encoding (UTF-8 with or without BOM, else Windows-1252).
 */
export function renamedHeader(file: string, renames: Record<string, string>, headerCase: HeaderCase = 'as is'): Buffer {
  const bytes = readFileSync(`${corpusDir}${file}`)
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  let text: string
  let win1252 = false
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes)
  } catch {
    text = iconv.decode(bytes, 'win1252')
    win1252 = true
  }
  const end = text.indexOf('\n')
  const lineEnd = text[end - 1] === '\r' ? '\r\n' : '\n'
  const first = text.slice(0, end - (lineEnd.length - 1))
  const cells = Papa.parse<string[]>(first).data[0]!
  const cased = (h: string) =>
    h === '' ? h : headerCase === 'upper' ? h.toUpperCase() : headerCase === 'snake' ? h.trim().toLowerCase().replace(/[^a-z0-9£]+/g, '_').replace(/^_|_$/g, '') : h
  const renamed = cells.map((c) => cased(renames[c.trim()] ?? c))
  const out = Papa.unparse([renamed], { newline: lineEnd }) + text.slice(end - (lineEnd.length - 1))
  if (win1252) return iconv.encode(out, 'win1252')
  return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(out, 'utf8')])
}

/** How `renamedHeader` writes one header, for comparing with what the report says was read. */
export function casedHeader(h: string, headerCase: HeaderCase): string {
  return headerCase === 'upper' ? h.toUpperCase() : headerCase === 'snake' ? h.trim().toLowerCase().replace(/[^a-z0-9£]+/g, '_').replace(/^_|_$/g, '') : h
}
