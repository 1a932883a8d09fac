// Hono's html`` template, typed as the synchronous string it is when nothing passed in is a Promise.
// Every interpolated value is escaped unless it is itself Html (or raw()): data text can't become markup.
import { html as honoHtml, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

export type Html = HtmlEscapedString

type Child = string | number | boolean | null | undefined | Html | readonly Child[]

export function html(strings: TemplateStringsArray, ...values: Child[]): Html {
  return honoHtml(strings, ...(values as unknown[])) as Html
}

/** Markup we built ourselves and escaped already (an SVG chart). Never pass data text here. */
export function trusted(markup: string): Html {
  return raw(markup) as Html
}
