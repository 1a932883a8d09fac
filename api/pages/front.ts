// / — what consultwatch is, a search box, headline figures from the data, the newest spend files,
// and the ways in: example queries, CSV patterns, the embed builder.
import type { Db } from '../../schema/db'
import type { MoneyShape } from '../../schema/graphql/types/money'
import { spend } from './answers'
import { count, money, vatBasis } from './format'
import { html, type Html } from './html'
import { ask, graphiqlUrl } from './query'

const headlineQuery = `{
  bodies { totalCount } suppliers { totalCount } programmes { totalCount } contracts { totalCount }
  savingsClaims { totalCount } foiRequests { totalCount } payments { totalCount }
  spendFiles(last: 5) { totalCount edges { node { fileName periodStart periodEnd accepted body { slug name } totals { pence currency vatBasis } } } }
}`

interface Headline {
  bodies: { totalCount: number }
  suppliers: { totalCount: number }
  programmes: { totalCount: number }
  contracts: { totalCount: number }
  savingsClaims: { totalCount: number }
  foiRequests: { totalCount: number }
  payments: { totalCount: number }
  spendFiles: {
    totalCount: number
    edges: Array<{ node: { fileName: string; periodStart: string | null; periodEnd: string | null; accepted: number; body: { slug: string; name: string }; totals: MoneyShape[] } }>
  }
}

const examples = [
  { what: "What did Haringey pay iMPOWER, and who says so?", query: '{ contracts(filter: { supplier: "impower" }) { edges { node { title value { formatted vatBasis } buyer { name } sources { title url } } } } }' },
  { what: 'Savings promised for the 54,000 Programme', query: '{ savingsClaims(filter: { programme: "54,000" }) { edges { node { title low { formatted } high { formatted } horizonYears } } } }' },
  { what: 'The largest payments we hold', query: '{ payments(filter: { minPence: 10000000 }, first: 10) { edges { node { body { name } payeeName amount { formatted } paid { value } source { fileName line } } } } }' },
]

function about(): Html {
  return html`<h1>consultwatch</h1>
<p class="lede">Where UK public money goes when councils and government bodies hire consultants and outsource services — every figure with its source: the document and its words, or the spend file and its line.</p>
<form action="/search" method="get" role="search" class="search">
  <label for="front-search">Find a council, supplier or programme</label>
  <input id="front-search" type="search" name="q" placeholder="e.g. Manchester, iMPOWER, Total Place" required maxlength="200">
  <button type="submit">Search</button>
</form>`
}

function waysIn(): Html {
  return html`<h2>Ways in</h2>
<h3>Pages</h3>
<ul>
<li><a href="/programmes/haringey-54000-programme">Haringey 54,000 Programme</a>: £2M of fees against £8.1m–£8.9m of promised savings</li>
<li><a href="/bodies/haringey">London Borough of Haringey</a> · <a href="/bodies/manchester">Manchester City Council</a> · <a href="/suppliers/tribal">Tribal</a> · <a href="/programmes/total-place">Total Place</a></li>
</ul>
<h3>Example queries</h3>
<ul>${examples.map((e) => html`<li><a href="${graphiqlUrl(e.query)}">${e.what}</a></li>`)}</ul>
<h3>The CSV behind every chart</h3>
<p>Stable URLs that mirror the GraphQL arguments, complete (no row cap), exact decimals with currency and VAT basis:</p>
<ul>
<li><code>/v1/spend.csv?groupBy=supplier,financialYear&amp;body=manchester&amp;consultancyOnly=true</code></li>
<li><code>/v1/spend-over-time.csv?interval=month&amp;body=manchester</code></li>
<li><code>/v1/payments.csv?body=manchester&amp;from=2011-04-01</code></li>
<li><a href="/v1/sources.csv">/v1/sources.csv</a>: every source and its licence</li>
</ul>
<h3>Embed a figure or chart</h3>
<p>The <a href="/embed">embed builder</a> makes a live card or chart for a blog or CMS, with oEmbed for sites that support it.</p>`
}

/** The front page; its figures are a bonus: when the database is down it still says what this is. */
export async function frontPage(db: Db | null): Promise<{ title: string; main: Html; cacheable: boolean }> {
  let figures: Html = html``
  let cacheable = false
  if (db) {
    try {
      const [h, totals] = await Promise.all([ask<Headline>(db, headlineQuery), spend(db, {}, ['CONSULTANCY'])])
      cacheable = true
      figures = html`<h2>In the data</h2>
<ul class="figures">
${totals.grandTotal.map((t) => {
  const marked = totals.groups.find((g) => g.consultancy && g.total.currency === t.currency && g.total.vatBasis === t.vatBasis)
  return html`<li><span>Paid, in the spend files we hold (${vatBasis(t.vatBasis)})</span><strong>${money(t)}</strong>${
    marked ? html`of which marked consultancy: ${money(marked.total)} in ${count(marked.payments)} payments` : 'none marked consultancy'
  }</li>`
})}
<li><span>Payments · spend files</span><strong>${count(h.payments.totalCount)} · ${count(h.spendFiles.totalCount)}</strong>every one with its file and line</li>
<li><span>Contracts</span><strong>${count(h.contracts.totalCount)}</strong>with ${count(h.savingsClaims.totalCount)} savings claims</li>
<li><span>Bodies · suppliers · programmes</span><strong>${count(h.bodies.totalCount)} · ${count(h.suppliers.totalCount)} · ${count(h.programmes.totalCount)}</strong>${count(h.foiRequests.totalCount)} FOI requests</li>
</ul>
${h.spendFiles.edges.length
  ? html`<h2>Newest spend files</h2><table><thead><tr><th scope="col">Body</th><th scope="col">File</th><th scope="col">Period</th><th scope="col" class="num">Payments</th><th scope="col" class="num">Total</th></tr></thead><tbody>${[...h.spendFiles.edges].reverse().map(
      ({ node: f }) => html`<tr><td><a href="/bodies/${f.body.slug}#spend-files">${f.body.name}</a></td><td>${f.fileName}</td><td>${f.periodStart ?? '?'} to ${f.periodEnd ?? '?'}</td><td class="num">${count(f.accepted)}</td><td class="num">${f.totals.map((t) => money(t)).join(' + ')}</td></tr>`,
    )}</tbody></table>`
  : ''}`
    } catch (error) {
      // The page is still worth serving without its figures; the operator sees why.
      console.error(error)
    }
  }
  return { title: 'consultwatch', main: html`${about()}${figures}${waysIn()}`, cacheable }
}
