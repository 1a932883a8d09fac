// /embed — the builder: pick a body, supplier or programme, a figure or chart, and a period; see
// the embed live and copy its snippet. A plain GET form, so it works with JavaScript off.
import type { Db } from '../../schema/db'
import { html, type Html } from '../pages/html'
import { ask } from '../pages/query'
import { oembed } from './oembed'
import { BadParams, type EmbedParams, readParams, writeParams } from './params'

const choicesQuery = `{ bodies(first: 100) { edges { node { slug name spendFiles { totalCount } contracts { totalCount } } } }
  programmes(first: 100) { edges { node { slug name contracts { totalCount } } } } }`

interface Choices {
  bodies: { edges: Array<{ node: { slug: string; name: string; spendFiles: { totalCount: number }; contracts: { totalCount: number } } }> }
  programmes: { edges: Array<{ node: { slug: string; name: string; contracts: { totalCount: number } } }> }
}

const kinds = { figure: 'A figure card (a total)', fees: "A programme's fees against its claims (card)", top: 'Bar chart: top payees or bodies', line: 'Line chart: over time' } as const
type Kind = keyof typeof kinds

const builderOnly = ['what'] as const

function embedUrl(kind: Kind, p: EmbedParams): string {
  if (kind === 'fees') return `/embed/figure${writeParams({ programme: p.programme, label: p.label })}${p.programme ? '&show=fees' : ''}`
  if (kind === 'top') return `/embed/chart.svg${writeParams({ ...p, interval: undefined, groupBy: p.groupBy ?? (p.supplier ? 'body' : 'supplier'), first: p.first ?? 10 })}`
  if (kind === 'line') return `/embed/chart.svg${writeParams({ ...p, groupBy: undefined, interval: p.interval ?? 'month' })}`
  return `/embed/figure${writeParams({ ...p, groupBy: undefined, interval: undefined, first: undefined })}`
}

export async function builderPage(db: Db, search: URLSearchParams, origin: string): Promise<{ main: Html; status: 200 | 400 }> {
  const choices = await ask<Choices>(db, choicesQuery)
  const kindRaw = search.get('what') ?? 'figure'
  const rest = new URLSearchParams([...search].filter(([k, v]) => !(builderOnly as readonly string[]).includes(k) && v.trim() !== ''))
  let p: EmbedParams = {}
  let problem: string | null = null
  try {
    p = readParams(rest)
  } catch (error) {
    if (!(error instanceof BadParams)) throw error
    problem = error.message
  }
  const kind: Kind = kindRaw in kinds ? (kindRaw as Kind) : 'figure'
  const chosen = Boolean(p.body || p.supplier || p.programme)
  const src = chosen && !problem && !(kind === 'fees' && !p.programme) ? embedUrl(kind, p) : null
  const answer = src ? oembed(new URLSearchParams({ url: `${origin}${src}`, format: 'json' }), origin) : null
  const snippet = answer?.status === 200 ? String(answer.body.html) : null
  const bodies = choices.bodies.edges.map((e) => e.node).filter((b) => b.spendFiles.totalCount > 0 || b.contracts.totalCount > 0)
  const programmes = choices.programmes.edges.map((e) => e.node).filter((x) => x.contracts.totalCount > 0)
  const main = html`<h1>Embed a figure or chart</h1>
<p class="lede">Put a live figure or chart from consultwatch on your blog or in your CMS. It updates when our data does, says what it counts and where it comes from, and links to the evidence.</p>
<form class="builder" action="/embed" method="get">
  <div><label for="b-what">Show</label><select id="b-what" name="what">${(Object.keys(kinds) as Kind[]).map((k) => html`<option value="${k}"${k === kind ? ' selected' : ''}>${kinds[k]}</option>`)}</select></div>
  <div><label for="b-body">Body</label><select id="b-body" name="body"><option value="">—</option>${bodies.map((b) => html`<option value="${b.slug}"${b.slug === p.body ? ' selected' : ''}>${b.name}</option>`)}</select></div>
  <div><label for="b-supplier">Supplier (id or name)</label><input id="b-supplier" name="supplier" value="${p.supplier ?? ''}" maxlength="200"></div>
  <div><label for="b-programme">Programme</label><select id="b-programme" name="programme"><option value="">—</option>${programmes.map((x) => html`<option value="${x.slug}"${x.slug === p.programme ? ' selected' : ''}>${x.name}</option>`)}</select></div>
  <div><label for="b-from">From (YYYY-MM-DD)</label><input id="b-from" name="from" value="${p.from ?? ''}" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="2011-04-01"></div>
  <div><label for="b-to">To (YYYY-MM-DD)</label><input id="b-to" name="to" value="${p.to ?? ''}" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="2012-03-31"></div>
  <div><label for="b-interval">Line chart by</label><select id="b-interval" name="interval"><option value="">—</option>${(['month', 'quarter', 'financialYear'] as const).map((i) => html`<option value="${i}"${i === p.interval ? ' selected' : ''}>${i === 'financialYear' ? 'financial year' : i}</option>`)}</select></div>
  <div><label for="b-consultancy"><input id="b-consultancy" type="checkbox" name="consultancyOnly" value="true"${p.consultancyOnly ? ' checked' : ''}> Consultancy only</label></div>
  <div><label for="b-label">Label (optional)</label><input id="b-label" name="label" value="${p.label ?? ''}" maxlength="200"></div>
  <div><button type="submit">Show the embed</button></div>
</form>
${problem ? html`<p role="alert"><strong>${problem}</strong></p>` : ''}
${src && snippet
    ? html`<h2>Preview</h2>
<iframe class="preview" src="${src}" width="${String(answer?.body.width)}" height="${String(answer?.body.height)}" title="Preview of the embed"></iframe>
<h2>Snippet</h2>
<label for="snippet">Paste this HTML into your page:</label>
<textarea id="snippet" class="snippet" readonly>${snippet}</textarea>
<p><button type="button" data-copy="snippet">Copy the snippet</button></p>
<p>Or paste this link into a site that supports oEmbed (WordPress and most CMSs): <code>${origin}${src}</code></p>
<p class="note">oEmbed endpoint: <code>${origin}/oembed?url=${encodeURIComponent(`${origin}${src}`)}&amp;format=json</code></p>`
    : html`<p class="note">Pick a body, supplier or programme to see the embed.</p>`}`
  return { main, status: problem ? 400 : 200 }
}
