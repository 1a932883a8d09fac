// The per-file report: what `--json` prints (one object per file) and what the human summary
// is made from. Pure formatting; command.ts does the printing.
import type { Period } from './parse'

export type FileStatus = 'ingested' | 'unchanged' | 'refused'

export interface ReportError {
  /** In a workbook, the sheet and its row the line came from. */
  sheet?: string
  row?: number
  line: number | null
  column: string | null
  code: string
  message: string
}

export interface ReportWarning {
  code: string
  message: string
}

export interface FileReport {
  file: string
  sha256: string | null
  /** The body's id; null when the file was refused before its body was known. */
  body: string | null
  bodyName: string | null
  status: FileStatus
  encoding: string | null
  rowsRead: number
  accepted: number
  rejected: number
  skipped: number
  /** Exact decimal strings of accepted rows' amounts, per currency. */
  totals: Record<string, string>
  fileTotal: null | { stated: string; matches: boolean }
  /** Rejected rows (at most MAX_REPORTED_ERRORS; all of them are in spend_rejects), or why the file was refused. */
  errors: ReportError[]
  warnings: ReportWarning[]
  /** The file's period and where it came from (for an unchanged file: as its earlier ingest stored it). */
  period: (Period & { from: 'flag' | 'file name' | 'dates' | 'earlier ingest' }) | null
  skippedBy: { preamble: number; blank: number; total: number; repeatedHeader: number; footer: number }
  /** Each field read: its column (1-based), header, how sure the choice is (0..1) and why. */
  columns: ColumnReport[]
  /** Rows that repeat a payment already ingested for the body (same date, amount, payee, reference): kept, never counted. */
  duplicates: number
  dryRun: boolean
}

export interface ColumnReport {
  field: string
  column: number
  header: string
  confidence: number
  why: string
}

export const MAX_REPORTED_ERRORS = 100

export function emptyReport(file: string, dryRun: boolean): FileReport {
  return {
    file,
    sha256: null,
    body: null,
    bodyName: null,
    status: 'refused',
    encoding: null,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    skipped: 0,
    totals: {},
    fileTotal: null,
    errors: [],
    warnings: [],
    period: null,
    skippedBy: { preamble: 0, blank: 0, total: 0, repeatedHeader: 0, footer: 0 },
    columns: [],
    duplicates: 0,
    dryRun,
  }
}

/** "77290968.66" -> "77,290,968.66" for people. */
function withThousands(decimal: string): string {
  const [whole, fraction] = decimal.split('.') as [string, string]
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign ? whole.slice(1) : whole
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`
}

/** The human summary of one file, several lines, no trailing newline. */
export function formatSummary(r: FileReport): string {
  const who = r.bodyName ? ` → ${r.bodyName} (${r.body})` : ''
  const status = r.dryRun && r.status === 'ingested' ? 'would be ingested (dry run: nothing written)' : r.status
  const lines = [`${r.file}${who}: ${status}`]
  if (r.encoding) lines.push(`  encoding ${r.encoding}; sha256 ${r.sha256?.slice(0, 16)}…`)
  if (r.status !== 'unchanged' && (r.rowsRead > 0 || r.status === 'ingested')) {
    const s = r.skippedBy
    const skipped = [s.preamble && `${s.preamble} above the header`, s.blank && `${s.blank} blank`, s.total && `${s.total} total`, s.repeatedHeader && `${s.repeatedHeader} repeated header`, s.footer && `${s.footer} footer`]
      .filter(Boolean)
      .join(', ')
    lines.push(`  rows read ${r.rowsRead}: accepted ${r.accepted}, rejected ${r.rejected}, skipped ${r.skipped}${skipped ? ` (${skipped})` : ''}`)
    const totals = Object.entries(r.totals).map(([cur, v]) => `${cur} ${withThousands(v)}`)
    if (totals.length) lines.push(`  totals: ${totals.join('; ')}`)
    if (r.fileTotal) {
      lines.push(`  the file's own total ${withThousands(r.fileTotal.stated)} ${r.fileTotal.matches ? 'matches' : 'DOES NOT match'} our sum`)
    }
    if (r.period) lines.push(`  period ${r.period.start}..${r.period.end} (from ${r.period.from})`)
    if (r.columns.length) {
      lines.push(`  columns: ${r.columns.map((c) => `${c.field} ← ${c.column} "${c.header}" (${c.confidence}, ${c.why})`).join('; ')}`)
    }
  }
  for (const e of r.status === 'unchanged' ? [] : r.errors.slice(0, 20)) {
    const where = [e.sheet !== undefined ? `sheet "${e.sheet}" row ${e.row}` : e.line !== null ? `line ${e.line}` : null, e.column ? `column "${e.column}"` : null].filter(Boolean).join(', ')
    lines.push(`  ${r.status === 'refused' ? 'error' : 'rejected'} ${e.code}${where ? ` (${where})` : ''}: ${e.message}`)
  }
  if (r.status !== 'unchanged' && (r.errors.length > 20 || r.rejected > r.errors.length)) {
    lines.push(`  … ${Math.max(r.rejected, r.errors.length) - Math.min(20, r.errors.length)} more; every rejected row is kept in spend_rejects`)
  }
  for (const w of r.warnings) lines.push(`  warning ${w.code}: ${w.message}`)
  return lines.join('\n')
}
