// "Every figure links to its evidence": a fact's sources, each with the words it uses.
import { html, type Html } from './html'

export interface Evidence {
  quote: string | null
  source: { slug: string; title: string; url: string | null; publisher: string }
}

export const evidenceFields = 'evidence { quote source { slug title url publisher } }'

export function evidenceList(evidence: readonly Evidence[]): Html {
  if (evidence.length === 0) return html`<p class="note">No source recorded.</p>`
  return html`<ul class="evidence">${evidence.map(
    (e) => html`<li>${e.source.url ? html`<a href="${e.source.url}" rel="nofollow">${e.source.title}</a>` : e.source.title} <span class="note">(${e.source.publisher})</span>${
      e.quote ? html`<blockquote>${e.quote}</blockquote>` : ''
    }</li>`,
  )}</ul>`
}

/** A figure with its evidence folded beneath it. */
export function withEvidence(figure: Html | string, evidence: readonly Evidence[]): Html {
  return html`${figure}<details><summary>Evidence (${evidence.length})</summary>${evidenceList(evidence)}</details>`
}
