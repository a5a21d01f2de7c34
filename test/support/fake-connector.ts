import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, any>;
  readonly authorization?: string;
}

export interface FakeConnector {
  /** The `serviceUrl` activities carry (with the trailing slash Teams sends). */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** Calls that posted or updated a message (not token requests). */
  messages(): ConnectorCall[];
  /** The next `times` activity posts answer this status (429 throttling, 500, 403 bot removed). */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Bot Connector service (Teams' `serviceUrl`): records
 * `/v3/conversations/...` calls and answers `{ id }` like Teams does.
 */
export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const failures: number[] = [];
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      let body: Record<string, any> = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { raw: text };
      }
      calls.push({
        method: req.method ?? '',
        path: decodeURIComponent(req.url ?? ''),
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      const failure = req.url?.includes('/activities') ? failures.shift() : undefined;
      if (failure) {
        res.writeHead(failure, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'Fake', message: `fake ${failure}` } }));
        return;
      }
      counter += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ id: req.method === 'PUT' ? (req.url?.split('/').pop() ?? '') : `act-${counter}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    messages: () => calls.filter((c) => c.path.startsWith('/v3/conversations')),
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i += 1) failures.push(status);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Teams message activity as the channel sends it, `@doraflow` mention included. */
export function teamsMessage(
  serviceUrl: string,
  text: string,
  options: { channel?: string; personal?: boolean; user?: string; tenant?: string; id?: string } = {},
): Record<string, unknown> {
  const tenant = options.tenant ?? '11111111-2222-3333-4444-555555555555';
  const channel = options.channel ?? '19:payments@thread.tacv2';
  const user = options.user ?? 'Ana';
  const personal = options.personal ?? false;
  return {
    type: 'message',
    id: options.id ?? `msg-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${user}`, name: user, aadObjectId: `aad-${user.toLowerCase()}` },
    recipient: { id: '28:doraflow-bot', name: 'doraflow' },
    conversation: personal
      ? { id: `a:personal-${user}`, conversationType: 'personal', tenantId: tenant }
      : {
          id: `${channel};messageid=1700000000000`,
          conversationType: 'channel',
          tenantId: tenant,
          isGroup: true,
        },
    text: personal ? text : `<at>doraflow</at> ${text}`,
    entities: personal
      ? []
      : [
          {
            type: 'mention',
            text: '<at>doraflow</at>',
            mentioned: { id: '28:doraflow-bot', name: 'doraflow' },
          },
        ],
    channelData: personal
      ? { tenant: { id: tenant } }
      : { channel: { id: channel }, team: { id: '19:team@thread.tacv2' }, tenant: { id: tenant } },
  };
}
