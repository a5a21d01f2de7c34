import { constantTimeEqual } from '../constant-time-equal.js';
import { optionalArray, optionalString, requireObject, requireString } from '../payload-fields.js';
import { bearerToken, type WebhookSource } from '../webhook-source.js';

/** The label naming the service, in order of preference. */
const SERVICE_LABELS = ['service', 'app', 'job'];
/** A firing alert's `endsAt`. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Prometheus Alertmanager `webhook_config` (payload version 4): a group of alerts per request. Each
 * alert is an incident keyed by fingerprint and start time; firing → triggered, resolved → resolved.
 */
export const alertmanagerSource: WebhookSource = {
  name: 'alertmanager',
  signed: false,
  contentTypes: ['application/json'],
  authenticate: (request, secret) => constantTimeEqual(secret, bearerToken(request) ?? ''),
  deliveryId: () => undefined,
  normalize(payload, _request, context) {
    const version = optionalString(payload, 'version');
    if (version && version !== '4')
      return {
        events: [],
        ignored: [{ reason: `Alertmanager payload version ${version} (doraflow reads 4)` }],
      };
    requireObject(payload, '');
    const alerts = optionalArray(payload, 'alerts');
    if (alerts.length === 0) return { events: [], ignored: [{ reason: 'no alerts' }] };
    const events = alerts.map((alert, i) => {
      const labels = requireObject(alert, 'labels');
      const status = requireString(alert, 'status');
      const startsAt = requireString(alert, 'startsAt');
      const resolved = status === 'resolved';
      const endsAt = optionalString(alert, 'endsAt');
      const label = SERVICE_LABELS.map((name) => optionalString(labels, name)).find(Boolean);
      return {
        type: 'incident',
        id: `alertmanager-${requireString(alert, 'fingerprint')}-${startsAt}`,
        status: resolved ? 'resolved' : 'triggered',
        at: resolved && endsAt && endsAt !== ZERO_TIME ? endsAt : startsAt,
        ...(label ? { service: context.resolveService(label) } : {}),
        title:
          optionalString(alert, 'annotations.summary') ?? optionalString(labels, 'alertname') ?? `alert ${i}`,
        severity: optionalString(labels, 'severity'),
        url: optionalString(alert, 'generatorURL'),
        attributes: { source: 'alertmanager', alertname: optionalString(labels, 'alertname') },
      };
    });
    return { events, ignored: [] };
  },
};
