import type { IncidentChanged } from '../chat/chat-context.js';
import { updateIncidentCards } from './create-job-handler.js';
import type { JobDependencies } from './job-dependencies.js';
import { JOB_NAMES } from './job-names.js';
import { QUEUE_TIMEOUT_MS, withTimeout } from './with-timeout.js';

/** Runs work that shutdown and `settled()` wait for; resolves when it is done (never rejects). */
export type TrackWork = (what: string, work: () => Promise<void>) => Promise<void>;

/**
 * The one "an incident changed: bring its cards up to date" of webhooks, jobs and both chat edges
 * (chat asks for `queue: false`: a person who clicked sees the card change before the answer).
 * The card job is queued (a worker updates the cards, off the request path); when no worker would
 * take it (`queue: false`: an in-process scheduler without workers) or the queue cannot (Redis down),
 * the cards are updated here, and the delivery ledger keeps a late queued job
 * from posting one twice. Always tracked, so nothing lands after shutdown began.
 */
export function createIncidentChanged(
  deps: JobDependencies,
  track: TrackWork,
  options: { readonly queue: boolean },
): IncidentChanged {
  return (tenant, id, alsoIn = []) =>
    track(`incident card ${id}`, async () => {
      const data = {
        tenant,
        incident: id,
        ...(alsoIn.length ? { alsoIn: JSON.stringify(alsoIn) } : {}),
      };
      const queued =
        options.queue &&
        (await withTimeout(
          deps.scheduler.enqueue({ name: JOB_NAMES.incidentCard, data }),
          QUEUE_TIMEOUT_MS,
        ).then(
          () => true,
          (error: unknown) => {
            deps.log.warn(
              { tenant, incident: id, err: (error as Error).message },
              'card job not queued; updating the card here',
            );
            return false;
          },
        ));
      if (!queued) await updateIncidentCards(deps, tenant, id, alsoIn);
    });
}
