import { ownValue } from '../../domain/own-value.js';
import { constantTimeIncludes, hmacSha256Hex } from '../constant-time-equal.js';
import { optionalString, requireObject, requireString } from '../payload-fields.js';
import { header, ignore, type WebhookSource } from '../webhook-source.js';

const STATUSES: Record<string, string> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
};

/** PagerDuty Webhooks v3: one event per request, signed `v1=<hex>` with every active secret. */
export const pagerdutySource: WebhookSource = {
  name: 'pagerduty',
  signed: true,
  contentTypes: ['application/json'],
  authenticate(request, secret) {
    const expected = `v1=${hmacSha256Hex(secret, request.body)}`;
    const given = (header(request, 'x-pagerduty-signature') ?? '').split(',').map((s) => s.trim());
    return constantTimeIncludes(given, expected);
  },
  deliveryId: (request) => header(request, 'x-webhook-id'),
  normalize(payload, _request, context) {
    const event = requireObject(payload, 'event');
    const type = requireString(event, 'event_type');
    if (type === 'pagey.ping') return ignore('ping');
    const status = ownValue(STATUSES, type);
    if (!status) return ignore(`PagerDuty event "${type}" is not used by doraflow`);
    const data = requireObject(event, 'data');
    const service = optionalString(data, 'service.summary') ?? optionalString(data, 'service.name');
    return {
      events: [
        {
          type: 'incident',
          id: `pagerduty-${requireString(data, 'id')}`,
          status,
          at: requireString(event, 'occurred_at'),
          ...(service ? { service: context.resolveService(service) } : {}),
          title: optionalString(data, 'title'),
          severity: optionalString(data, 'priority.summary') ?? optionalString(data, 'urgency'),
          url: optionalString(data, 'html_url'),
          by: optionalString(event, 'agent.summary'),
          attributes: { source: 'pagerduty', number: optionalString(data, 'number') },
        },
      ],
      ignored: [],
    };
  },
};
