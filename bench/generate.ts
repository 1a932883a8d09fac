// A deterministic, realistically messy spend file of any size, written as a stream: Windows-1252
// bytes with £ as 0xA3, CRLF, a junk row of commas above the header, misspelt headers, three date
// formats (and some lost "00:00:00" dates), quoted amounts with thousands separators, trailing-minus
// and bracketed credits, redacted payees, supplier names in several spellings, a few line breaks
// inside quoted descriptions, blank rows, a few bad rows and a grand total at the end.
import { createWriteStream } from 'node:fs'
import iconv from 'iconv-lite'

export const BENCH_BODY = 'Bench Borough Council'

/** Small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = [
  'northern', 'civic', 'green', 'city', 'county', 'park', 'oak', 'river', 'bridge', 'hill', 'stone', 'mill', 'valley',
  'premier', 'allied', 'united', 'metro', 'castle', 'forest', 'harbour', 'royal', 'central', 'pennine', 'lakeland',
]
const TRADES = ['Services', 'Consulting', 'Builders', 'Care', 'Solutions', 'Supplies', 'Engineering', 'Cleaning', 'Security', 'Software', 'Partnership', 'Associates']
const FORMS = [' Ltd', ' Limited', ' LTD', ' Ltd.', ' PLC', ' LLP', '', '']
const SERVICES = ['Adult Social Care', 'Childrens Services', 'Environmental Services', 'Housing', 'Highways', 'Resources', 'Planning & Transportation', 'Policy, Culture and Communication']
const DIVISIONS = ['Commissioning', 'Operations', 'Strategy', 'Facilities', 'Parks & Cemeteries', 'Finance']
const CATEGORIES = ['Supplies and Services', 'Third Party Payments', 'Premises', 'Transport', 'Employees']
const TYPES = ['Consultants Fees', 'Agency Staff', 'Professional Fees', 'Food & Drink', 'Repairs & Maintenance', 'Software Licences', 'Residential Care', 'Grounds Maintenance', 'Printing', 'Interim Managers']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export const HEADER = [
  'Body name', 'Service Area', 'Service divison label', 'Expenditure Catergory', 'Detailed expenditure type', 'Payment Date',
  'Transaction number', 'Net Amount (£)', 'Capital or revenue', 'Supplier Name', 'Description',
]

/** One generated row, with the values a payment should end up with (for the raw baseline). */
export interface GeneratedRow {
  kind: 'payment' | 'blank' | 'bad'
  cells: string[]
  line: number
  payeeName: string
  redacted: boolean
  paidOn: string | null
  amountPence: number
  serviceArea: string
  serviceDivision: string
  expenseCategory: string
  expenseType: string
  transactionRef: string
  description: string
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

function money(pence: number): string {
  const abs = Math.abs(pence)
  const pounds = Math.floor(abs / 100)
  return `${String(pounds).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pad(abs % 100)}`
}

/** `count` payment rows (plus a few blank and bad ones), deterministic for a seed. */
export function* generateRows(count: number, seed = 42): Generator<GeneratedRow> {
  const random = prng(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  // Like a real council: many small suppliers and a few large ones (payments skewed towards
  // the large), each paid under one or two expense types.
  // A body's system prints a supplier's name the same way each time; a few rows (keyed by hand,
  // or from another ledger) spell it differently.
  const suppliers = Array.from({ length: 10_000 }, (_, i) => {
    const base = `${pick(WORDS)} ${pick(WORDS)} ${pick(TRADES)}`.replace(/\b\w/g, (c) => c.toUpperCase())
    const name = `${base}${i % 7 === 0 ? ' (North)' : ` ${i}`}${pick(FORMS)}`
    return { name: random() < 0.3 ? name.toUpperCase() : name, types: [pick(TYPES), pick(TYPES)] as const }
  })
  let line = 3 // a junk row and the header come first
  for (let n = 0; n < count; n++) {
    if (random() < 0.005) {
      yield { kind: 'blank', cells: Array.from({ length: HEADER.length }, () => ''), line: line++, payeeName: '', redacted: false, paidOn: null, amountPence: 0, serviceArea: '', serviceDivision: '', expenseCategory: '', expenseType: '', transactionRef: '', description: '' }
    }
    const redacted = random() < 0.05
    const supplier = suppliers[Math.floor(suppliers.length * random() ** 4)]!
    const spelling = random()
    const payeeName = redacted ? 'REDACTED PERSONAL DATA' : spelling < 0.97 ? supplier.name : spelling < 0.985 ? `The ${supplier.name}` : supplier.name.toLowerCase()
    const day = 1 + Math.floor(random() * 28)
    const month = 1 + Math.floor(random() * 12)
    const year = 2023
    const form = random()
    let dateText: string
    let paidOn: string | null = `${year}-${pad(month)}-${pad(day)}`
    if (form < 0.6) dateText = `${pad(day)}/${pad(month)}/${year}`
    else if (form < 0.8) dateText = `${day} ${MONTHS[month - 1]} ${year}`
    else if (form < 0.97) dateText = `${pad(day)}-${MONTHS[month - 1]}-${String(year).slice(2)}`
    else {
      dateText = '00:00:00'
      paidOn = null
    }
    let pence = 25000 + Math.floor(random() * random() * 5_000_000)
    const credit = random()
    let amountText: string
    if (credit < 0.01) {
      pence = -pence
      amountText = `${money(pence)}-`
    } else if (credit < 0.015) {
      pence = -pence
      amountText = `(${money(pence)})`
    } else if (credit < 0.5) amountText = money(pence)
    else if (credit < 0.55) amountText = `£${money(pence)}`
    else amountText = pence % 100 === 0 && random() < 0.5 ? String(pence / 100) : `${Math.floor(pence / 100)}.${pad(pence % 100)}`
    const service = pick(SERVICES)
    const division = pick(DIVISIONS)
    const category = pick(CATEGORIES)
    const type = supplier.types[random() < 0.8 ? 0 : 1]
    const ref = `${2300 + month}-${String(n).padStart(7, '0')}`
    const multiline = random() < 0.001
    const description = multiline ? `Phase 2 works\nsee order ${n}` : random() < 0.02 ? `Refund of £${Math.floor(random() * 100)} deposit` : `${pick(WORDS)} ${type.toLowerCase()} ${pick(MONTHS)}`
    const bad = random() < 0.0002
    const cells = [BENCH_BODY, service, division, category, type, bad ? '31/02/2023' : dateText, ref, amountText, random() < 0.95 ? 'R' : 'C', payeeName, description]
    yield {
      kind: bad ? 'bad' : 'payment',
      cells,
      line,
      payeeName,
      redacted,
      paidOn,
      amountPence: pence,
      serviceArea: service,
      serviceDivision: division,
      expenseCategory: category,
      expenseType: type,
      transactionRef: ref,
      description,
    }
    line += multiline ? 2 : 1
  }
}

function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** Writes the file; returns the payment rows and their exact total (pence). */
export async function writeSpendFile(path: string, count: number, seed = 42): Promise<{ payments: number; totalPence: bigint; bytes: number }> {
  const out = createWriteStream(path)
  let pending: string[] = []
  let pendingLength = 0
  let bytes = 0
  const write = async (text: string, force = false) => {
    pending.push(text)
    pendingLength += text.length
    if (pendingLength < 1 << 20 && !force) return
    const buffer = iconv.encode(pending.join(''), 'win1252')
    bytes += buffer.length
    pending = []
    pendingLength = 0
    if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await write(`${','.repeat(HEADER.length - 1)}\r\n`)
  await write(`${HEADER.map(csvCell).join(',')}\r\n`)
  let payments = 0
  let total = 0n
  for (const row of generateRows(count, seed)) {
    await write(`${row.cells.map(csvCell).join(',')}\r\n`)
    if (row.kind === 'payment') {
      payments++
      total += BigInt(row.amountPence)
    }
  }
  const pounds = `${total / 100n}.${pad(Number(total % 100n))}`
  await write(`Grand Total,,,,,,,${pounds},,,\r\n`, true)
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  return { payments, totalPence: total, bytes }
}
