import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/domain/dora-event.js';
import { applyIncidentEvent, type Incident, restoredAt } from '../../src/domain/incident.js';
import { at, incident } from '../support/event-builders.js';

function fold(events: readonly IncidentEvent[]): Incident | undefined {
  let current: Incident | undefined;
  for (const event of events) current = applyIncidentEvent(current, event) ?? current;
  return current;
}

describe('incident lifecycle', () => {
  const trigger = incident({
    id: 'I',
    status: 'triggered',
    at: at('2026-11-02T10:00:00Z'),
    service: 'pay',
    title: 'down',
  });
  const ack = incident({ id: 'I', status: 'acknowledged', at: at('2026-11-02T10:05:00Z'), by: 'ana' });
  const resolve = incident({ id: 'I', status: 'resolved', at: at('2026-11-02T10:30:00Z'), by: 'bo' });

  it('moves triggered → acknowledged → resolved, remembering who and when', () => {
    expect(fold([trigger])).toMatchObject({ status: 'triggered', triggeredAt: at('2026-11-02T10:00:00Z') });
    expect(fold([trigger, ack])).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ana' });
    expect(fold([trigger, ack, resolve])).toMatchObject({
      status: 'resolved',
      acknowledgedAt: at('2026-11-02T10:05:00Z'),
      resolvedAt: at('2026-11-02T10:30:00Z'),
      resolvedBy: 'bo',
    });
  });

  it('is mitigated (restored) before it is resolved, and a reopen undoes both (events v1.1, metrics v2)', () => {
    const mitigate = incident({ id: 'I', status: 'mitigated', at: at('2026-11-02T10:20:00Z'), by: 'cy' });
    expect(fold([trigger, ack, mitigate])).toMatchObject({
      status: 'mitigated',
      mitigatedAt: at('2026-11-02T10:20:00Z'),
      mitigatedBy: 'cy',
    });
    expect(restoredAt(fold([trigger, ack, mitigate]) as Incident)).toBe(at('2026-11-02T10:20:00Z'));
    const resolved = fold([resolve, mitigate, ack, trigger]) as Incident;
    expect(resolved).toMatchObject({ status: 'resolved', mitigatedAt: at('2026-11-02T10:20:00Z') });
    // Restored at the mitigation, not at the resolution.
    expect(restoredAt(resolved)).toBe(at('2026-11-02T10:20:00Z'));
    const reopen = incident({ id: 'I', status: 'reopened', at: at('2026-11-02T11:00:00Z') });
    const reopened = fold([trigger, ack, mitigate, resolve, reopen]) as Incident;
    expect(reopened.status).toBe('reopened');
    expect(reopened.mitigatedAt).toBeUndefined();
    expect(restoredAt(reopened)).toBeUndefined();
    const again = incident({ id: 'I', status: 'mitigated', at: at('2026-11-02T11:40:00Z'), by: 'ana' });
    expect(restoredAt(fold([trigger, ack, mitigate, resolve, reopen, again]) as Incident)).toBe(
      at('2026-11-02T11:40:00Z'),
    );
  });

  it('returns undefined for a duplicate', () => {
    const current = fold([trigger, ack]);
    expect(applyIncidentEvent(current, ack)).toBeUndefined();
  });

  it('keeps the earliest time of a status reported twice', () => {
    const late = incident({ id: 'I', status: 'acknowledged', at: at('2026-11-02T10:09:00Z'), by: 'cy' });
    expect(fold([trigger, late, ack])).toMatchObject({
      acknowledgedBy: 'ana',
      acknowledgedAt: at('2026-11-02T10:05:00Z'),
    });
  });

  it('clears the resolution on a later reopen and counts the next resolution', () => {
    const reopen = incident({ id: 'I', status: 'reopened', at: at('2026-11-02T11:00:00Z') });
    const reopened = fold([trigger, ack, resolve, reopen]);
    expect(reopened).toMatchObject({ status: 'reopened', reopenedAt: at('2026-11-02T11:00:00Z') });
    expect(reopened?.resolvedAt).toBeUndefined();
    const again = incident({ id: 'I', status: 'resolved', at: at('2026-11-02T11:20:00Z') });
    expect(fold([again, reopen, resolve, ack, trigger])).toMatchObject({
      status: 'resolved',
      resolvedAt: at('2026-11-02T11:20:00Z'),
    });
  });

  it('ignores a reopen that came before any resolution', () => {
    const early = incident({ id: 'I', status: 'reopened', at: at('2026-11-02T10:01:00Z') });
    expect(fold([trigger, early, ack, resolve])).toMatchObject({
      status: 'resolved',
      resolvedAt: at('2026-11-02T10:30:00Z'),
    });
  });

  it('stands the earliest step in for the trigger until the trigger arrives', () => {
    expect(fold([ack])).toMatchObject({ triggeredAt: at('2026-11-02T10:05:00Z'), status: 'acknowledged' });
    expect(fold([ack, trigger])).toMatchObject({ triggeredAt: at('2026-11-02T10:00:00Z'), service: 'pay' });
  });

  it('gives the same incident for any order and any repetition of its events (property)', () => {
    const statuses = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'reopened'] as const;
    const eventArb = fc.record({
      status: fc.constantFrom(...statuses),
      minute: fc.integer({ min: 0, max: 30 }),
      by: fc.option(fc.constantFrom('ana', 'bo', 'cy'), { nil: undefined }),
      title: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 12 }), fc.nat(), (specs, seed) => {
        const events = specs.map((s) =>
          incident({
            id: 'I',
            status: s.status,
            at: at('2026-11-02T10:00:00Z') + s.minute * 60_000,
            ...(s.by ? { by: s.by } : {}),
            ...(s.title ? { title: s.title } : {}),
          }),
        );
        const shuffled = [...events, ...events.slice(0, seed % (events.length + 1))];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = (seed * 31 + i * 17) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as IncidentEvent, shuffled[i] as IncidentEvent];
        }
        expect(fold(shuffled)).toEqual(fold(events));
      }),
      { numRuns: 300 },
    );
  });
});
