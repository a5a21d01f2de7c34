import type { Route } from '../ingest/http/http-types.js';

const page = (title: string, paragraphs: readonly string[]) =>
  [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} · doraflow</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#1d1d1f}h1{font-size:1.5em}</style>',
    `</head><body><main><h1>${title}</h1>`,
    ...paragraphs.map((p) => `<p>${p}</p>`),
    '</main></body></html>',
    '',
  ].join('\n');

const PRIVACY = page('Privacy', [
  'This doraflow is run by the organisation that installed it, on its own servers; doraflow sends nothing to its authors or to any other party.',
  'It stores what the organisation’s tools send it: deployments, commits, pull requests, incidents and work items, with the names, titles and links they carry, and the team settings set up in chat or by its operators.',
  'From Slack and Microsoft Teams it keeps the ids of the channels it posts to and of the people who acknowledge or decide about an incident, with the time, so that each decision shows who made it. It does not read channel messages.',
  'Questions about this data, and requests to remove it, go to the operators of this doraflow in your organisation.',
]);

const TERMS = page('Terms of use', [
  'doraflow is open-source software under the Apache License 2.0, run by your organisation. It is provided as is, without warranty of any kind.',
  'Its numbers describe how a team’s delivery flows, from the events its tools send. Use them to improve the flow of work, not to rank people.',
  'Your organisation’s own policies for its tools apply to this installation.',
]);

const html =
  (body: string): Route['handler'] =>
  async ({ res }) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'public, max-age=3600',
    });
    res.end(body);
  };

/** `GET /privacy` and `GET /terms`: the pages the Teams app manifest links to. */
export function createLegalPages(): Route[] {
  return [
    { method: 'GET', path: '/privacy', handler: html(PRIVACY) },
    { method: 'GET', path: '/terms', handler: html(TERMS) },
  ];
}
