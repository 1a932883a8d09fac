// A deterministic national-scale spend dataset for `npm run bench -- answers`: about 400 bodies,
// 20,000 suppliers whose names come in messy variants (case, "Ltd"/"Limited", stray punctuation
// and spaces), ten financial years, one file per body and year, written as the councils write
// them. Payments skew towards a few large suppliers, as real spend does. One file per body holds
// all ten years: ingest's fixed cost per file (a transaction, supplier resolution, rollups) would
// otherwise dominate building the dataset on a shared 2-core machine.
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { prng } from './generate'

export const BODIES = 400
export const SUPPLIERS = 20_000
export const FIRST_YEAR = 2014
export const YEARS = 10

const WORDS = ['northern', 'civic', 'green', 'city', 'county', 'park', 'oak', 'river', 'bridge', 'hill', 'stone', 'mill', 'valley', 'premier', 'allied', 'united', 'metro', 'castle', 'forest', 'harbour']
const TRADES = ['Services', 'Consulting', 'Builders', 'Care', 'Solutions', 'Supplies', 'Engineering', 'Cleaning', 'Security', 'Software', 'Partnership', 'Associates']
const TYPES = ['Consultants Fees', 'Agency Staff', 'Professional Fees', 'Food & Drink', 'Repairs & Maintenance', 'Software Licences', 'Residential Care', 'Grounds Maintenance', 'Printing', 'Interim Managers']
const SERVICES = ['Adult Social Care', 'Childrens Services', 'Environmental Services', 'Housing', 'Highways', 'Resources', 'Planning', 'Culture']
const KINDS = ['District Council', 'Borough Council', 'City Council', 'County Council']

export function bodyName(i: number): string {
  return `Benchshire ${String(i + 1).padStart(3, '0')} ${KINDS[i % KINDS.length]}`
}
export const bodyId = (i: number) => `bench-${String(i + 1).padStart(3, '0')}`

/** A supplier's canonical name and the ways files spell it. */
function supplierNames(random: () => number): string[][] {
  return Array.from({ length: SUPPLIERS }, (_, i) => {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T
    const base = `${pick(WORDS)} ${pick(WORDS)} ${pick(TRADES)} ${i + 1}`.replace(/\b\w/g, (c) => c.toUpperCase())
    return [`${base} Ltd`, `${base.toUpperCase()} LTD`, `${base} Limited`, `${base} Ltd.`, ` ${base}  Ltd`]
  })
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/**
 * Writes one CSV per body (ten financial years each) into `dir`, `rows` payments in all; returns the paths.
 * Deterministic for a seed.
 */
export async function writeAnswersDataset(dir: string, rows: number, seed = 9): Promise<string[]> {
  const random = prng(seed)
  const names = supplierNames(random)
  const perYear = Math.max(1, Math.round(rows / (BODIES * YEARS)))
  const files: string[] = []
  for (let b = 0; b < BODIES; b++) {
    const path = join(dir, `${bodyId(b)}-spend.csv`)
    files.push(path)
    const out = createWriteStream(path)
    const lines: string[] = ['Body Name,Payment Date,Transaction Number,Supplier Name,Expense Type,Service Area,Net Amount\r\n']
    for (let y = 0; y < YEARS; y++) {
      const year = FIRST_YEAR + y
      for (let r = 0; r < perYear; r++) {
        // Cubed: a few suppliers take most payments.
        const s = Math.floor(random() ** 3 * SUPPLIERS)
        const spellings = names[s] as string[]
        const spelling = random() < 0.9 ? (spellings[0] as string) : (spellings[1 + Math.floor(random() * 4)] as string)
        const month = Math.floor(random() * 12)
        const calYear = month < 9 ? year : year + 1
        const mm = ((month + 3) % 12) + 1
        const dd = 1 + Math.floor(random() * 28)
        const date = random() < 0.01 ? '00:00:00' : `${String(dd).padStart(2, '0')}/${String(mm).padStart(2, '0')}/${calYear}`
        const redacted = random() < 0.03
        const pence = Math.floor(50_000 + random() ** 2 * 5_000_000) * (random() < 0.02 ? -1 : 1)
        const amount = `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`
        lines.push(
          [bodyName(b), date, `T${b}-${year}-${r}`, redacted ? 'REDACTED PERSONAL DATA' : spelling, TYPES[s % TYPES.length] as string, SERVICES[(s + r) % SERVICES.length] as string, amount]
            .map(csvCell)
            .join(',') + '\r\n',
        )
      }
      // Flushed a year at a time, so a 10M-row dataset never sits in memory.
      if (!out.write(lines.splice(0).join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
    await new Promise<void>((resolve, reject) => {
      out.on('error', reject)
      out.end(() => resolve())
    })
  }
  return files
}
