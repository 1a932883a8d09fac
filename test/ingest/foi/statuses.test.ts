import { describe, expect, it } from 'vitest'
import { statusFromOutcome, statusOf } from '../../../ingest/foi/statuses'

// Disclosure logs word outcomes freely; each wording below is one a council could write, with the
// status its words say (unknown where they say none we can tell).
describe('disclosure-log outcomes read by their words', () => {
  const cases: Array<[string, string]> = [
    ['Information provided in full', 'successful'],
    ['Information delivered', 'successful'],
    ['Released late', 'successful'],
    ['Partially provided - s.40 exemption', 'partially_successful'],
    ['Some information sent but not all held', 'partially_successful'],
    ['Information not held', 'not_held'],
    ['Refused - s.12 cost limit', 'refused'],
    ['Exempt under section 43', 'refused'],
    ['Information not provided', 'unknown'],
    ['Not answered', 'unknown'],
    ['Incomplete request', 'unknown'],
    ['Response times 20 days', 'unknown'],
    ['Overdue', 'overdue'],
    ['Live', 'awaiting'],
    ['In progress', 'awaiting'],
    ['Withdrawn', 'withdrawn'],
    ['Awaiting clarification', 'clarification'],
    ['Under internal review', 'internal_review'],
  ]
  it.each(cases)('"%s" is %s', (words, status) => {
    expect(statusFromOutcome(words)).toBe(status)
  })

  it('WhatDoTheyKnow labels and codes still map exactly', () => {
    expect(statusOf('Long overdue')).toBe('long_overdue')
    expect(statusOf('waiting_response_very_overdue')).toBe('long_overdue')
    expect(statusOf('Information not held')).toBe('not_held')
  })
})
