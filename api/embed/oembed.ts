// /oembed?url=…&format=json — oEmbed 1.0, type "rich": for any page or embed URL of ours, an
// iframe of the embed that shows it. Pages themselves may not be framed; their embed may.
import { escapeXml } from '../charts/svg'

export interface OEmbedAnswer {
  status: 200 | 400 | 404 | 501
  body: Record<string, unknown>
}

const DEFAULT = { figure: { width: 420, height: 300 }, fees: { width: 420, height: 400 }, chart: { width: 640, height: 360 } }

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** The embed that stands for a URL of ours, or null when the URL is not one we can embed. */
export function embedFor(url: URL): { src: string; kind: 'figure' | 'fees' | 'chart'; title: string } | null {
  // A malformed escape (%E0%A4%A) is a path no page of ours has: not embeddable, never a throw.
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode)
  if (segments.includes(null)) return null
  const [first, slug] = segments as string[]
  if (url.pathname === '/embed/figure') {
    const fees = url.searchParams.get('show') === 'fees'
    const title = url.searchParams.get('label') ?? (fees ? `Fees against claimed savings: ${url.searchParams.get('programme') ?? ''}` : 'consultwatch figure')
    return { src: `${url.pathname}${url.search}`, kind: fees ? 'fees' : 'figure', title }
  }
  if (url.pathname === '/embed/chart.svg') return { src: `${url.pathname}${url.search}`, kind: 'chart', title: url.searchParams.get('label') ?? 'consultwatch chart' }
  if (segments.length === 2 && slug) {
    const q = encodeURIComponent(slug)
    if (first === 'bodies') return { src: `/embed/figure?body=${q}`, kind: 'figure', title: `Spending of ${slug}` }
    if (first === 'suppliers') return { src: `/embed/figure?supplier=${q}`, kind: 'figure', title: `Payments to ${slug}` }
    if (first === 'programmes') return { src: `/embed/figure?programme=${q}&show=fees`, kind: 'fees', title: `Fees against claimed savings: ${slug}` }
  }
  return null
}

function bound(name: string, raw: string | null): number | null | 'bad' {
  if (raw === null) return null
  const n = Number(raw)
  return Number.isInteger(n) && n >= 50 && n <= 4000 ? n : 'bad'
}

export function oembed(search: URLSearchParams, origin: string): OEmbedAnswer {
  const format = search.get('format') ?? 'json'
  // The spec's answer to a format we don't offer.
  if (format !== 'json') return { status: 501, body: { error: 'Only format=json is offered.' } }
  const raw = search.get('url')
  if (!raw) return { status: 400, body: { error: 'Give url=, a page or embed URL of this site, e.g. url=' + `${origin}/bodies/haringey` } }
  let url: URL
  try {
    url = new URL(raw, origin)
  } catch {
    return { status: 400, body: { error: 'url is not a URL' } }
  }
  const embed = url.origin === origin ? embedFor(url) : null
  if (!embed) return { status: 404, body: { error: `No embed for ${raw}: give a /bodies/, /suppliers/ or /programmes/ page, or an /embed/figure or /embed/chart.svg URL of ${origin}` } }
  const maxwidth = bound('maxwidth', search.get('maxwidth'))
  const maxheight = bound('maxheight', search.get('maxheight'))
  if (maxwidth === 'bad' || maxheight === 'bad') return { status: 400, body: { error: 'maxwidth and maxheight must be whole numbers of pixels from 50 to 4000' } }
  const size = DEFAULT[embed.kind]
  const width = Math.min(size.width, maxwidth ?? Infinity)
  const height = Math.min(size.height, maxheight ?? Infinity)
  const src = `${origin}${embed.src}`
  return {
    status: 200,
    body: {
      version: '1.0',
      type: 'rich',
      provider_name: 'consultwatch',
      provider_url: `${origin}/`,
      title: embed.title,
      width,
      height,
      cache_age: 3600,
      html: `<iframe src="${escapeXml(src)}" width="${width}" height="${height}" title="${escapeXml(embed.title)}" style="border:0;max-width:100%" loading="lazy"></iframe>`,
    },
  }
}
