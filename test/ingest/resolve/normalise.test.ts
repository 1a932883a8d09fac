import { describe, expect, it } from 'vitest'
import { normaliseBodyName, normaliseName, normaliseSupplierName, slugify, uniqueId } from '../../../ingest/resolve/normalise'

describe('normaliseSupplierName', () => {
  it.each([
    ['H & M Building & Joinery Ltd', 'h and m building and joinery'],
    ['The Lancashire Wildlife Trust', 'lancashire wildlife trust'],
    ['Lancashire Wildlife Trust, The', 'lancashire wildlife trust'],
    ['CIPFA BUSINES LIMITED', 'cipfa busines'],
    ['Cipfa Busines Ltd.', 'cipfa busines'],
    ['WOODY (HYNDBURN) C I C', 'woody hyndburn'],
    ['Dickinson Dees Llp', 'dickinson dees'],
    ['GRANT THORNTON UK LLP', 'grant thornton uk'],
    ['Acme Holdings PLC', 'acme holdings'],
    ['Acme Public Limited Company', 'acme'],
    ["Liddy'S Personal Injury Solicitors", 'liddys personal injury solicitors'],
    ['ALLPAY.NET.LTD', 'allpay net'],
    ['  OXFORD ROUND TABLE CHARITABLE TRUST                 ', 'oxford round table charitable trust'],
    ['Société Générale', 'societe generale'],
    ['B.T. plc', 'bt'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseSupplierName(raw)).toBe(expected)
  })

  it('keeps a name that is only a legal form', () => {
    expect(normaliseSupplierName('Limited')).toBe('limited')
  })

  it('makes case, punctuation and legal-form spellings of one name equal', () => {
    const spellings = ['Oyster Partnership Ltd', 'OYSTER PARTNERSHIP LIMITED', 'The Oyster Partnership', 'oyster partnership.']
    expect(new Set(spellings.map(normaliseSupplierName))).toEqual(new Set(['oyster partnership']))
  })
})

describe('normaliseName and normaliseBodyName', () => {
  it('keep what a body is called, legal words included', () => {
    expect(normaliseBodyName('Leeds City Council')).toBe('leeds city council')
    expect(normaliseName('Hyndburn Borough Council Ltd')).toBe('hyndburn borough council ltd')
  })

  it('turn punctuation-only text into nothing', () => {
    expect(normaliseName(' -- . ')).toBe('')
  })
})

describe('slugify and uniqueId', () => {
  it('makes URL-safe ids from the normalised name', () => {
    expect(slugify('H & M Building & Joinery Ltd')).toBe('h-and-m-building-and-joinery')
    expect(slugify('Leeds City Council')).toBe('leeds-city-council')
  })

  it('caps long names at a word boundary', () => {
    const slug = slugify('Asbestos Consultancy & Management Services Ltd T/A Acms Uk Trading As Another Long Name')
    expect(slug.length).toBeLessThanOrEqual(60)
    expect(slug.endsWith('-')).toBe(false)
  })

  it('adds a counter when the id is taken', () => {
    const taken = new Set(['acme', 'acme-2'])
    expect(uniqueId('acme', (id) => taken.has(id))).toBe('acme-3')
    expect(uniqueId('', () => false)).toBe('unnamed')
  })
})
