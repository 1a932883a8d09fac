import { describe, expect, it } from 'vitest'
import { classifyConsultancy, type ConsultancyInput, consultancyRules, supplierRule } from '../../../ingest/spend/classify'

const none: ConsultancyInput = { expenseType: null, expenseCategory: null, description: null, payeeName: 'Acme Builders Ltd', payeeClass: 'supplier' }

describe('classifyConsultancy', () => {
  it.each([
    [{ expenseType: 'Consultants Fees' }, 'expense-consultancy'],
    [{ expenseType: 'FEES-ANALYSTS & CONSULTANTS' }, 'expense-consultancy'],
    [{ expenseCategory: 'Consultancy Services' }, 'expense-consultancy'],
    [{ expenseType: 'Bought In Professional Services' }, 'expense-professional-fees'],
    [{ expenseType: 'Professional Fees' }, 'expense-professional-fees'],
    [{ expenseType: 'Prof Fees - Legal' }, 'expense-professional-fees'],
    [{ expenseType: 'Interim Managers' }, 'expense-interim'],
    [{ expenseType: 'Advisory Services' }, 'expense-advisory'],
    [{ payeeName: 'Arcadis Consulting (Uk) Ltd' }, 'supplier-consulting'],
    [{ payeeName: 'GEMINI CONSULTANTS LTD' }, 'supplier-consulting'],
    [{ payeeName: 'GRANT THORNTON UK LLP' }, 'supplier-firm'],
    [{ payeeName: 'Ernst & Young LLP' }, 'supplier-firm'],
    [{ payeeName: 'Deloitte LLP' }, 'supplier-firm'],
    [{ payeeName: 'EY' }, 'supplier-firm'],
    [{ description: 'CONSULTANCY FEES ABAVUS OCT/NOV 2023' }, 'description-consultancy'],
  ])('%j -> %s', (fields, rule) => {
    expect(classifyConsultancy({ ...none, ...fields })).toBe(rule)
  })

  it.each([
    [{ expenseType: 'Public Consultation' }],
    [{ expenseType: 'Agency Staff' }],
    [{ description: 'Interim payment on account' }],
    [{ payeeName: 'Eyesight Opticians Ltd' }],
    [{ payeeName: 'Deloitte LLP', payeeClass: 'redacted' }],
  ])('%j is not consultancy', (fields) => {
    expect(classifyConsultancy({ ...none, ...fields })).toBeNull()
  })

  it('takes the earliest rule in the table when several match', () => {
    expect(classifyConsultancy({ ...none, expenseType: 'Interim Managers', expenseCategory: 'Consultancy', payeeName: 'KPMG LLP' })).toBe('expense-consultancy')
    expect(classifyConsultancy({ ...none, expenseType: 'Catering', payeeName: 'KPMG LLP', description: 'consultancy' })).toBe('supplier-firm')
  })

  it('uses a supplier rule worked out beforehand', () => {
    expect(classifyConsultancy({ ...none, payeeName: 'Acme', supplierRule: 'supplier-firm' })).toBe('supplier-firm')
    expect(supplierRule('PA Consulting Services Ltd')).toBe('supplier-consulting')
  })

  it('documents every rule with a unique id', () => {
    const ids = consultancyRules.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const r of consultancyRules) expect(r.meaning.length).toBeGreaterThan(20)
  })
})
