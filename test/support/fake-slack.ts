import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly path: string;
  readonly body: string;
  /** The form fields (`blocks` still JSON text), for Web API calls. */
  readonly form: Record<string, string>;
  /** Milliseconds since the fake started. */
  readonly at: number;
  /** The bearer token the call carried. */
  readonly token?: string;
  /** The JSON answer, when it answered 200. */
  reply?: Record<string, any>;
}

/** How the next call to a method fails: an HTTP status (429 with Retry-After seconds), or `ok:false`. */
export type Failure =
  | { readonly status: 429; readonly retryAfter: number }
  | { readonly status: 500 | 502 | 503 }
  | { readonly error: string }
  /** Never answers (a worker killed while it waits). */
  | { readonly hang: true };

export interface FakeSlack {
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Calls to one Web API method (`chat.postMessage`), answered successfully or not. */
  callsTo(method: string): RecordedCall[];
  /** Where `apps.connections.open` sends Socket Mode clients. */
  socketUrl: string;
  /** Files uploaded through `files.getUploadURLExternal`, by file id, and whether they were completed. */
  readonly uploads: Map<string, { bytes: Buffer; filename: string; completed: boolean; title?: string }>;
  /** Makes the next `times` calls of `method` fail as described. */
  failNext(method: string, failure: Failure, times?: number): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Slack Web API and response_url, recording every call. `users.info` says
 * `U-ADMIN` is a workspace admin and everyone else is not; `chat.postMessage` answers increasing
 * `ts` values; failures can be queued per method.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, Failure[]>();
  const started = Date.now();
  let ts = 1_700_000_000;
  let files = 0;
  const uploads: FakeSlack['uploads'] = new Map();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      // The upload URL files.getUploadURLExternal gave: the file's bytes, as Slack takes them.
      const upload = uploads.get(path.replace(/^\/upload\//, ''));
      if (path.startsWith('/upload/') && upload) {
        upload.bytes = Buffer.concat(chunks);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${upload.bytes.length}`);
        return;
      }
      const body = Buffer.concat(chunks).toString();
      const form = Object.fromEntries(new URLSearchParams(body));
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      const call: RecordedCall = { path, body, form, at: Date.now() - started, ...(token ? { token } : {}) };
      calls.push(call);
      const method = path.startsWith('/api/') ? path.slice(5).split('?')[0] : '';
      const failure = method ? failures.get(method)?.shift() : undefined;
      if (failure && 'hang' in failure) return;
      if (failure && 'status' in failure) {
        const headers: Record<string, string> =
          failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {};
        res.writeHead(failure.status, headers);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const end = res.end.bind(res);
      res.end = ((text: string) => {
        call.reply = JSON.parse(text);
        return end(text);
      }) as typeof res.end;
      if (failure && 'error' in failure) {
        res.end(JSON.stringify({ ok: false, error: failure.error }));
      } else if (method === 'auth.test') {
        res.end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T1' }));
      } else if (method === 'users.info') {
        const user = form.user ?? '';
        res.end(
          JSON.stringify({ ok: true, user: { id: user, is_admin: user === 'U-ADMIN', is_owner: false } }),
        );
      } else if (method === 'apps.connections.open') {
        res.end(JSON.stringify({ ok: true, url: fake.socketUrl }));
      } else if (method === 'oauth.v2.access') {
        // The code names the workspace: `code-T2` installs workspace T2 with bot token xoxb-T2.
        const team = (form.code ?? '').replace(/^code-/, '');
        res.end(
          JSON.stringify({
            ok: true,
            app_id: 'A1',
            authed_user: { id: 'U-INSTALLER' },
            scope: 'commands,chat:write,chat:write.public,users:read,files:write',
            token_type: 'bot',
            access_token: `xoxb-${team}`,
            bot_user_id: 'U0BOT',
            team: { id: team, name: `Workspace ${team}` },
            enterprise: null,
            is_enterprise_install: false,
          }),
        );
      } else if (method === 'files.getUploadURLExternal') {
        files += 1;
        const id = `F${String(files).padStart(8, '0')}`;
        uploads.set(id, { bytes: Buffer.alloc(0), filename: form.filename ?? '', completed: false });
        res.end(JSON.stringify({ ok: true, upload_url: `${fake.url}/upload/${id}`, file_id: id }));
      } else if (method === 'files.completeUploadExternal') {
        const listed = JSON.parse(form.files ?? '[]') as Array<{ id: string; title?: string }>;
        const missing = listed.find((f) => !uploads.get(f.id)?.bytes.length);
        if (missing) {
          res.end(JSON.stringify({ ok: false, error: 'file_not_found' }));
          return;
        }
        for (const f of listed) Object.assign(uploads.get(f.id) ?? {}, { completed: true, title: f.title });
        res.end(JSON.stringify({ ok: true, files: listed.map((f) => ({ id: f.id, title: f.title })) }));
      } else if (
        method === 'chat.postMessage' &&
        /"slack_file":\{"id":"([^"]+)"/.exec(form.blocks ?? '') &&
        !uploads.get(/"slack_file":\{"id":"([^"]+)"/.exec(form.blocks ?? '')?.[1] ?? '')?.completed
      ) {
        // An image block naming a file that was not uploaded and completed.
        res.end(JSON.stringify({ ok: false, error: 'invalid_blocks' }));
      } else if (method === 'chat.postMessage') {
        ts += 1;
        res.end(JSON.stringify({ ok: true, channel: form.channel, ts: `${ts}.000100` }));
      } else if (method === 'chat.update') {
        res.end(JSON.stringify({ ok: true, channel: form.channel, ts: form.ts }));
      } else {
        res.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeSlack = {
    socketUrl: '',
    uploads,
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.path.split('?')[0] === `/api/${method}`),
    failNext: (method, failure, times = 1) => {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      failures.set(method, queue);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
