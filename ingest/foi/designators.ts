// Councils are named with and without their designators: WhatDoTheyKnow's "Barnet Borough
// Council" is our "London Borough of Barnet", "Bradford City Council" our "City of Bradford
// Metropolitan District Council". A name that differs from a known body's only by these words
// is that body when exactly one body fits; when several do, the file must say which.
import { normaliseBodyName } from '../resolve/normalise'

/** Words that say what kind of council a body is, not which one. */
const DESIGNATORS = new Set(['council', 'borough', 'city', 'metropolitan', 'county', 'district', 'royal', 'of', 'the', 'and'])

export interface DesignatedName {
  /** The name without designators ("barnet"), or null when nothing else is left. */
  core: string | null
  /** The kind words it uses: county, city, borough, district, metropolitan. */
  kinds: Set<string>
}

const KINDS = new Set(['county', 'city', 'borough', 'district', 'metropolitan'])

/** "London Borough of Barnet" -> barnet; "Durham County Council" -> durham, a county. */
export function designatedName(name: string): DesignatedName {
  const words = normaliseBodyName(name).split(' ').filter(Boolean)
  // "London" is a designator only in "London Borough of": the City of London keeps it.
  const kept = words.map((w, i) => !DESIGNATORS.has(w) && !(w === 'london' && words[i + 1] === 'borough'))
  // "and" joining two places ("Windsor and Maidenhead") is part of the name.
  const core = words.filter((w, i) => kept[i] || (w === 'and' && kept[i - 1] && kept[i + 1])).join(' ')
  return { core: core || null, kinds: new Set(words.filter((w) => KINDS.has(w))) }
}

/**
 * Could these two names be the same body? Same core; both or neither a county (a county council
 * and the unitary that succeeded it, Buckinghamshire County Council / Buckinghamshire Council,
 * are two bodies); and kind words in common unless one name has none (Lichfield City Council, a
 * parish, is not Lichfield District Council; Barnet Borough Council is the London Borough of Barnet).
 */
export function sameDesignatedBody(a: DesignatedName, b: DesignatedName): boolean {
  if (a.core === null || a.core !== b.core) return false
  if (a.kinds.has('county') !== b.kinds.has('county')) return false
  return a.kinds.size === 0 || b.kinds.size === 0 || [...a.kinds].some((k) => b.kinds.has(k))
}
