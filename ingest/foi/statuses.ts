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

/** An outcome in a disclosure log's own words, read by what they say. Order matters: "part" before "provided". */
export function statusFromOutcome(raw: string): FoiStatus {
  const t = key(raw)
  if (/withdrawn|cancel+ed|abandoned|lapsed/.test(t)) return 'withdrawn'
  if (/vexatious|repeated request/.test(t)) return 'vexatious'
  if (/\b(part|partial|partially|partly|some)\b|in part|but not all/.test(t)) return 'partially_successful'
  if (/not held|no information held|information not held|does not hold|nil return/.test(t)) return 'not_held'
  if (/refus|exempt|reject|withheld|declined|s\.? ?\d{2}\b|section \d{2}/.test(t)) return 'refused'
  if (/clarif/.test(t)) return 'clarification'
  if (/internal review|under review/.test(t)) return 'internal_review'
  if (/overdue|late/.test(t)) return 'overdue'
  if (/in full|all information|provided|released|disclosed|granted|supplied|answered|successful|information sent|complete/.test(t)) return 'successful'
  if (/open|in progress|pending|awaiting|received|logged|new|live/.test(t)) return 'awaiting'
  return 'unknown'
}
