// What a refusal says when the columns cannot be told: each candidate or column with its best
// guesses, and the exact --map that would read the file. Pure text from an Inference.
import type { Inference } from './infer'

const quote = (header: string) => `"${header.replace(/"/g, '\\"')}"`

export function describeAmbiguity(m: Inference): string {
  const signs = m.ambiguous.filter((a) => a.sign !== undefined)
  if (signs.length) {
    return signs
      .map(({ candidates: [c], sign }) =>
        `column ${c!.column + 1} ${quote(c!.header)} marks ${sign!.credits} of the ${sign!.marked} marked rows near the top credit: a cash book or payables export may mark every payment so, ` +
        `and reading them as money back would make the file's total negative, so the file is refused rather than guessed. ` +
        `If its figures are payments as published, pass --map ${sign!.field}=${quote(c!.header)} (the column is read as text and no amount is signed by it); ` +
        `if they really are mostly refunds, the publisher must sign the amounts`,
      )
      .join('; ')
  }
  const parts = m.ambiguous.map(({ field, candidates, note }) => {
    const list = candidates.map((c) => `column ${c.column + 1} ${quote(c.header)} (${c.score}, ${c.why})`).join(' or ')
    // A column holding the paying body's own name on every row is not a payee to suggest.
    const payers = candidates.filter((c) => c.payer !== undefined)
    const suggested = candidates.filter((c) => c.payer === undefined)
    const maps = suggested.map((c) => `--map ${field}=${quote(c.header)}`).join(' or ')
    const notPayee = payers.map((c) => `column ${c.column + 1} ${quote(c.header)} holds one public body's name on every row (${quote(c.payer!)}): the payer, not a payee`).join('; ')
    return (
      `${field} could be ${list}${note ? ` (${note})` : ''}${notPayee ? ` (${notPayee})` : ''}: ` +
      (suggested.length ? `to settle it, pass the one that is right, ${maps}` : `name the right column with --map ${field}=HEADER`)
    )
  })
  return `two columns read about equally well as the same field, so the file is refused rather than guessed. ${parts.join('; ')}`
}

/** An unreadable header: each column with its best guesses, and the --map that would read the file. */
export function describeUnreadable(m: Inference): string {
  const columns = m.guesses.map((g) => {
    const best = g.best.length ? g.best.map((b) => `${b.field} ${b.score} (${b.why})`).join(', ') : 'no guess'
    return `${g.column + 1} ${quote(g.header)}: ${best}`
  })
  const suggestions = m.missing.map((field) => {
    // A column holding one public body's name on every row is the payer: never the payee to suggest.
    const candidate = m.guesses
      .filter((g) => !Object.values(m.columns).includes(g.column) && !(field === 'supplier' && g.payer !== undefined))
      .flatMap((g) => g.best.filter((b) => b.field === field).map((b) => ({ header: g.header, score: b.score })))
      .sort((a, b) => b.score - a.score)[0]
    if (candidate) return `--map ${field}=${quote(candidate.header)}`
    const free = m.guesses.filter((g) => g.header !== '' && !Object.values(m.columns).includes(g.column)).map((g) => quote(g.header))
    return `--map ${field}=HEADER (HEADER one of ${free.slice(0, 10).join(', ') || 'the headers above'})`
  })
  return (
    `the header does not say which column is ${m.missing.join(', ')}. Columns and our best guesses: ${columns.slice(0, 40).join('; ')}${columns.length > 40 ? '; …' : ''}. ` +
    `Name the missing columns with ${suggestions.join(' ')} (the header as published), and --save-profile to remember it for this body` +
    (m.missing.includes('date')
      ? '. If the file has no date column at all, give the period it covers with --period YYYY-MM[..YYYY-MM]: its payments are then stored undated within that period'
      : '')
  )
}

/** Warnings about how the columns are read that the report's column list alone does not show. */
export function inferenceNotes(m: Pick<Inference, 'dateOrder' | 'creditColumn' | 'columns' | 'guesses' | 'amountInPence' | 'amountInThousands'> & Partial<Pick<Inference, 'accountingPeriods'>>): Array<[code: string, message: string]> {
  const notes: Array<[string, string]> = []
  if (m.accountingPeriods) {
    notes.push([
      'ACCOUNTING_PERIODS',
      `the dates are accounting periods ("${m.accountingPeriods}"), which the file does not place in months: they are read as 12 periods of a financial year starting in April (P01 = April, P12 = March), ` +
        `each payment dated to its month. A body whose year starts in another month (a university's in August) must publish real dates; a period above 12 refuses the file`,
    ])
  }
  if (m.amountInThousands && m.columns.amount !== undefined) {
    const header = m.guesses.find((g) => g.column === m.columns.amount)?.header ?? `column ${m.columns.amount + 1}`
    notes.push(['AMOUNT_IN_THOUSANDS', `the amount's header ${quote(header)} says thousands of pounds: every figure (and a stated total) is multiplied by 1,000, and is only as exact as the publisher rounded it`])
  }
  if (m.amountInPence && m.columns.amount !== undefined) {
    const header = m.guesses.find((g) => g.column === m.columns.amount)?.header ?? `column ${m.columns.amount + 1}`
    notes.push(['AMOUNT_IN_PENCE', `the amount's header ${quote(header)} says pence and no figure has a decimal point: every figure (and a stated total) is divided by 100`])
  }
  if (m.dateOrder.order === 'month-first') {
    notes.push([
      'MONTH_FIRST_DATES',
      m.dateOrder.stated
        ? `the date header "${m.dateOrder.evidence}" says the dates are month-first: every date is read month/day/year; a row whose date cannot be is rejected`
        : `the dates are month-first ("${m.dateOrder.evidence}" and others can only be month/day/year, and no date is only day/month/year): every date is read month/day/year; a file with a date that cannot be is refused`,
    ])
  }
  if (m.creditColumn !== null && m.columns.amount !== undefined) {
    const header = (i: number) => quote(m.guesses.find((g) => g.column === i)?.header ?? `column ${i + 1}`)
    notes.push(['DEBIT_CREDIT_COLUMNS', `the amount is ${header(m.columns.amount)} less ${header(m.creditColumn)}: a figure in ${header(m.creditColumn)} is a negative payment`])
  }
  return notes
}
