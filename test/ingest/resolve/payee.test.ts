import { describe, expect, it } from 'vitest'
import { classifyPayee, isIndividualType } from '../../../ingest/resolve/payee'

describe('classifyPayee', () => {
  it.each([
    ['REDACTED PERSONAL DATA', 'redacted'],
    ['REDACTED COMMERCIAL CONFIDENTIALITY', 'redacted'],
    ['Redacted', 'redacted'],
    ['Personal data', 'redacted'],
    ['Name withheld', 'redacted'],
    ['', 'redacted'],
    ['   ', 'redacted'],
    ['Private individual', 'individual'],
    ['Individual', 'individual'],
    ["Liddy'S Personal Injury Solicitors", 'supplier'],
    ['Personal Care Consultants Ltd', 'supplier'],
    ['Zuzana Panuskova', 'supplier'],
    ['Oyster Partnership', 'supplier'],
  ] as const)('%j is %s', (name, expected) => {
    expect(classifyPayee(name)).toBe(expected)
  })

  it('takes a payee-type column that marks a person', () => {
    expect(classifyPayee('J Smith', 'Individual')).toBe('individual')
    expect(classifyPayee('J Smith', 'Sole Trader')).toBe('individual')
    expect(classifyPayee('Acme Ltd', 'Company')).toBe('supplier')
    expect(isIndividualType(null)).toBe(false)
  })

  it('does not take a private company for a person', () => {
    expect(classifyPayee('Acme Consulting Ltd', 'Private Limited Company')).toBe('supplier')
    expect(classifyPayee('J Smith', 'Private Individual')).toBe('individual')
    expect(classifyPayee('J Smith', 'private person')).toBe('individual')
  })
})
