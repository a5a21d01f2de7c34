import { DoraflowError } from '../domain/doraflow-error.js';

/** Reads a value at a dotted path of a parsed payload; `undefined` if any step is missing. */
export function pathValue(payload: unknown, path: string): unknown {
  let current = payload;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function missing(path: string, what: string): DoraflowError {
  return new DoraflowError('DORAFLOW_ERR_BAD_EVENT', `${path} ${what}`, { path });
}

/** A required string (numbers are accepted and turned into strings, as ids often are). */
export function requireString(payload: unknown, path: string): string {
  const value = pathValue(payload, path);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '')
    throw missing(path, 'is required (a non-empty string)');
  return value;
}

export function optionalString(payload: unknown, path: string): string | undefined {
  const value = pathValue(payload, path);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function requireObject(payload: unknown, path: string): Record<string, unknown> {
  const value = path === '' ? payload : pathValue(payload, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw missing(path || '$', 'must be an object');
  return value as Record<string, unknown>;
}

export function optionalArray(payload: unknown, path: string): unknown[] {
  const value = pathValue(payload, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw missing(path, 'must be an array');
  return value;
}
