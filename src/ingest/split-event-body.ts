import { DoraflowError } from '../domain/doraflow-error.js';

/**
 * Splits the body of the generic webhook into raw events: one event, a JSON array, or NDJSON (one
 * event per line; also recognised without the NDJSON content type when the body is not one JSON value).
 */
export function splitEventBody(text: string, ndjson: boolean): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new DoraflowError('DORAFLOW_ERR_BAD_JSON', 'the body is empty');
  if (!ndjson) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return Array.isArray(value) ? value : [value];
    } catch (error) {
      if (!trimmed.includes('\n')) {
        throw new DoraflowError(
          'DORAFLOW_ERR_BAD_JSON',
          `the body is not valid JSON: ${(error as Error).message}`,
        );
      }
    }
  }
  const events: unknown[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch {
      throw new DoraflowError('DORAFLOW_ERR_BAD_JSON', `line ${index + 1} is not valid JSON`, {
        line: index + 1,
      });
    }
  });
  return events;
}
