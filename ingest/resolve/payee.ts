import type { PayeeClass } from '../../schema/tables/enums'
import { normaliseName } from './normalise'

// Payees that are not suppliers. Bodies withhold names under data protection or commercial
// confidentiality and write a marker instead; some files mark individuals in a type column.
// Neither must become a "supplier" that spend rolls up under.

/** Whole-name markers of a withheld name (compared after normaliseName). */
const REDACTED_NAMES = new Set([
  'redacted',
  'redacted personal data',
  'redacted commercial confidentiality',
  'redacted data',
  'data redacted',
  'personal data',
  'personal data redacted',
  'personal information',
  'personal details',
  'data protection',
  'data protection act',
  'withheld',
  'name withheld',
  'withheld personal data',
  'not disclosed',
  'confidential',
  'commercially confidential',
  'commercial confidentiality',
  'sensitive',
  'sensitive data',
  'n a',
  'na',
  'not applicable',
  'unknown',
  'none',
])

/** Names that say only "an individual", with no name: the file marks the payee as a person. */
const INDIVIDUAL_NAMES = new Set([
  'individual',
  'private individual',
  'an individual',
  'individual payee',
  'payment to individual',
  'payment to an individual',
  'personal payee',
  'private person',
  'sole trader',
])

/** Values of a payee-type column that mark a person rather than an organisation. */
// "Private Limited Company" is a company: only "private individual" / "private person" mark a person.
const INDIVIDUAL_TYPE = /\b(individual|person|private individual|private person|sole trader|personal)\b/i

/** True when a payee-type cell marks a person ("Individual", "Private individual", "Sole trader"). */
export function isIndividualType(payeeType: string | null): boolean {
  return payeeType !== null && INDIVIDUAL_TYPE.test(payeeType)
}

/**
 * The payee's class from its name as published and, when the file has one, its payee-type
 * column. A name that starts with "REDACTED" or "WITHHELD" is redacted whatever follows.
 */
export function classifyPayee(rawName: string, payeeType: string | null = null): PayeeClass {
  const name = normaliseName(rawName)
  if (name === '') return 'redacted'
  if (REDACTED_NAMES.has(name) || /^(redacted|withheld)\b/.test(name)) return 'redacted'
  if (INDIVIDUAL_NAMES.has(name) || isIndividualType(payeeType)) return 'individual'
  return 'supplier'
}
