import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CONFIG_SCHEMA } from '../config/config-schema.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { eventToJson } from '../domain/event-to-json.js';
import { parseDoraEvent } from '../domain/parse-dora-event.js';
import { toTenantId } from '../domain/tenant.js';
import { describeSendReply } from './describe-send-reply.js';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  server: { type: 'string' },
  token: { type: 'string' },
  tenant: { type: 'string' },
  id: { type: 'string' },
  service: { type: 'string' },
  environment: { type: 'string' },
  status: { type: 'string' },
  'started-at': { type: 'string' },
  'finished-at': { type: 'string' },
  commit: { type: 'string', multiple: true },
  'head-sha': { type: 'string' },
  version: { type: 'string' },
  url: { type: 'string' },
  trigger: { type: 'string' },
  kind: { type: 'string' },
  at: { type: 'string' },
  title: { type: 'string' },
  severity: { type: 'string' },
  by: { type: 'string' },
  'caused-by-deployment': { type: 'string' },
  'caused-by-sha': { type: 'string' },
  'not-change-related': { type: 'boolean' },
  sha: { type: 'string' },
  'committed-at': { type: 'string' },
  'merged-at': { type: 'string' },
  'pull-request': { type: 'string' },
  branch: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Builds the wire event from the flags; fields left out stay out (defaults apply server-side too). */
function buildEvent(type: string, v: Values, now: string): Record<string, unknown> {
  const pick = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([, x]) => x !== undefined));
  switch (type) {
    case 'deployment':
      return pick({
        type,
        id: v.id,
        service: v.service,
        environment: v.environment,
        status: v.status,
        startedAt: v['started-at'],
        finishedAt: v['finished-at'] ?? now,
        // --commit SHA@ISO-TIME, repeatable
        commits: v.commit?.map((c) => {
          const at = c.indexOf('@');
          return at === -1 ? { sha: c } : { sha: c.slice(0, at), committedAt: c.slice(at + 1) };
        }),
        headSha: v['head-sha'],
        version: v.version,
        url: v.url,
        trigger: v.trigger,
        kind: v.kind,
      });
    case 'incident':
      return pick({
        type,
        id: v.id,
        status: v.status,
        at: v.at ?? now,
        service: v.service,
        title: v.title,
        severity: v.severity,
        url: v.url,
        by: v.by,
        causedBy: v['caused-by-deployment']
          ? { deploymentId: v['caused-by-deployment'] }
          : v['caused-by-sha']
            ? { sha: v['caused-by-sha'] }
            : v['not-change-related']
              ? { changeRelated: false }
              : undefined,
      });
    case 'change':
      return pick({
        type,
        service: v.service,
        sha: v.sha,
        committedAt: v['committed-at'] ?? now,
        mergedAt: v['merged-at'],
        pullRequest: v['pull-request'],
        branch: v.branch,
      });
    default:
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_REQUEST',
        `cannot send "${type}": use deployment, incident or change`,
      );
  }
}

export const SEND_USAGE = `Usage: doraflow send deployment|incident|change [flags]

Builds one event (docs/events.md), checks it, and posts it to POST /webhooks/events with the token.
Times default to now. A refused connection or a 5xx is tried again (3 tries in all; the event's id
makes a repeat harmless). Exit code 0 when the server stored it (or had it already), 1 when it
refused it, 2 for a usage mistake.

  deployment  --id ID --service S [--environment production] [--status success|failure|cancelled]
              [--started-at ISO] [--finished-at ISO] [--commit SHA@ISO ...] [--head-sha SHA]
              [--version V] [--url U] [--trigger pipeline|manual] [--kind planned|hotfix|rollback]
  incident    --id ID --status triggered|acknowledged|resolved|reopened [--at ISO] [--service S]
              [--title T] [--severity S] [--url U] [--by WHO]
              [--caused-by-deployment ID | --caused-by-sha SHA | --not-change-related]
  change      --service S --sha SHA [--committed-at ISO] [--merged-at ISO] [--pull-request N] [--branch B]

Connection:
  --server URL   doraflow base URL (default: DORAFLOW_URL, else http://localhost:3000)
  --token T      ingest token (default: DORAFLOW_INGEST_TOKEN)
  --tenant T     post to /t/T/webhooks/events with that tenant's token
  --dry-run      print the event as JSON and send nothing
  --json         print the server's answer as it came (status and JSON body), for scripts`;

/** Where `send` writes and what it reads: only DORAFLOW_URL and DORAFLOW_INGEST_TOKEN. */
export interface SendIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** How often a post is tried, and how long it waits before the next try (doubling). */
const TRIES = 3;
const FIRST_WAIT_MS = 1_000;

const line = (stream: Writable, text: string) => stream.write(`${text}\n`);

/** Posts once; a network failure is `undefined`. */
async function post(url: string, token: string, event: unknown): Promise<Response | undefined> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return undefined;
  }
}

/**
 * `doraflow send` (and the standalone /send.mjs): builds one event from flags, checks it, posts it
 * with retries. Returns the exit code; throws `DoraflowError` for a bad event or a missing token.
 */
export async function sendEvent(
  args: readonly string[],
  io: SendIo,
  waitMs = FIRST_WAIT_MS,
): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
  if (values.help) {
    line(io.stdout, SEND_USAGE);
    return 0;
  }
  const type = positionals[0];
  if (!type || positionals.length > 1) {
    line(io.stderr, `doraflow send: name one event type: deployment, incident or change\n\n${SEND_USAGE}`);
    return 2;
  }
  const event = eventToJson(parseDoraEvent(buildEvent(type, values, new Date().toISOString())));
  if (values['dry-run']) {
    line(io.stdout, JSON.stringify(event, null, 2));
    return 0;
  }
  const token = values.token ?? io.env.DORAFLOW_INGEST_TOKEN?.trim();
  if (!token)
    throw new DoraflowError(
      'DORAFLOW_ERR_UNAUTHORIZED',
      'no token: pass --token or set DORAFLOW_INGEST_TOKEN',
    );
  const base = (
    values.server ??
    // Beside a local server started with PORT (in .env, say), send goes to it.
    (io.env.DORAFLOW_URL?.trim() ||
      (io.env.PORT?.trim()
        ? `http://localhost:${io.env.PORT.trim()}`
        : (CONFIG_SCHEMA.url.default as string)))
  ).replace(/\/+$/, '');
  const path = values.tenant ? `/t/${toTenantId(values.tenant)}/webhooks/events` : '/webhooks/events';
  for (let attempt = 1; ; attempt += 1) {
    const response = await post(`${base}${path}`, token, event);
    const retry = !response || response.status >= 500;
    if (!retry || attempt === TRIES) {
      if (!response) {
        line(io.stderr, `doraflow send: cannot reach ${base} (tried ${TRIES} times)`);
        return 1;
      }
      const reply = await response.text();
      const { ok, text } = values.json
        ? { ok: response.status === 202, text: `${response.status} ${reply}` }
        : describeSendReply(event, response.status, reply);
      line(ok ? io.stdout : io.stderr, text);
      return ok ? 0 : 1;
    }
    line(
      io.stderr,
      `doraflow send: ${response ? `${response.status} from` : 'cannot reach'} ${base}; trying again`,
    );
    await new Promise((resolve) => setTimeout(resolve, waitMs * 2 ** (attempt - 1)));
  }
}
