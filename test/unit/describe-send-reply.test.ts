import { describe, expect, it } from 'vitest';
import { describeSendReply } from '../../src/cli/describe-send-reply.js';

const deployment = { type: 'deployment', id: 'ci-7', service: 'checkout' };

describe('what doraflow send says of the server answer', () => {
  it('names the event stored, already stored, or not stored and why', () => {
    const reply = (accepted: number, duplicates: number, ignored: unknown[] = []) =>
      describeSendReply(deployment, 202, JSON.stringify({ accepted, duplicates, ignored }));
    expect(reply(1, 0)).toEqual({ ok: true, text: 'Stored deployment ci-7 of checkout.' });
    expect(reply(0, 1)).toEqual({
      ok: true,
      text: 'Already stored: deployment ci-7 of checkout (sent before, nothing changed).',
    });
    expect(reply(0, 0, [{ reason: 'duplicate delivery' }])).toEqual({
      ok: true,
      text: 'Not stored: deployment ci-7 of checkout (duplicate delivery).',
    });
    const change = { type: 'change', sha: '9f2c1e0d4b5a6c7e8f9a', service: 'api' };
    expect(describeSendReply(change, 202, '{"accepted":1,"duplicates":0,"ignored":[]}').text).toBe(
      'Stored change 9f2c1e0d4b5a of api.',
    );
  });

  it('says why the server refused it, from its message and hint, never the body whole', () => {
    const body = JSON.stringify({
      error: {
        code: 'DORAFLOW_ERR_UNAUTHORIZED',
        message: 'invalid token',
        hint: 'Check DORAFLOW_INGEST_TOKEN.',
      },
    });
    expect(describeSendReply(deployment, 401, body)).toEqual({
      ok: false,
      text: 'doraflow send: the server refused deployment ci-7 of checkout (HTTP 401): invalid token. Check DORAFLOW_INGEST_TOKEN.',
    });
    const page = `<html>${'x'.repeat(5_000)}</html>`;
    expect(describeSendReply(deployment, 502, page)).toEqual({
      ok: false,
      text: 'doraflow send: the server refused deployment ci-7 of checkout (HTTP 502)',
    });
    // A 202 whose body is not doraflow's (a proxy answering for it) is not taken for stored.
    expect(describeSendReply(deployment, 202, 'accepted').ok).toBe(false);
    expect(describeSendReply(deployment, 202, '{}').ok).toBe(false);
  });
});
