import type { DeploymentEvent, IncidentStatus } from '../domain/dora-event.js';
import type { Incident } from '../domain/incident.js';
import type { Instant } from '../domain/instant.js';
import type { Team } from '../domain/team.js';
import { formatDuration } from './format-duration.js';
import { localTime } from './local-time.js';

/** What the card says about the incident's cause, and whether it can still be decided. */
export type CauseView =
  | { readonly kind: 'confirmed'; readonly text: string; readonly deploymentId?: string }
  | { readonly kind: 'suggested'; readonly text: string; readonly deploymentId: string }
  | { readonly kind: 'not-change-related'; readonly text: string }
  | { readonly kind: 'unknown'; readonly text: string };

/** An incident card as every platform shows it: Block Kit and Adaptive Cards render this. */
export interface IncidentView {
  readonly id: string;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly statusLabel: string;
  /** Label/value pairs: service, severity, triggered, acknowledged by, restore timer, durations. */
  readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly url?: string;
  readonly cause: CauseView;
  /** Other recent deployments of the service a person may pick as the cause. */
  readonly candidates: ReadonlyArray<{ readonly deploymentId: string; readonly label: string }>;
  readonly canAcknowledge: boolean;
  readonly canResolve: boolean;
  /** The plain-text summary (notifications, fallback text). */
  readonly fallback: string;
}

export interface IncidentViewInput {
  readonly incident: Incident;
  /** The owning team, for its timezone and restore clock; team defaults when none owns the service. */
  readonly team: Pick<Team, 'timezone' | 'restoreClock'>;
  /** The deployment the attribution window points at, if any (before anyone decided). */
  readonly likely?: DeploymentEvent | undefined;
  /** The deployment named by `causedBy`, when it is known. */
  readonly confirmed?: DeploymentEvent | undefined;
  /** Recent production deployments of the service, newest first. */
  readonly recent: readonly DeploymentEvent[];
  readonly now: Instant;
  /** How the platform names a person (Slack: `<@U1>`; Teams: the name as stored). */
  readonly mention: (person: string) => string;
}

const STATUS_LABELS: Record<IncidentStatus, string> = {
  triggered: '🔴 Triggered',
  acknowledged: '🟠 Acknowledged',
  resolved: '🟢 Resolved',
  reopened: '🔴 Reopened',
};

const MAX_CANDIDATES = 10;

export const deploymentLabel = (d: DeploymentEvent) => `${d.version ?? d.id} of ${d.service}`;

const seconds = (from: Instant, to: Instant) => formatDuration((to - from) / 1000);

function causeOf(input: IncidentViewInput): CauseView {
  const { incident, likely, confirmed } = input;
  const cause = incident.causedBy;
  if (cause && 'changeRelated' in cause)
    return { kind: 'not-change-related', text: 'Not change-related: it does not count as a change failure.' };
  if (cause) {
    const what = confirmed
      ? `deploy ${deploymentLabel(confirmed)}`
      : 'deploymentId' in cause
        ? `deployment ${cause.deploymentId}`
        : `commit ${cause.sha.slice(0, 12)}`;
    return {
      kind: 'confirmed',
      text: `Caused by ${what}.`,
      ...(confirmed ? { deploymentId: confirmed.id } : {}),
    };
  }
  if (likely) {
    return {
      kind: 'suggested',
      deploymentId: likely.id,
      text: `Likely cause: deploy ${deploymentLabel(likely)}, ${seconds(likely.finishedAt, incident.triggeredAt)} earlier.`,
    };
  }
  return {
    kind: 'unknown',
    text: 'No deployment of this service in the attribution window before it started.',
  };
}

/** Builds the incident card's view: state, who did what when, the restore timer, and the cause. */
export function buildIncidentView(input: IncidentViewInput): IncidentView {
  const { incident, team, now, mention } = input;
  const tz = team.timezone;
  const facts: Array<{ label: string; value: string }> = [];
  if (incident.service) facts.push({ label: 'Service', value: incident.service });
  if (incident.severity) facts.push({ label: 'Severity', value: incident.severity });
  facts.push({ label: 'Triggered', value: localTime(incident.triggeredAt, tz) });
  if (incident.acknowledgedAt !== undefined) {
    const who = incident.acknowledgedBy ? `${mention(incident.acknowledgedBy)}, ` : '';
    facts.push({
      label: 'Acknowledged',
      value: `${who}${localTime(incident.acknowledgedAt, tz)} (after ${seconds(incident.triggeredAt, incident.acknowledgedAt)})`,
    });
  }
  const clockStart = team.restoreClock === 'acknowledged' ? incident.acknowledgedAt : incident.triggeredAt;
  if (incident.resolvedAt !== undefined) {
    const who = incident.resolvedBy ? `${mention(incident.resolvedBy)}, ` : '';
    facts.push({ label: 'Resolved', value: `${who}${localTime(incident.resolvedAt, tz)}` });
    if (clockStart !== undefined && incident.resolvedAt >= clockStart)
      facts.push({ label: 'Time to restore', value: seconds(clockStart, incident.resolvedAt) });
  } else if (clockStart !== undefined) {
    facts.push({
      label: 'Restore timer',
      value: `running for ${seconds(clockStart, now)} (since ${team.restoreClock === 'acknowledged' ? 'acknowledgement' : 'trigger'})`,
    });
  } else {
    facts.push({ label: 'Restore timer', value: 'starts when someone acknowledges' });
  }
  const cause = causeOf(input);
  const decidedId = 'deploymentId' in cause ? cause.deploymentId : undefined;
  const candidates = input.recent
    .filter((d) => d.id !== decidedId)
    .slice(0, MAX_CANDIDATES)
    .map((d) => ({
      deploymentId: d.id,
      label: `${deploymentLabel(d)} · ${localTime(d.finishedAt, tz)}`,
    }));
  const title = `${incident.service ? `${incident.service}: ` : ''}${incident.title ?? incident.id}`;
  const open = incident.status !== 'resolved';
  return {
    id: incident.id,
    title,
    status: incident.status,
    statusLabel: STATUS_LABELS[incident.status],
    facts,
    ...(incident.url ? { url: incident.url } : {}),
    cause,
    candidates,
    canAcknowledge: open && incident.acknowledgedAt === undefined,
    canResolve: open,
    fallback: `Incident ${incident.id} · ${title} · ${incident.status}${
      cause.kind === 'suggested' || cause.kind === 'confirmed' ? ` · ${cause.text}` : ''
    }`,
  };
}
