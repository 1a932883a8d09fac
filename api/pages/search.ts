// /search?q= — bodies, suppliers (by any name they were seen under) and programmes.
import type { Db } from '../../schema/db'
import { count } from './format'
import { html, type Html } from './html'
import { ask, QueryFailed } from './query'

const searchQuery = `query ($q: String!) { search(query: $q, first: 50) { totalCount edges { node {
  __typename ... on Body { slug name } ... on Supplier { slug name } ... on Programme { slug name } } } } }`

const paths = { Body: 'bodies', Supplier: 'suppliers', Programme: 'programmes' } as const
const kinds = { Body: 'body', Supplier: 'supplier', Programme: 'programme' } as const

export async function searchPage(db: Db, q: string): Promise<{ title: string; main: Html; status: 200 | 400 }> {
  const text = q.trim()
  if (text.length === 0 || text.length > 200) {
    return { title: 'Search', status: text.length ? 400 : 200, main: html`<h1>Search</h1><p>Type 1 to 200 characters of a council, supplier or programme name in the box above.</p>` }
  }
  let data: { search: { totalCount: number; edges: Array<{ node: { __typename: keyof typeof paths; slug: string; name: string } }> } }
  try {
    data = await ask(db, searchQuery, { q: text })
  } catch (error) {
    if (error instanceof QueryFailed && error.clientCode) return { title: 'Search', status: 400, main: html`<h1>Search</h1><p>${error.message}</p>` }
    throw error
  }
  const { totalCount, edges } = data.search
  return {
    title: `Search: ${text}`,
    status: 200,
    main: html`<h1>Search: “${text}”</h1>
<p>${count(totalCount)} match${totalCount === 1 ? '' : 'es'}${totalCount > edges.length ? html`; the first ${edges.length} shown` : ''}.</p>
${edges.length ? html`<ul>${edges.map(({ node: n }) => html`<li><a href="/${paths[n.__typename]}/${n.slug}">${n.name}</a> <span class="tag">${kinds[n.__typename]}</span></li>`)}</ul>` : html`<p>Nothing matches. Try part of a name, e.g. “haringey” or “impower”.</p>`}`,
  }
}
