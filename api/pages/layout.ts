// The shell every page shares: header with search, main, footer with licence. No script, no
// fonts or styles from anywhere but here.
import { embedFor } from '../embed/oembed'
import { html, type Html } from './html'

export interface PageOptions {
  title: string
  /** The page's own URL (path and query), for the oEmbed discovery link. */
  path: string
  /** Absolute origin of this server, e.g. https://consultwatch.example, for discovery links. */
  origin: string
  description?: string
  /** Extra scripts of ours (the embed builder only). */
  scripts?: string[]
}

export function page(options: PageOptions, main: Html): Html {
  const self = `${options.origin}${options.path}`
  // Discovery only where oEmbed has an answer: pages of a body, supplier or programme.
  const oembed = embedFor(new URL(self)) ? `${options.origin}/oembed?url=${encodeURIComponent(self)}&format=json` : null
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title === 'consultwatch' ? 'consultwatch' : `${options.title} · consultwatch`}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<link rel="stylesheet" href="/assets/site.css">
${oembed ? html`<link rel="alternate" type="application/json+oembed" href="${oembed}" title="${options.title}">` : ''}
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<header class="site">
  <a class="brand" href="/">consultwatch</a>
  <form class="search" action="/search" method="get" role="search">
    <label for="site-search" class="visually-hidden">Search bodies, suppliers and programmes</label>
    <input id="site-search" type="search" name="q" placeholder="A council, supplier or programme" required maxlength="200">
    <button type="submit">Search</button>
  </form>
  <nav aria-label="Site"><a href="/embed">Embed a figure</a> <a href="/graphql">GraphQL API</a></nav>
</header>
<main id="main">
${main}
</main>
<footer class="site">
  <p>Spend data: published by each body under the <a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>; curated facts cite their documents. Figures are exact to the penny, credits negative, never summed across currencies or VAT bases.</p>
  <p><a href="/graphql">GraphQL API</a> · <a href="/v1/sources.csv">Sources (CSV)</a> · <a href="/embed">Embed builder</a></p>
</footer>
</body>
</html>`
}

/** Below a chart: the CSV of exactly that data, the query that drew it, and the embed snippet. */
export function chartLinks(links: { csv: string; query: string; embed: string }): Html {
  return html`<p class="chart-links"><a href="${links.csv}" download>Download CSV</a> <a href="${links.query}">Query</a> <a href="${links.embed}">Embed</a></p>`
}

export function notFoundPage(options: Omit<PageOptions, 'title'>, what: string): Html {
  return page({ ...options, title: 'Not found' }, html`<h1>Not found</h1><p>${what}</p><p><a href="/">Back to the front page</a>, or search above.</p>`)
}
