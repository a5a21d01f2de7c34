/** What a bounded webhook load sent and had answered 202. */
export interface LoadSummary {
  readonly requests: number;
  /** Ids of the deployments whose request was answered 202. */
  readonly deployments: ReadonlySet<string>;
  /** Each incident answered 202 at least once, with the status of its latest step answered 202. */
  readonly incidents: ReadonlyMap<string, string>;
  /** Requests that never got a 202, with the last answer. */
  readonly failed: readonly string[];
  /** Attempts that failed and were sent again (connection refused or reset, 5xx). */
  readonly retried: number;
}

export interface WebhookLoad {
  /** Stops sending new requests; resolves when those in flight have their answer. */
  stop(): Promise<void>;
  summary(): LoadSummary;
}

const STEPS = ['triggered', 'acknowledged', 'resolved'] as const;
/** A request every incident step; an incident takes three steps ten requests apart. */
const INCIDENT_EVERY = 10;

/**
 * Posts batches of events to `/webhooks/events`, spread round-robin over the servers, with a few
 * requests in flight, as a CI pipeline and an alerting tool would: a request that fails (connection
 * refused or reset, 5xx) is sent again to the next server until it is answered 202 or `giveUpMs`
 * passes. Bounded: at most `maxRequests`, paced `pauseMs` apart per sender.
 */
export function startWebhookLoad(options: {
  readonly servers: readonly string[];
  readonly token: string;
  readonly senders?: number;
  readonly maxRequests?: number;
  readonly pauseMs?: number;
  readonly giveUpMs?: number;
}): WebhookLoad {
  const { servers, token } = options;
  const maxRequests = options.maxRequests ?? 2_000;
  const pauseMs = options.pauseMs ?? 40;
  const giveUpMs = options.giveUpMs ?? 60_000;
  // Deployments finished yesterday (inside every report period); incident steps happen now, so
  // their cards are posted.
  const yesterday = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + 3_600_000;
  const deployments = new Set<string>();
  const incidents = new Map<string, { status: string; at: number }>();
  const failed: string[] = [];
  let next = 0;
  let retried = 0;
  let stopping = false;

  function body(n: number) {
    const events: Record<string, unknown>[] = [0, 1].map((i) => ({
      type: 'deployment',
      id: `dep-${n}-${i}`,
      service: 'checkout',
      environment: 'production',
      status: 'success',
      finishedAt: new Date(yesterday + n * 1_000 + i).toISOString(),
    }));
    if (n % INCIDENT_EVERY === 0) {
      const round = Math.floor(n / INCIDENT_EVERY);
      const status = STEPS[round % STEPS.length] as string;
      events.push({
        type: 'incident',
        id: `inc-${Math.floor(round / STEPS.length)}`,
        status,
        at: new Date().toISOString(),
        ...(status === 'triggered' ? { service: 'checkout', title: 'Payments failing' } : {}),
        ...(status === 'acknowledged' ? { by: 'ana' } : {}),
      });
    }
    return events;
  }

  async function send(n: number): Promise<void> {
    const events = body(n);
    const text = JSON.stringify(events);
    const began = Date.now();
    let last = '';
    for (let attempt = 0; Date.now() - began < giveUpMs; attempt += 1) {
      const server = servers[(n + attempt) % servers.length] as string;
      try {
        const response = await fetch(`${server}/webhooks/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: text,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.status === 202) {
          for (const event of events) {
            if (event.type === 'deployment') deployments.add(String(event.id));
            else {
              const id = String(event.id);
              const step = { status: String(event.status), at: Date.parse(String(event.at)) };
              const known = incidents.get(id);
              if (!known || known.at <= step.at) incidents.set(id, step);
            }
          }
          return;
        }
        last = `HTTP ${response.status}`;
        if (response.status < 500) break; // bad input would never succeed
      } catch (error) {
        last = (error as Error).message;
      }
      retried += 1;
      await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
    }
    failed.push(`request ${n}: ${last}`);
  }

  const senders = Array.from({ length: options.senders ?? 3 }, async () => {
    while (!stopping && next < maxRequests) {
      await send(next++);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  const done = Promise.all(senders);

  return {
    stop: async () => {
      stopping = true;
      await done;
    },
    summary: () => ({
      requests: next,
      deployments,
      incidents: new Map([...incidents].map(([id, step]) => [id, step.status])),
      failed,
      retried,
    }),
  };
}
