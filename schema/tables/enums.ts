/** Closed vocabularies shared by tables and GraphQL enums. Values are stored as written here. */

export const datePrecisions = ['day', 'month', 'year', 'financial_year', 'unknown'] as const
export type DatePrecision = (typeof datePrecisions)[number]

/** Whether a money figure includes VAT. Most council spend files publish net amounts. */
export const vatBases = ['net', 'gross', 'unknown'] as const
export type VatBasis = (typeof vatBases)[number]

export const currencies = ['GBP', 'EUR', 'USD'] as const
export type Currency = (typeof currencies)[number]

export const bodyKinds = [
  'london_borough',
  'metropolitan_district',
  'county_council',
  'unitary_authority',
  'district_council',
  'combined_authority',
  'government_department',
  'agency',
  'police',
  'fire',
  'health',
  'trading_company',
  'partnership',
  'other',
] as const

export const sourceKinds = [
  'council_paper',
  'foi_response',
  'spend_file',
  'news',
  'blog',
  'forum',
  'web_page',
  'government_publication',
  'report',
] as const

export const supplierMatchMethods = ['exact', 'normalised', 'identifier', 'manual'] as const
export type SupplierMatchMethod = (typeof supplierMatchMethods)[number]

export const programmeKinds = [
  'transformation',
  'outsourcing',
  'pilot',
  'funding',
  'challenge_fund',
  'shared_service',
  'procurement',
  'merger',
] as const

export const programmeRoles = ['owner', 'member', 'funder', 'winner', 'participant', 'lead'] as const

export const contractValueKinds = ['award', 'ceiling', 'contingent', 'estimate'] as const
export const contractStatuses = ['proposed', 'approved', 'awarded', 'active', 'completed', 'cancelled', 'unknown'] as const

/**
 * What a claim promises or states. targeted_financial_benefit: the source's own words for benefits
 * not said to be cashable; spending_cut: a planned cut to a budget; economic_cost: an estimated
 * cost to the economy (e.g. of jobs lost).
 */
export const claimKinds = [
  'cashable_saving',
  'reinvestment_potential',
  'cost_avoidance',
  'efficiency',
  'targeted_financial_benefit',
  'spending_cut',
  'economic_cost',
] as const
export const grossOrNet = ['gross', 'net', 'unknown'] as const
/** How a claimed amount accrues: once over a horizon, every year, or achieved to date. */
export const claimBases = ['over_horizon', 'per_year', 'to_date'] as const
/** How the source bounds the figure: "£8.1m to £8.9m" is a range, "more than £72m" is at_least. */
export const amountQualifiers = ['exact', 'range', 'at_least', 'at_most', 'about', 'not_stated'] as const

/**
 * How two claims relate, as their sources allow: alternative (only one will happen), overlapping
 * (one is derived from the other, or the same benefit counted another way), additive (both count),
 * unknown (the source does not say; a note says what is known). Never add alternatives or overlaps.
 */
export const claimRelationKinds = ['alternative', 'overlapping', 'additive', 'unknown'] as const
export type ClaimRelationKind = (typeof claimRelationKinds)[number]

/**
 * A source's hedge on one structured field, kept beside the figure: "from what I can gather"
 * (as_understood), "apparently" (apparent), "a vague threat" (vague), "presumably" (presumed),
 * "estimates that" (estimated), "likely to be" (likely); and how the words bound a figure that has
 * no `qualifier` of its own (a contract's value, as an FOI answer gives it): "approximately"
 * (about), "at least" (at_least), "up to" (at_most). On a figure that has a qualifier, the two
 * must agree (ingest checks it).
 */
/** The hedge kinds that bound a figure, named as the amount qualifiers that mean the same. */
export const boundingHedgeKinds = ['about', 'at_least', 'at_most'] as const
export const hedgeKinds = ['as_understood', 'apparent', 'vague', 'presumed', 'estimated', 'likely', ...boundingHedgeKinds] as const
export type HedgeKind = (typeof hedgeKinds)[number]

/** A unit cost is what something costs per unit (a visit); a fee is what a body charges for it. */
export const unitCostKinds = ['cost', 'fee'] as const

/**
 * The outcome of an FOI request: WhatDoTheyKnow's states (successful, partially successful,
 * refused, not held, awaiting response, overdue, long overdue, withdrawn, waiting clarification,
 * internal review, awaiting classification, handled by post, error, not an FOI request,
 * vexatious) and 'unknown' for a state a source gives that we cannot map (kept raw beside it).
 */
export const foiStatuses = [
  'successful',
  'partially_successful',
  'refused',
  'not_held',
  'awaiting',
  'overdue',
  'long_overdue',
  'withdrawn',
  'clarification',
  'internal_review',
  'awaiting_classification',
  'postal',
  'error',
  'not_foi',
  'vexatious',
  'unknown',
] as const
export type FoiStatus = (typeof foiStatuses)[number]

export const payeeClasses = ['supplier', 'redacted', 'individual'] as const
export type PayeeClass = (typeof payeeClasses)[number]

export const spendFileStatuses = ['ingested', 'replaced'] as const

/** Where a row came from: the curated dataset in data/, a spend file or list ingest, or an FOI record. */
export const origins = ['curated', 'ingest', 'foi'] as const
export type Origin = (typeof origins)[number]
