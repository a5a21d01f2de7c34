import { connect } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/app/create-http-server.js';
import { readBody } from '../../src/ingest/http/read-body.js';
import { sendJson } from '../../src/ingest/http/send-json.js';
import { waitFor } from '../support/wait-for.js';

/** Sends raw bytes and resolves with everything the server wrote before it closed the connection. */
function raw(port: number, chunks: readonly string[]): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (data) => {
      text += data.toString();
    });
    socket.on('error', () => undefined); // a reset while still writing is expected after a 413
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    setTimeout(() => reject(new Error('the server kept the connection open')), 10_000).unref();
  });
}

describe('HTTP limits: slow and oversized uploads do not hold sockets', () => {
  let http: HttpServer;
  let port: number;
  beforeAll(async () => {
    http = createHttpServer(
      [
        {
          method: 'POST',
          path: '/echo',
          handler: async ({ req, res }) => sendJson(res, 200, { bytes: (await readBody(req, 1_000)).length }),
        },
      ],
      pino({ level: 'silent' }),
      { requestTimeoutMs: 1_000 },
    );
    port = await http.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await http.close(1_000);
  });

  it('a client that goes away mid-body is not logged as an internal error', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logged = createHttpServer(
      [
        {
          method: 'POST',
          path: '/echo',
          handler: async ({ req, res }) => sendJson(res, 200, { bytes: (await readBody(req, 1_000)).length }),
        },
      ],
      pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
    );
    const loggedPort = await logged.listen(0, '127.0.0.1');
    try {
      const socket = connect(loggedPort, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b');
      await waitFor(() => logged.inFlight() === 1, 'the request in flight');
      socket.destroy();
      await waitFor(
        () => lines.some((line) => line.msg.includes('went away') || line.level >= 50),
        'its log line',
      );
    } finally {
      await logged.close(1_000);
    }
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.map((line) => line.msg)).toContain('client went away before the answer');
  });

  it('a body that never arrives gets 408 and the connection closed, within the request timeout', async () => {
    const { text, ms } = await raw(port, [
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n',
      'only ten b',
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(5_000);
  });

  it('a declared body over the limit gets 413 and the connection closed without reading it', async () => {
    const { text } = await raw(port, [
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n',
      'x'.repeat(10_000),
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('while shutting down, a request on a kept-alive connection is answered with Connection: close, not reset', async () => {
    let release: () => void = () => undefined;
    const slow = createHttpServer(
      [
        {
          method: 'GET',
          path: '/slow',
          handler: async ({ res }) => {
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            sendJson(res, 200, { ok: true });
          },
        },
      ],
      pino({ level: 'silent' }),
    );
    const slowPort = await slow.listen(0, '127.0.0.1');
    const answer = raw(slowPort, ['GET /slow HTTP/1.1\r\nHost: x\r\n\r\n']);
    await waitFor(() => slow.inFlight() === 1, 'the request in flight');
    const closed = slow.close(5_000);
    release();
    const { text } = await answer;
    await closed;
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(text.toLowerCase()).toContain('connection: close');
  });
});
