// A request's state as a source words it -> our FoiStatus. WhatDoTheyKnow (Alaveteli) has a
// fixed set, shown as labels ("Long overdue") or stored as codes (waiting_response_very_overdue);
// disclosure logs word outcomes freely ("Provided in Full", "Rejected - Exempt",
// "Some information sent but not all held"), so those are read by their words.
import type { FoiStatus } from '../../schema/tables/enums'

/** WhatDoTheyKnow's labels and Alaveteli's codes, normalised (lower case, single spaces). */
export const whatDoTheyKnowStates: Readonly<Record<string, FoiStatus>> = {
  successful: 'successful',
  'partially successful': 'partially_successful',
  partially_successful: 'partially_successful',
  refused: 'refused',
  rejected: 'refused',
  'information not held': 'not_held',
  not_held: 'not_held',
  'awaiting response': 'awaiting',
  waiting_response: 'awaiting',
  delayed: 'overdue',
  waiting_response_overdue: 'overdue',
  'long overdue': 'long_overdue',
  waiting_response_very_overdue: 'long_overdue',
  'withdrawn by the requester': 'withdrawn',
  user_withdrawn: 'withdrawn',
  'waiting clarification': 'clarification',
  waiting_clarification: 'clarification',
  'awaiting internal review': 'internal_review',
  internal_review: 'internal_review',
  'awaiting classification': 'awaiting_classification',
  waiting_classification: 'awaiting_classification',
  'handled by postal mail': 'postal',
  gone_postal: 'postal',
  'delivery error': 'error',
  error_message: 'error',
  'not an foi request': 'not_foi',
  'not a valid request': 'not_foi',
  not_foi: 'not_foi',
  vexatious: 'vexatious',
  'reported for administrator attention': 'unknown',
  attention_requested: 'unknown',
  requires_admin: 'unknown',
}

const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ')

/** A WhatDoTheyKnow state (label or code); free wording falls back to the outcome words. */
export function statusOf(raw: string | null | undefined): FoiStatus {
  if (!raw || !raw.trim()) return 'unknown'
  return whatDoTheyKnowStates[key(raw)] ?? statusFromOutcome(raw)
}

/**
 * An outcome in a disclosure log's own words, read by what they say. Order matters: "part"
 * before "provided", a negation ("Information not provided", "Not answered", "Incomplete
 * request") before the word it negates, "released" before "late". Words match whole
 * ("delivered" is not "live"). Wording we cannot read is unknown; the raw words are kept
 * beside it (status_raw), never guessed into a status.
 */
export function statusFromOutcome(raw: string): FoiStatus {
  const t = key(raw)
  if (/\b(?:withdrawn|cancell?ed|abandoned|lapsed)\b/.test(t)) return 'withdrawn'
  if (/\bvexatious\b|\brepeated request\b/.test(t)) return 'vexatious'
  if (/\b(?:part|partial|partially|partly|some)\b|\bbut not all\b/.test(t)) return 'partially_successful'
  if (/\bnot held\b|\bno information held\b|\bdoes not hold\b|\bnil return\b/.test(t)) return 'not_held'
  if (/\b(?:not|no|never|un)[ -]?(?:yet )?(?:provided|answered|released|disclosed|supplied|sent|given|delivered|responded|completed?)\b|\bincomplete\b|\bno response\b/.test(t)) return 'unknown'
  if (/\brefus(?:ed|al|e)\b|\bexempt(?:ion|ions|ed)?\b|\breject(?:ed|ion)?\b|\bwithheld\b|\bdeclined\b|\bs\.\s?\d{1,2}\b|\bsection \d{1,2}\b/.test(t)) return 'refused'
  if (/\bclarif(?:y|ied|ication)\b/.test(t)) return 'clarification'
  if (/\binternal review\b|\bunder review\b/.test(t)) return 'internal_review'
  if (/\bin full\b|\ball information\b|\b(?:provided|released|disclosed|granted|supplied|answered|delivered|successful|completed?)\b|\binformation sent\b/.test(t)) return 'successful'
  if (/\boverdue\b|\blate\b/.test(t)) return 'overdue'
  if (/\b(?:open|in progress|pending|awaiting|received|logged|new|live)\b/.test(t)) return 'awaiting'
  return 'unknown'
}
