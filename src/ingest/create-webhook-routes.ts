import type { Logger } from 'pino';
import { DoraflowError } from '../domain/doraflow-error.js';
import { ownValue } from '../domain/own-value.js';
import { parseDoraEvent } from '../domain/parse-dora-event.js';
import type { Team } from '../domain/team.js';
import { DEFAULT_TENANT, type TenantId, toTenantId } from '../domain/tenant.js';
import type { AppendResult } from '../storage/record-store.js';
import type { Storage } from '../storage/storage.js';
import { contentTypeOf } from './http/content-type-of.js';
import type { Route } from './http/http-types.js';
import { readBody } from './http/read-body.js';
import { sendJson } from './http/send-json.js';
import { splitEventBody } from './split-event-body.js';
import type { Ignored, WebhookRequest, WebhookSource } from './webhook-source.js';

/** The most events one request may carry. */
export const MAX_EVENTS_PER_REQUEST = 5_000;

export interface WebhookRoutesOptions {
  readonly storage: Storage;
  readonly sources: readonly WebhookSource[];
  /** Secrets of the `default` tenant's sources (from configuration); a source without one answers 404. */
  readonly defaultSecrets: Readonly<Record<string, string | undefined>>;
  /** The variable that sets each of those secrets, named when a source is off. */
  readonly defaultSecretVariables?: Readonly<Record<string, string>>;
  readonly defaultServiceMap: Readonly<Record<string, string>>;
  readonly deployWorkflowPattern: RegExp;
  /** The clock, for delivery records. */
  readonly now: () => number;
  /**
   * Told which incidents a request changed, after they are stored (to update their chat cards).
   * It must only schedule work: the request does not wait for it.
   */
  readonly incidentsChanged?: (tenant: TenantId, ids: readonly string[]) => void;
  /**
   * Told of each delivery to a known source: `accepted` with its events' outcomes, or the code it
   * was refused with (`webhook_signature`, `bad_event`, …).
   */
  readonly observe?: (
    source: string,
    result: string,
    events?: { readonly stored: number; readonly duplicates: number; readonly ignored: number },
  ) => void;
}

interface Target {
  readonly tenant: TenantId;
  readonly secret: string | undefined;
  readonly serviceMap: Readonly<Record<string, string>>;
}

/**
 * `POST /webhooks/<source>` (the `default` tenant, secrets from configuration) and
 * `POST /t/<tenant>/webhooks/<source>` (secrets of that tenant, from storage). Verify, normalize,
 * store, reply `202` — nothing else happens on the request path.
 */
export function createWebhookRoutes(options: WebhookRoutesOptions): Route[] {
  const { storage, sources } = options;
  const byName = new Map(sources.map((source) => [source.name, source]));

  async function targetOf(path: string): Promise<{ source: WebhookSource; target: Target }> {
    const parts = path.split('/').filter(Boolean);
    const tenantScoped = parts[0] === 't';
    const [tenantPart, sourceName] = tenantScoped ? [parts[1], parts[3]] : [undefined, parts[1]];
    const expected = tenantScoped ? parts.length === 4 && parts[2] === 'webhooks' : parts.length === 2;
    const source = expected && sourceName ? byName.get(sourceName) : undefined;
    if (!source) throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', `no webhook source at ${path}`);
    if (!tenantScoped) {
      return {
        source,
        target: {
          tenant: DEFAULT_TENANT,
          secret: options.defaultSecrets[source.name],
          serviceMap: options.defaultServiceMap,
        },
      };
    }
    const tenant = toTenantId(tenantPart ?? '');
    let settings: Awaited<ReturnType<Storage['tenants']['get']>>;
    try {
      settings = await storage.tenants.get(tenant);
    } catch (error) {
      // The sender retries a 503; a 500 could make it give up.
      throw new DoraflowError(
        'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
        'storage is unavailable',
        {},
        { cause: error },
      );
    }
    return {
      source,
      target: {
        tenant,
        secret: settings?.webhookSecrets[source.name],
        serviceMap: settings?.serviceMap ?? {},
      },
    };
  }

  async function handle(
    source: WebhookSource,
    target: Target & { secret: string },
    req: WebhookRequest & { contentType: string },
    logs: { readonly log: Logger },
  ) {
    const started = performance.now();
    if (!source.authenticate(req, target.secret)) {
      throw new DoraflowError(
        source.signed ? 'DORAFLOW_ERR_WEBHOOK_SIGNATURE' : 'DORAFLOW_ERR_UNAUTHORIZED',
        'authentication failed',
      );
    }
    const deliveryId = source.deliveryId(req)?.slice(0, 200);
    const where = { source: source.name, tenant: target.tenant, deliveryId };
    if (deliveryId) {
      const seen = await storage.webhookDeliveries.get(target.tenant, source.name, deliveryId);
      if (seen) {
        logs.log.info({ ...where, duplicateDelivery: true }, 'webhook delivery already processed');
        return {
          accepted: 0,
          duplicates: seen.accepted + seen.duplicates,
          ignored: [{ reason: 'duplicate delivery' }],
        };
      }
    }
    const text = req.body.toString('utf8');
    let payload: unknown;
    if (source.name === 'events') {
      payload = splitEventBody(text, req.contentType !== 'application/json');
    } else {
      try {
        payload = JSON.parse(text);
      } catch (error) {
        throw new DoraflowError(
          'DORAFLOW_ERR_BAD_JSON',
          `the body is not valid JSON: ${(error as Error).message}`,
        );
      }
    }
    const teams: readonly Team[] = source.name === 'jira' ? await storage.teams.list(target.tenant) : [];
    const normalized = source.normalize(payload, req, {
      resolveService: (name) => ownValue(target.serviceMap, name) ?? name,
      deployWorkflowPattern: options.deployWorkflowPattern,
      teams,
    });
    if (normalized.events.length > MAX_EVENTS_PER_REQUEST) {
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_EVENT',
        `${normalized.events.length} events in one request; send at most ${MAX_EVENTS_PER_REQUEST}`,
      );
    }
    // Validate every event before storing any: a request with one bad event stores nothing.
    const events = normalized.events.map((raw, index) => parseDoraEvent(raw, `[${index}]`));
    let result: AppendResult;
    try {
      result = events.length
        ? await storage.events.append(target.tenant, events)
        : { stored: 0, duplicates: 0, outcomes: [] };
    } catch (error) {
      throw new DoraflowError(
        'DORAFLOW_ERR_STORAGE_UNAVAILABLE',
        'storage is unavailable',
        {},
        { cause: error },
      );
    }
    const changed = new Set<string>();
    events.forEach((event, i) => {
      if (event.type === 'incident' && result.outcomes[i] === 'stored') changed.add(event.id);
    });
    if (changed.size) options.incidentsChanged?.(target.tenant, [...changed]);
    if (deliveryId) {
      await storage.webhookDeliveries
        .record(target.tenant, {
          source: source.name,
          id: deliveryId,
          at: options.now(),
          accepted: result.stored,
          duplicates: result.duplicates,
        })
        .catch((error: unknown) =>
          logs.log.warn({ ...where, err: (error as Error).message }, 'delivery not recorded'),
        );
    }
    // When each source last delivered (the dashboard's data health); never fails the delivery.
    if (events.length)
      await storage.sourceActivity
        .record(target.tenant, source.name, options.now())
        .catch((error: unknown) =>
          logs.log.warn({ ...where, err: (error as Error).message }, 'source activity not noted'),
        );
    const reply = {
      accepted: result.stored,
      duplicates: result.duplicates,
      ignored: normalized.ignored as Ignored[],
    };
    logs.log.info(
      {
        ...where,
        accepted: reply.accepted,
        duplicates: reply.duplicates,
        ignored: reply.ignored.length,
        ms: Math.round(performance.now() - started),
      },
      'webhook delivery',
    );
    return reply;
  }

  const handler: Route['handler'] = async (context) => {
    const { req, res, url } = context;
    // Cheap refusals first: unknown or unconfigured source, wrong content type; then the bounded body.
    const { source, target } = await targetOf(url.pathname);
    const secret = target.secret;
    if (!secret)
      throw new DoraflowError(
        'DORAFLOW_ERR_NOT_FOUND',
        target.tenant === DEFAULT_TENANT && options.defaultSecretVariables?.[source.name]
          ? `the ${source.name} webhook is off: set ${options.defaultSecretVariables[source.name]} (and restart doraflow)`
          : `the ${source.name} webhook is not set up for this workspace: an admin's /dora setup gives its secret`,
      );
    const contentType = contentTypeOf(req.headers['content-type']);
    if (!source.contentTypes.includes(contentType)) {
      throw new DoraflowError(
        'DORAFLOW_ERR_CONTENT_TYPE',
        `content type "${contentType || 'none'}" is not accepted; send ${source.contentTypes.join(' or ')}`,
      );
    }
    let reply: Awaited<ReturnType<typeof handle>>;
    try {
      const body = await readBody(req);
      reply = await handle(
        source,
        { ...target, secret },
        { headers: req.headers, query: url.searchParams, body, contentType },
        context,
      );
    } catch (error) {
      const code = DoraflowError.wrap(error).code.replace('DORAFLOW_ERR_', '').toLowerCase();
      options.observe?.(source.name, code);
      throw error;
    }
    options.observe?.(source.name, 'accepted', {
      stored: reply.accepted,
      duplicates: reply.duplicates,
      ignored: reply.ignored.length,
    });
    sendJson(res, 202, reply);
  };

  return [
    { method: 'POST', path: '/webhooks/*', handler },
    { method: 'POST', path: '/t/*', handler },
  ];
}
