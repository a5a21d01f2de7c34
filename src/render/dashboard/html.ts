/** Text made safe to place in HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link's address if it is a web address (http or https); anything else is shown as text, never linked. */
export const webUrl = (url: string | undefined): string | undefined =>
  url && /^https?:\/\//i.test(url) ? url : undefined;

/** A chat line's marks (`*bold*`, `_italic_`, `` `code` ``, `<url|text>`) as HTML, the rest escaped. */
export function chatLineHtml(line: string): string {
  return escapeHtml(line)
    .replace(/&#60;(https?:[^|&]+)\|([^&]*?)&#62;/g, '<a href="$1">$2</a>')
    .replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

const STYLE = `
:root{color-scheme:light;--ink:#1d1c1d;--muted:#5e5d60;--line:#dddddd;--ok:#007a5a;--bad:#b8002e;--link:#0b57d0}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:#fff}
a{color:var(--link)}a:focus-visible,button:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
header{padding:12px 24px;border-bottom:1px solid var(--line);display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
header .brand{font-weight:700}main{padding:16px 24px;max-width:1200px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:24px 0 8px}.sub{color:var(--muted);margin:0 0 12px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:13px}td.num{white-space:nowrap}
.met{color:var(--ok);font-weight:600}.missed{color:var(--bad);font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}.charts img{width:100%;height:auto;border:1px solid var(--line);border-radius:6px}
nav.periods a{margin-right:12px}nav.periods a[aria-current]{font-weight:700;color:var(--ink);text-decoration:none}
ul.lines{padding-left:18px;margin:4px 0}code{font-size:13px;background:#f4f4f4;padding:0 3px;border-radius:3px}
`;

/** A whole page: everything inline (no other host is ever asked for anything). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · doraflow</title><style>${STYLE}</style></head>
<body><a class="skip" href="#main">Skip to the content</a>
<header><span class="brand">doraflow</span><a href="/dashboard">Teams</a><a href="/dashboard/health">Data health</a></header>
<main id="main">${body}</main></body></html>
`;
}
