/**
 * The closed set of doraflow error codes. Each has an HTTP status and a message that says what to do
 * next. Unknown errors are wrapped at each boundary with `DORAFLOW_ERR_INTERNAL`.
 */
export const ERROR_CODES = {
  DORAFLOW_ERR_CONFIG: { status: 500, hint: 'Fix the named environment variables and start again.' },
  DORAFLOW_ERR_BAD_EVENT: { status: 400, hint: 'Fix the field named in `path`; see docs/events.md.' },
  DORAFLOW_ERR_BAD_JSON: { status: 400, hint: 'Send valid JSON: one event, an array, or NDJSON.' },
  DORAFLOW_ERR_BAD_REQUEST: { status: 400, hint: 'Check the request parameters.' },
  DORAFLOW_ERR_UNAUTHORIZED: { status: 401, hint: 'Send the configured token or signature.' },
  DORAFLOW_ERR_WEBHOOK_SIGNATURE: { status: 401, hint: 'Check the webhook secret configured on both sides.' },
  DORAFLOW_ERR_NOT_FOUND: {
    status: 404,
    hint: 'Check the path; an endpoint whose secret or token is not set answers 404 (GET / lists them).',
  },
  DORAFLOW_ERR_METHOD: { status: 405, hint: 'Use the HTTP method the endpoint documents.' },
  DORAFLOW_ERR_TOO_LARGE: { status: 413, hint: 'Send at most 1 MiB per request; split large batches.' },
  DORAFLOW_ERR_CONTENT_TYPE: {
    status: 415,
    hint: 'Send Content-Type: application/json or application/x-ndjson.',
  },
  DORAFLOW_ERR_CONFLICT: { status: 409, hint: 'The record changed meanwhile; retry.' },
  DORAFLOW_ERR_STORAGE_UNAVAILABLE: { status: 503, hint: 'Storage is not reachable; retry later.' },
  DORAFLOW_ERR_INTERNAL: { status: 500, hint: 'An unexpected error; see the server log.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetails {
  /** JSON path of the offending field, e.g. `[3].commits[0].sha`. */
  readonly path?: string;
  /** 1-based line number for NDJSON input. */
  readonly line?: number;
}

export class DoraflowError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DoraflowError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }

  get hint(): string {
    return ERROR_CODES[this.code].hint;
  }

  /** Wraps anything thrown into a DoraflowError, keeping the original as `cause`. */
  static wrap(error: unknown, code: ErrorCode = 'DORAFLOW_ERR_INTERNAL'): DoraflowError {
    if (error instanceof DoraflowError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new DoraflowError(code, message, {}, { cause: error });
  }
}

/**
 * What `attempt` gives, or what `otherwise` gives when it failed because storage could not be reached
 * (`DORAFLOW_ERR_STORAGE_UNAVAILABLE`); any other error stands.
 */
export function otherwiseWhenStorageUnavailable<T>(
  attempt: Promise<T>,
  otherwise: () => T | Promise<T>,
): Promise<T> {
  return attempt.catch((error: unknown) => {
    if (!(error instanceof DoraflowError && error.code === 'DORAFLOW_ERR_STORAGE_UNAVAILABLE')) throw error;
    return otherwise();
  });
}
