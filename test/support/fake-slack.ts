import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly path: string;
  readonly body: string;
}

/**
 * A local stand-in for the Slack Web API and response_url, recording every call. `users.info` says
 * `U-ADMIN` is a workspace admin and everyone else is not.
 */
export async function startFakeSlack(): Promise<{
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      calls.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/api/auth.test')) {
        res.end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T1' }));
      } else if (req.url?.startsWith('/api/users.info')) {
        const user = new URLSearchParams(body).get('user') ?? '';
        res.end(
          JSON.stringify({ ok: true, user: { id: user, is_admin: user === 'U-ADMIN', is_owner: false } }),
        );
      } else {
        res.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
