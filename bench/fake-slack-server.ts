import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack Web API for bench:digests, in its own process so it does not share the worker's CPU
 * time. Counts chat.postMessage per channel and the chart uploads; prints the counts as JSON when it gets "report" on stdin.
 */
const perChannel = new Map<string, number>();
let ts = 1_700_000_000;
let files = 0;
let uploads = 0;
let images = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/api/files.getUploadURLExternal')) {
      files += 1;
      const { port } = server.address() as AddressInfo;
      res.end(
        JSON.stringify({
          ok: true,
          upload_url: `http://127.0.0.1:${port}/upload/F${files}`,
          file_id: `F${files}`,
        }),
      );
    } else if (req.url?.startsWith('/upload/')) {
      uploads += 1;
      res.end('OK');
    } else if (req.url?.startsWith('/api/chat.postMessage')) {
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const channel = form.get('channel') ?? '';
      if ((form.get('blocks') ?? '').includes('"slack_file"')) images += 1;
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
    `${JSON.stringify({ posts: counts.reduce((a, b) => a + b, 0), channels: perChannel.size, maxPerChannel: Math.max(0, ...counts), uploads, withImage: images })}\n`,
  );
});
