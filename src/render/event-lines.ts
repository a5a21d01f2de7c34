import type { DeploymentEvent } from '../domain/dora-event.js';
import type { Incident } from '../domain/incident.js';
import type { Instant } from '../domain/instant.js';
import { formatDuration } from './format-duration.js';
import { incidentLabel, incidentTitle, restoreTimes } from './incident-view.js';
import { localClock } from './local-time.js';
import { plural } from './plural.js';

/** A deployment as a list line: when, what, where, and whether it failed or caused a failure. */
export function deploymentLine(d: DeploymentEvent, causedFailure: boolean, timezone: string): string {
  const mark =
    d.status !== 'success'
      ? `:no_entry: ${d.status}`
      : causedFailure
        ? ':x: caused a failure'
        : ':white_check_mark:';
  const commits = d.commits?.length ? ` · ${plural(d.commits.length, 'commit')}` : '';
  return `• ${localClock(d.finishedAt, timezone)} *${d.service}* ${d.version ?? d.id} (${d.environment}) ${mark}${commits}`;
}

/** An incident as a list line: id, service, title, state and how long things took. */
export function incidentLine(
  i: Incident,
  now: Instant,
  mention: (person: string) => string,
  number?: number,
): string {
  const ack =
    i.acknowledgedAt !== undefined
      ? ` · acknowledged by ${i.acknowledgedBy ? mention(i.acknowledgedBy) : 'someone'} after ${formatDuration((i.acknowledgedAt - i.triggeredAt) / 1000)}`
      : '';
  const state =
    i.resolvedAt !== undefined
      ? `resolved, restored ${restoreTimes(i)}`
      : i.mitigatedAt !== undefined
        ? `*mitigated*, restored ${restoreTimes(i)}; open for ${formatDuration((now - i.triggeredAt) / 1000)}`
        : `*${i.status}* for ${formatDuration((now - i.triggeredAt) / 1000)}`;
  return `• *${incidentTitle(i)}* (${incidentLabel(i.id, number)}) · ${state}${ack}`;
}
