import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/domain/dora-event.js';
import { DoraflowError } from '../../src/domain/doraflow-error.js';
import { applyIncidentEvent, type Incident } from '../../src/domain/incident.js';
import { parseDoraEvent } from '../../src/domain/parse-dora-event.js';
import { parseSourceTimestamp } from '../../src/ingest/parse-source-timestamp.js';

function errorOf(raw: unknown, prefix = ''): DoraflowError {
  try {
    parseDoraEvent(raw, prefix);
  } catch (error) {
    if (error instanceof DoraflowError) return error;
    throw error;
  }
  throw new Error('expected a DoraflowError');
}

describe('parseDoraEvent', () => {
  it('parses the deployment example of events.md with its defaults and instants', () => {
    const event = parseDoraEvent({
      type: 'deployment',
      id: 'gh-1234',
      service: 'checkout',
      finishedAt: '2026-11-02T11:04:00+01:00',
      commits: [{ sha: '9f2c1e0', committedAt: '2026-11-01T16:20:00Z' }],
    });
    expect(event).toEqual({
      type: 'deployment',
      id: 'gh-1234',
      service: 'checkout',
      environment: 'production',
      status: 'success',
      trigger: 'pipeline',
      // No kind given stays so (reported as planned; may be detected as a rollback by version).
      finishedAt: Date.parse('2026-11-02T10:04:00Z'),
      commits: [{ sha: '9f2c1e0', committedAt: Date.parse('2026-11-01T16:20:00Z') }],
    });
  });

  it('keeps unknown fields as attributes', () => {
    const event = parseDoraEvent({
      type: 'incident',
      id: 'PD-Q2K4',
      status: 'triggered',
      at: '2026-11-02T10:20:00Z',
      service: 'checkout',
      priority: 'P1',
      attributes: { region: 'eu' },
    });
    expect(event.attributes).toEqual({ region: 'eu', priority: 'P1' });
  });

  it.each([
    [{ type: 'deployment', id: 'x', service: 's' }, 'finishedAt', 'is required'],
    [
      { type: 'deployment', id: 'x', service: 's', finishedAt: '2026-11-02 10:04:00' },
      'finishedAt',
      'ISO 8601',
    ],
    [
      { type: 'deployment', id: 'x', service: 's', finishedAt: '2026-11-02T10:04:00' },
      'finishedAt',
      'offset',
    ],
    [
      { type: 'deployment', id: 'x', service: 's', finishedAt: '2026-13-45T10:04:00Z' },
      'finishedAt',
      'real date',
    ],
    [{ type: 'deployment', id: '', service: 's', finishedAt: '2026-11-02T10:04:00Z' }, 'id', 'empty'],
    [
      { type: 'deployment', id: 'x', service: 's', finishedAt: '2026-11-02T10:04:00Z', status: 'ok' },
      'status',
      '',
    ],
    [
      {
        type: 'deployment',
        id: 'x',
        service: 's',
        finishedAt: '2026-11-02T10:04:00Z',
        commits: [{ sha: 'a' }],
      },
      'commits[0].committedAt',
      'required',
    ],
    [{ type: 'incident', id: 'x', at: '2026-11-02T10:04:00Z' }, 'status', 'required'],
    [
      {
        type: 'incident',
        id: 'x',
        status: 'triggered',
        at: '2026-11-02T10:04:00Z',
        causedBy: { deploymentId: 'a', sha: 'b' },
      },
      'causedBy',
      '',
    ],
    ...(
      [
        [{ kind: 'rollback' }, 'remediation.deploymentId', 'name the deployment that did it'],
        [{ kind: 'no_deploy', deploymentId: 'd' }, 'remediation.deploymentId', 'name no deployment'],
        [{ kind: 'revert', deploymentId: 'd' }, 'remediation.kind', ''],
        [{ kind: 'hotfix', deploymentId: 'd', by: 'x' }, 'remediation', ''],
      ] as const
    ).map(([remediation, path, words]): [unknown, string, string] => [
      { type: 'incident', id: 'x', status: 'resolved', at: '2026-11-02T10:04:00Z', remediation },
      path,
      words,
    ]),
    [{ type: 'work_item', id: 'x', at: '2026-11-02T10:04:00Z' }, 'stage', 'required'],
    [{ type: 'change', service: 's', committedAt: '2026-11-02T10:04:00Z' }, 'sha', 'required'],
    [{ type: 'release' }, 'type', 'one of'],
    [{ id: 'x' }, 'type', 'one of'],
  ])('rejects %j at path %s', (raw, path, words) => {
    const error = errorOf(raw);
    expect(error.code).toBe('DORAFLOW_ERR_BAD_EVENT');
    expect(error.details.path).toBe(path);
    expect(error.message).toContain(words);
  });

  it('reads how an incident was fixed (events v1.1), and the latest decision wins', () => {
    const fixed = (kind: string, deploymentId: string | undefined, time: string) =>
      parseDoraEvent({
        type: 'incident',
        id: 'x',
        status: 'resolved',
        at: time,
        remediation: { kind, ...(deploymentId ? { deploymentId } : {}) },
      });
    const first = fixed('rollback', 'd1', '2026-11-02T10:04:00Z');
    expect(first).toMatchObject({ remediation: { kind: 'rollback', deploymentId: 'd1' } });
    const second = fixed('config_change', undefined, '2026-11-02T11:00:00Z');
    for (const order of [
      [first, second],
      [second, first],
    ]) {
      const incident = order.reduce<Incident | undefined>(
        (current, event) => applyIncidentEvent(current, event as IncidentEvent) ?? current,
        undefined,
      );
      expect(incident).toMatchObject({
        remediation: { kind: 'config_change' },
        remediatedAt: Date.parse('2026-11-02T11:00:00Z'),
      });
    }
  });

  it('prefixes the path with the position in a batch', () => {
    expect(errorOf({ type: 'change', service: 's', sha: 'a' }, '[3]').details.path).toBe('[3].committedAt');
  });

  it('rejects what is not an object', () => {
    expect(errorOf([1, 2]).details.path).toBe('$');
    expect(errorOf('deployment').code).toBe('DORAFLOW_ERR_BAD_EVENT');
  });
});

describe('impossible dates are refused, not rolled over', () => {
  it('rejects Feb 30, month 13 and years before 1970 in events, naming the field', () => {
    for (const finishedAt of ['2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '0099-01-01T00:00:00Z']) {
      expect(() => parseDoraEvent({ type: 'deployment', id: 'd', service: 's', finishedAt })).toThrow(
        /finishedAt.*not a real date|not a real date/,
      );
    }
  });

  it('turns out-of-range epoch numbers into a 400, not a crash', () => {
    for (const value of [1e21, -1e21, Number.NaN]) {
      expect(() => parseSourceTimestamp(value, 'pushed_at')).toThrow(
        expect.objectContaining({
          code: 'DORAFLOW_ERR_BAD_EVENT',
          status: 400,
          details: { path: 'pushed_at' },
        }),
      );
    }
    expect(() => parseSourceTimestamp('2026-02-30 10:00:00 UTC', 'created_at')).toThrow(
      expect.objectContaining({ code: 'DORAFLOW_ERR_BAD_EVENT' }),
    );
    expect(parseSourceTimestamp(1_764_000_000, 'at')).toBe('2025-11-24T16:00:00.000Z');
  });
});

describe('names never differ only by invisible characters; strings are valid Unicode', () => {
  const change = (over: Record<string, unknown>) => ({
    type: 'change',
    service: 'checkout',
    sha: 'abc1234',
    committedAt: '2026-11-01T10:00:00Z',
    ...over,
  });
  it.each([
    ['a unit separator in a service', change({ service: 'check\u001fout' }), 'service'],
    ['a NUL in a SHA', change({ sha: 'abc\u00001234' }), 'sha'],
    ['a DEL in a branch', change({ branch: 'main\u007f' }), 'branch'],
    ['a C1 control in a service', change({ service: 'check\u0085out' }), 'service'],
    ['a zero-width space in a service', change({ service: 'check\u200bout' }), 'service'],
    ['a right-to-left override in a SHA', change({ sha: 'abc\u202e1234' }), 'sha'],
    [
      'a line break in an id',
      { type: 'incident', id: 'INC\n1', status: 'triggered', at: '2026-11-01T10:00:00Z' },
      'id',
    ],
  ])('rejects %s, naming the field', (_label, raw, path) => {
    const error = errorOf(raw);
    expect(error.code).toBe('DORAFLOW_ERR_BAD_EVENT');
    expect(error.details.path).toBe(path);
    expect(error.message).toContain('control characters');
  });

  it('keeps tabs and line breaks in a title, and pairs of surrogates (emoji) anywhere', () => {
    const event = parseDoraEvent({
      type: 'incident',
      id: 'INC-🔥',
      status: 'triggered',
      at: '2026-11-01T10:00:00Z',
      title: 'Checkout down\n\tsince 10:00 🔥',
    });
    expect(event).toMatchObject({ id: 'INC-🔥', title: 'Checkout down\n\tsince 10:00 🔥' });
  });

  it.each([
    ['a lone surrogate in a field', change({ service: 'check\ud800out' }), 'service', 'lone surrogate'],
    [
      'a lone surrogate in a title',
      { type: 'incident', id: 'i-1', status: 'triggered', at: '2026-11-01T10:00:00Z', title: 'x\udc00' },
      'title',
      'lone surrogate',
    ],
    [
      'a lone surrogate in an attribute value',
      change({ attributes: { team: { lead: 'A\ud83d' } } }),
      'attributes.team.lead',
      'lone surrogate',
    ],
    [
      'a lone surrogate in an attribute key',
      change({ attributes: { 'k\udfff': 1 } }),
      'attributes.k\udfff',
      'lone surrogate',
    ],
    [
      'the last code point in a service',
      change({ service: '\u{10ffff}checkout' }),
      'service',
      'noncharacter',
    ],
    [
      'U+FFFF in a stage',
      { type: 'work_item', id: 'w-1', stage: 'done\uffff', at: '2026-11-01T10:00:00Z' },
      'stage',
      'noncharacter',
    ],
  ])('rejects text that is not valid Unicode text, %s, naming it', (_label, raw, path, why) => {
    const error = errorOf(raw);
    expect(error.details.path).toBe(path);
    expect(error.message).toContain(why);
  });

  it('takes an emoji or a ligature in a name', () => {
    expect(parseDoraEvent(change({ service: '🚀 ﬁnal' }))).toMatchObject({ service: '🚀 ﬁnal' });
  });
});
