import { ownValue } from '../../domain/own-value.js';
import { constantTimeEqual } from '../constant-time-equal.js';
import { parseSourceTimestamp } from '../parse-source-timestamp.js';
import { optionalArray, optionalString, pathValue, requireObject, requireString } from '../payload-fields.js';
import { bearerToken, header, ignore, type WebhookSource } from '../webhook-source.js';

const STATUSES: Record<string, { status: string; time: string }> = {
  Create: { status: 'triggered', time: 'createdAt' },
  Acknowledge: { status: 'acknowledged', time: 'updatedAt' },
  Close: { status: 'resolved', time: 'updatedAt' },
};

/** Opsgenie's outgoing webhook integration: no signature, a token in a custom header or the URL. */
export const opsgenieSource: WebhookSource = {
  name: 'opsgenie',
  signed: false,
  contentTypes: ['application/json'],
  authenticate: (request, secret) =>
    constantTimeEqual(
      secret,
      bearerToken(request) ?? header(request, 'x-doraflow-token') ?? request.query.get('token') ?? '',
    ),
  deliveryId: () => undefined,
  normalize(payload, _request, context) {
    const action = requireString(payload, 'action');
    const mapping = ownValue(STATUSES, action);
    if (!mapping) return ignore(`Opsgenie action "${action}" is not used by doraflow`);
    const alert = requireObject(payload, 'alert');
    const tags = optionalArray(alert, 'tags').filter((t): t is string => typeof t === 'string');
    const serviceTag = tags.find((t) => t.startsWith('service:'))?.slice('service:'.length);
    const service = serviceTag ?? optionalString(alert, 'entity');
    return {
      events: [
        {
          type: 'incident',
          id: `opsgenie-${requireString(alert, 'alertId')}`,
          status: mapping.status,
          // createdAt is epoch ms, updatedAt epoch ns (Opsgenie's documented example).
          at: parseSourceTimestamp(
            pathValue(alert, mapping.time) ?? pathValue(alert, 'createdAt'),
            `alert.${mapping.time}`,
          ),
          ...(service ? { service: context.resolveService(service) } : {}),
          title: optionalString(alert, 'message'),
          severity: optionalString(alert, 'priority'),
          by: optionalString(alert, 'username'),
          attributes: {
            source: 'opsgenie',
            tinyId: optionalString(alert, 'tinyId'),
            alias: optionalString(alert, 'alias'),
          },
        },
      ],
      ignored: [],
    };
  },
};
