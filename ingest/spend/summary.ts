// The table that closes a run of several files on a terminal: per body, how many files were
// ingested, unchanged or refused, their payment rows and their totals per currency. Pure
// formatting; command.ts prints it.
import { formatPence } from './parse'
import type { FileReport } from './report'

interface BodyLine {
  name: string
  ingested: number
  unchanged: number
  refused: number
  accepted: number
  rejected: number
  totals: Map<string, bigint>
}

/** "-1234.50" -> -123450n, exactly. */
function pence(decimal: string): bigint {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(decimal)
  if (!m) throw new Error(`not a report total: ${decimal}`)
  const value = BigInt(m[2]!) * 100n + BigInt(m[3]!)
  return m[1] ? -value : value
}

function withThousands(decimal: string): string {
  const [whole = '', fraction = ''] = decimal.split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`
}

/** One table of the run, one line per body (refused files whose body is unknown under "(body unknown)"). */
export function formatRunSummary(reports: readonly FileReport[]): string {
  const bodies = new Map<string, BodyLine>()
  for (const r of reports) {
    const key = r.body ?? '(body unknown)'
    let line = bodies.get(key)
    if (!line) {
      line = { name: r.bodyName ?? key, ingested: 0, unchanged: 0, refused: 0, accepted: 0, rejected: 0, totals: new Map() }
      bodies.set(key, line)
    }
    line[r.status]++
    if (r.status === 'refused') continue
    line.accepted += r.accepted
    line.rejected += r.rejected
    for (const [currency, total] of Object.entries(r.totals)) line.totals.set(currency, (line.totals.get(currency) ?? 0n) + pence(total))
  }
  const rows = [['body', 'ingested', 'unchanged', 'refused', 'payments', 'rejected', 'totals']]
  const sorted = [...bodies.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const b of sorted) {
    const totals = [...b.totals].sort(([a], [c]) => (a < c ? -1 : 1)).map(([c, p]) => `${c} ${withThousands(formatPence(p))}`)
    rows.push([b.name, String(b.ingested), String(b.unchanged), String(b.refused), String(b.accepted), String(b.rejected), totals.join('; ')])
  }
  const sum = (f: (b: BodyLine) => number) => String(sorted.reduce((n, b) => n + f(b), 0))
  rows.push(['all files', sum((b) => b.ingested), sum((b) => b.unchanged), sum((b) => b.refused), sum((b) => b.accepted), sum((b) => b.rejected), ''])
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n')
}
