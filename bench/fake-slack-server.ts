import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack Web API for bench:digests, in its own process so it does not share the worker's CPU
 * time. Counts chat.postMessage per channel; prints the counts as JSON when it gets "report" on stdin.
 */
const perChannel = new Map<string, number>();
let ts = 1_700_000_000;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/api/chat.postMessage')) {
      const channel = new URLSearchParams(Buffer.concat(chunks).toString()).get('channel') ?? '';
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
      ts += 1;
      res.end(JSON.stringify({ ok: true, channel, ts: `${ts}.000100` }));
    } else res.end(JSON.stringify({ ok: true }));
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('data', () => {
  const counts = [...perChannel.values()];
  process.stdout.write(
    `${JSON.stringify({ posts: counts.reduce((a, b) => a + b, 0), channels: perChannel.size, maxPerChannel: Math.max(0, ...counts) })}\n`,
  );
});
