import { DoraflowError } from '../domain/doraflow-error.js';

/**
 * Where each object handed out by these readers sits in its payload, so errors about its fields name
 * the full path (`issue.key`, `builds.1.finished_at`) although normalizers read relative to it.
 */
const locations = new WeakMap<object, string>();

function fullPath(payload: unknown, path: string): string {
  const base = typeof payload === 'object' && payload !== null ? locations.get(payload) : undefined;
  return base ? (path ? `${base}.${path}` : base) : path;
}

function remember<T>(value: T, payload: unknown, path: string): T {
  if (typeof value === 'object' && value !== null) locations.set(value, fullPath(payload, path));
  return value;
}

/** Reads a value at a dotted path of a parsed payload; `undefined` if any step is missing. */
export function pathValue(payload: unknown, path: string): unknown {
  let current = payload;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return remember(current, payload, path);
}

function invalid(payload: unknown, path: string, what: string): DoraflowError {
  const where = fullPath(payload, path) || '$';
  return new DoraflowError('DORAFLOW_ERR_BAD_EVENT', `${where} ${what}`, { path: where });
}

/** A required string (numbers are accepted and turned into strings, as ids often are). */
export function requireString(payload: unknown, path: string): string {
  const value = pathValue(payload, path);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(payload, path, 'is required (a non-empty string)');
  return value;
}

export function optionalString(payload: unknown, path: string): string | undefined {
  const value = pathValue(payload, path);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** An optional http(s) URL, parsed; anything else there is refused, naming the path. */
export function optionalUrl(payload: unknown, path: string): URL | undefined {
  const value = optionalString(payload, path);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) throw invalid(payload, path, 'must be an http(s) URL');
  return url;
}

/** A required object (`path` '' means the payload itself). */
export function requireObject(payload: unknown, path: string): Record<string, unknown> {
  const value = path === '' ? payload : pathValue(payload, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(payload, path, 'must be an object');
  return value as Record<string, unknown>;
}

/** An optional array; its object elements remember their paths (`commits.0`). */
export function optionalArray(payload: unknown, path: string): unknown[] {
  const value = pathValue(payload, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(payload, path, 'must be an array');
  for (const [index, item] of value.entries()) remember(item, payload, `${path}.${index}`);
  return value;
}
