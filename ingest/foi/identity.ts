// A request's identity: the canonical form of its URL, else its authority and reference, else a
// hash of its authority, title and date. Lists and records key on the same form, so the same
// request written as http or https, with ?unfold=1 or a #message anchor, or in another case, is
// one request.
import { createHash } from 'node:crypto'
import { slugify } from '../resolve/normalise'
import type { RequestDraft } from './lists'

const WDTK_HOST = /^(?:www\.)?whatdotheyknow\.com$/
/** Query parameters that change how a page shows, not which page it is. */
const PRESENTATION = /^(?:unfold|utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$/i

/**
 * The URL a request is known by. A WhatDoTheyKnow request is its url_title (Alaveteli's routes
 * read it whatever the scheme, query, case or sub-page); any other page keeps its path and the
 * query parameters that may say which request it is, on https with a lower-case host.
 */
export function requestIdentity(raw: string): string {
  const trimmed = raw.trim()
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return trimmed.replace(/#.*$/, '').replace(/\/+$/, '')
  }
  const title = WDTK_HOST.test(url.hostname) ? /^\/request\/([^/]+)/.exec(url.pathname)?.[1] : undefined
  if (title) return `https://www.whatdotheyknow.com/request/${safeDecode(title).toLowerCase()}`
  const params = [...url.searchParams].filter(([k]) => !PRESENTATION.test(k)).sort(([a], [b]) => a.localeCompare(b))
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : ''
  return `https://${url.host}${url.pathname.replace(/\/+$/, '')}${query}`
}

/** A readable id: wdtk-<url_title> for WhatDoTheyKnow, <body>-foi-<reference> for a log, else a hash. */
export function requestId(draft: Pick<RequestDraft, 'url' | 'reference' | 'title' | 'requested'>, authority: string): string {
  if (draft.url) {
    const url = requestIdentity(draft.url)
    const wdtk = /^https:\/\/www\.whatdotheyknow\.com\/request\/([a-z0-9_-]+)$/.exec(url)?.[1]
    if (wdtk) return `wdtk-${wdtk.replace(/_/g, '-')}`
    return `foi-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`
  }
  if (draft.reference) return `${authority}-foi-${slugify(draft.reference) || createHash('sha256').update(draft.reference).digest('hex').slice(0, 12)}`
  return `${authority}-foi-${createHash('sha256').update(`${draft.title}\u001f${draft.requested.on ?? ''}`).digest('hex').slice(0, 16)}`
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
