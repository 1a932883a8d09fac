// Name normalisation shared by body and supplier resolution. The same functions compute the
// `normalised` columns of body_aliases and supplier_aliases, and every loader that writes aliases
// (ingest/data, ingest/foi, the supplier resolver) must call them: the supplier resolver reads
// supplier_aliases.normalised as it is stored (recomputing it for every alias of every file cost
// seconds a file). Change a rule here, and stored keys need recomputing (a migration backfill).

const COMBINING_MARKS = /[\u0300-\u036f]/g
const APOSTROPHES = /['\u2018\u2019\u02bc`]/g
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g

/**
 * Case, accents, punctuation and spacing folded away; "&" read as "and"; a leading or trailing
 * "The" dropped; runs of single letters joined ("C I C" -> "cic", "B.T." -> "bt").
 */
export function normaliseName(name: string): string {
  let s = name.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase()
  s = s.replace(/&/g, ' and ').replace(/\+/g, ' and ').replace(APOSTROPHES, '').replace(NOT_ALPHANUMERIC, ' ').trim()
  if (s === '') return ''
  const words = s.split(' ')
  const joined: string[] = []
  let letters = ''
  for (const word of words) {
    if (word.length === 1 && /[a-z]/.test(word)) {
      letters += word
      continue
    }
    if (letters) joined.push(letters)
    letters = ''
    joined.push(word)
  }
  if (letters) joined.push(letters)
  if (joined.length > 1 && joined[0] === 'the') joined.shift()
  if (joined.length > 1 && joined[joined.length - 1] === 'the') joined.pop()
  return joined.join(' ')
}

// Legal forms that say nothing about which organisation it is. Stripped from the end, repeatedly
// ("Foo UK Holdings Limited" keeps "uk holdings"; "Foo Ltd." and "FOO LIMITED" both become "foo").
const LEGAL_SUFFIXES = [
  'public limited company',
  'limited liability partnership',
  'community interest company',
  'limited',
  'ltd',
  'plc',
  'llp',
  'lp',
  'cic',
  'inc',
  'incorporated',
  'llc',
].map((s) => s.split(' '))

/** normaliseName plus the legal form removed: "The Acme Consulting Co. Ltd" -> "acme consulting co". */
export function normaliseSupplierName(name: string): string {
  const words = normaliseName(name).split(' ')
  let changed = true
  while (changed && words.length > 1) {
    changed = false
    for (const suffix of LEGAL_SUFFIXES) {
      if (suffix.length >= words.length) continue
      const tail = words.slice(words.length - suffix.length)
      if (tail.every((w, i) => w === suffix[i])) {
        words.length -= suffix.length
        changed = true
        break
      }
    }
  }
  if (words.length > 1 && words[0] === 'the') words.shift()
  return words.join(' ')
}

/** Body names keep their form ("Council" matters): the generic normalisation only. */
export function normaliseBodyName(name: string): string {
  return normaliseName(name)
}

/** A URL-safe id from a name: "H & M Building Ltd" -> "h-and-m-building". At most 60 characters. */
export function slugify(name: string): string {
  const slug = normaliseSupplierName(name).replace(/ /g, '-')
  if (slug.length <= 60) return slug
  const cut = slug.slice(0, 60)
  const lastDash = cut.lastIndexOf('-')
  return lastDash > 20 ? cut.slice(0, lastDash) : cut
}

/** `base`, or `base-2`, `base-3`… — the first one `taken` does not hold. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  const root = base || 'unnamed'
  if (!taken(root)) return root
  for (let n = 2; ; n++) {
    const id = `${root}-${n}`
    if (!taken(id)) return id
  }
}
