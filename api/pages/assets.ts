// Our only stylesheet, and the embed builder's small script: served by us, so no page asks
// another site for anything.
export const siteCss = `
:root { --ink: #1b1f23; --muted: #57606a; --line: #d0d7de; --accent: #1d5f8a; --bg: #fff; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0b400; outline-offset: 1px; }
header.site { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); background: var(--soft); }
.brand { font-weight: 700; font-size: 1.25rem; color: var(--ink); text-decoration: none; }
form.search { display: flex; gap: .25rem; flex: 1 1 18rem; max-width: 32rem; }
form.search input { flex: 1; padding: .4rem .5rem; font: inherit; border: 1px solid var(--muted); border-radius: 4px; }
button, .button { padding: .4rem .8rem; font: inherit; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
nav a { margin-right: 1rem; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
footer.site { border-top: 1px solid var(--line); padding: 1rem 1.25rem; color: var(--muted); font-size: .875rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
.lede { font-size: 1.1rem; color: var(--muted); max-width: 46rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; margin: 1rem 0; padding: 0; list-style: none; }
.figures li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; background: var(--soft); }
.figures strong { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figcaption { font-weight: 600; }
.chart-links a { margin-right: 1rem; font-size: .9rem; }
details { margin: .5rem 0 1rem; }
summary { cursor: pointer; color: var(--accent); }
blockquote { margin: .25rem 0 .5rem; padding: .25rem .75rem; border-left: 4px solid var(--line); color: var(--muted); }
.note { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; font-size: .8rem; padding: 0 .4rem; border: 1px solid var(--line); border-radius: 3px; color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.builder { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); align-items: end; }
.builder label { display: block; font-weight: 600; }
.builder input, .builder select { width: 100%; padding: .35rem; font: inherit; }
textarea.snippet { width: 100%; min-height: 6rem; font: .85rem/1.4 ui-monospace, monospace; }
iframe.preview { border: 1px solid var(--line); max-width: 100%; }
@media print { header.site form, header.site nav, .chart-links, footer.site p:last-child { display: none; } details { display: block; } }
`

export const embedCss = `
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f23; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: .9rem 1rem; min-height: 100vh; }
.card .figure { font-size: 2rem; font-weight: 700; line-height: 1.15; margin: .1rem 0 .3rem; }
.card .label { font-weight: 600; margin: 0; }
.card p { margin: .25rem 0; }
.card .meta { color: #57606a; font-size: .82rem; }
.card a { color: #1d5f8a; }
.card ul.claims { margin: .2rem 0; padding-left: 1.1rem; font-size: .88rem; }
`

/** The builder's one enhancement: copy the snippet to the clipboard. Without it, the text area is there to select. */
export const builderJs = `
document.addEventListener('click', function (e) {
  var button = e.target.closest('[data-copy]');
  if (!button) return;
  var area = document.getElementById(button.getAttribute('data-copy'));
  navigator.clipboard.writeText(area.value).then(function () { button.textContent = 'Copied'; });
});
document.addEventListener('change', function (e) {
  var form = e.target.closest('form.builder');
  if (form) form.submit();
});
`

/** A bar chart in a square: ours, so no page asks elsewhere for an icon. */
export const favicon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d5f8a"/><rect x="3" y="8" width="2.5" height="5" fill="#fff"/><rect x="6.75" y="5" width="2.5" height="8" fill="#fff"/><rect x="10.5" y="3" width="2.5" height="10" fill="#fff"/></svg>'
