import { constantTimeEqual } from '../constant-time-equal.js';
import { bearerToken, header, type WebhookSource } from '../webhook-source.js';

/** The generic webhook: doraflow events from any CI/CD pipeline or script, with a bearer token. */
export const eventsSource: WebhookSource = {
  name: 'events',
  signed: false,
  contentTypes: ['application/json', 'application/x-ndjson', 'application/ndjson'],
  authenticate: (request, secret) => constantTimeEqual(secret, bearerToken(request) ?? ''),
  // Only the documented idempotency header deduplicates: a request id names a request, not an event.
  deliveryId: (request) => header(request, 'idempotency-key'),
  // The route splits the body itself (JSON or NDJSON); the events are already in doraflow's format.
  normalize: (payload) => ({ events: payload as unknown[], ignored: [] }),
};
