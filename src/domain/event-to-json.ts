import type { DoraEvent } from './dora-event.js';
import { formatInstant } from './instant.js';

const INSTANT_FIELDS = new Set([
  'startedAt',
  'finishedAt',
  'committedAt',
  'authoredAt',
  'at',
  'mergedAt',
  'pushedAt',
]);

/** The wire form of an event (docs/events.md): instants as ISO strings, fields in a stable order. */
export function eventToJson(event: DoraEvent): Record<string, unknown> {
  return convert(event) as Record<string, unknown>;
}

function convert(value: unknown, key = ''): unknown {
  if (typeof value === 'number' && INSTANT_FIELDS.has(key)) return formatInstant(value);
  if (Array.isArray(value)) return value.map((item) => convert(item));
  if (typeof value === 'object' && value !== null) {
    if (key === 'attributes') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
  }
  return value;
}
