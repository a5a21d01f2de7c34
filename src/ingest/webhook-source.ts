import type { IncomingHttpHeaders } from 'node:http';
import type { Team } from '../domain/team.js';

/** One inbound webhook request, as a source sees it. */
export interface WebhookRequest {
  readonly headers: IncomingHttpHeaders;
  readonly query: URLSearchParams;
  /** The raw body, exactly as received (signatures are computed over it). */
  readonly body: Buffer;
}

/** What a normalizer may look up; built once per request by the route. */
export interface NormalizeContext {
  /** Maps a source's name for a service (repository, project, PagerDuty service, ...) to doraflow's. */
  resolveService(name: string): string;
  /** `workflow_run` runs whose workflow name matches this are deployments. */
  readonly deployWorkflowPattern: RegExp;
  /** The tenant's teams (for Jira project → team and status → stage mappings). */
  readonly teams: readonly Team[];
}

export interface Ignored {
  readonly reason: string;
}

export interface NormalizeResult {
  /** Events in the wire format of docs/events.md; the route validates them all before storing any. */
  readonly events: readonly unknown[];
  readonly ignored: readonly Ignored[];
}

/** A webhook source: how it authenticates, identifies deliveries and maps payloads to events. */
export interface WebhookSource {
  /** The path segment: `POST /webhooks/<name>`. */
  readonly name: string;
  /** Whether requests carry an HMAC signature (a failure is then `DORAFLOW_ERR_WEBHOOK_SIGNATURE`). */
  readonly signed: boolean;
  /** Content types accepted (a `415` otherwise). */
  readonly contentTypes: readonly string[];
  /** Constant-time check of the request against the configured secret. */
  authenticate(request: WebhookRequest, secret: string): boolean;
  /** The source's delivery id, stable across its retries, when it sends one. */
  deliveryId(request: WebhookRequest): string | undefined;
  /** Maps the parsed payload to events; throws `DORAFLOW_ERR_BAD_EVENT` naming the bad field. */
  normalize(payload: unknown, request: WebhookRequest, context: NormalizeContext): NormalizeResult;
}

export function header(request: Pick<WebhookRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(request: Pick<WebhookRequest, 'headers'>): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '');
  return match?.[1]?.trim();
}

/** A result that stores nothing and says why. */
export function ignore(reason: string): NormalizeResult {
  return { events: [], ignored: [{ reason }] };
}
