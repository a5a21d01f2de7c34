import {
  type DeploymentEvent,
  type IncidentStatus,
  REMEDIATION_DEPLOYS,
  REMEDIATION_KINDS,
  type Remediation,
  type RemediationKind,
} from '../domain/dora-event.js';
import { type Incident, restoredAt } from '../domain/incident.js';
import type { Instant } from '../domain/instant.js';
import type { Team } from '../domain/team.js';
import { formatDuration } from './format-duration.js';
import { localTime } from './local-time.js';

/** What the card says about the incident's cause, and whether it can still be decided. */
export type CauseView =
  | {
      readonly kind: 'confirmed';
      readonly text: string;
      readonly deploymentId?: string;
      readonly url?: string;
    }
  | {
      readonly kind: 'suggested';
      readonly text: string;
      readonly deploymentId: string;
      readonly url?: string;
    }
  | { readonly kind: 'not-change-related'; readonly text: string }
  | { readonly kind: 'unknown'; readonly text: string };

/** An incident card as every platform shows it: Block Kit and Adaptive Cards render this. */
export interface IncidentView {
  readonly id: string;
  /** What people call it and type in `ack`/`resolve`: `INC-42`, or the source's id. */
  readonly label: string;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly statusLabel: string;
  /** The source's severity (`SEV1`, `P2`, `critical`), shown next to the status. */
  readonly severity?: string;
  /**
   * Label/value pairs: service, severity, triggered, acknowledged by, restore timer, durations. A fact
   * with `since` is a running timer: platforms that can show a live "3 minutes ago" add it.
   */
  readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string; readonly since?: Instant }>;
  readonly url?: string;
  readonly cause: CauseView;
  /** Other recent deployments of the service a person may pick as the cause. */
  readonly candidates: ReadonlyArray<{ readonly deploymentId: string; readonly label: string }>;
  readonly canAcknowledge: boolean;
  /** Service restored, follow-up still open: the restore timer stops here (metrics v2). */
  readonly canMitigate: boolean;
  readonly canResolve: boolean;
  /**
   * How it was fixed, once the service is restored: what was decided (`text`, empty until someone
   * says) and the answers to pick from, grouped (rollback, hotfix or fix forward of a deployment since
   * it started; a config or flag change; no deploy). The value is `kind` or `kind:deploymentId`.
   */
  readonly remedy: {
    readonly text: string;
    readonly groups: ReadonlyArray<{
      readonly label: string;
      readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
    }>;
  } | null;
  /** The plain-text summary (notifications, fallback text). */
  readonly fallback: string;
}

export interface IncidentViewInput {
  readonly incident: Incident;
  /** Its short number in the tenant (`INC-42`), when it has one. */
  readonly number?: number;
  /** The owning team, for its timezone and restore clock; team defaults when none owns the service. */
  readonly team: Pick<Team, 'timezone' | 'restoreClock'>;
  /** The deployment the attribution window points at, if any (before anyone decided). */
  readonly likely?: DeploymentEvent | undefined;
  /** The deployment named by `causedBy`, when it is known. */
  readonly confirmed?: DeploymentEvent | undefined;
  /** Recent production deployments of the service before it started, newest first. */
  readonly recent: readonly DeploymentEvent[];
  /** Production deployments of the service since it started (the fixes to pick from), newest first. */
  readonly since?: readonly DeploymentEvent[];
  /** The deployment its remediation names, when it is known. */
  readonly remedied?: DeploymentEvent | undefined;
  readonly now: Instant;
  /** How the platform names a person (Slack: `<@U1>`; Teams: the name as stored). */
  readonly mention: (person: string) => string;
}

const STATUS_LABELS: Record<IncidentStatus, string> = {
  triggered: '🔴 Triggered',
  acknowledged: '🟠 Acknowledged',
  mitigated: '🟡 Mitigated',
  resolved: '🟢 Resolved',
  reopened: '🔴 Reopened',
};

const MAX_CANDIDATES = 10;

export const deploymentLabel = (d: DeploymentEvent) => `${d.version ?? d.id} of ${d.service}`;

const REMEDY_NAMES: Record<RemediationKind, string> = {
  rollback: 'Rollback',
  hotfix: 'Hotfix',
  fix_forward: 'Fix forward',
  config_change: 'Config or flag change',
  no_deploy: 'No deploy',
};

/** How an incident was fixed, in words: `Rolled back with v1.4.0 of checkout`. */
export const remedySentence = (kind: RemediationKind, deploy: string) => REMEDY_SENTENCES[kind](deploy);

const REMEDY_SENTENCES: Record<RemediationKind, (deploy: string) => string> = {
  rollback: (deploy) => `Rolled back with ${deploy}`,
  hotfix: (deploy) => `Hotfixed with ${deploy}`,
  fix_forward: (deploy) => `Fixed forward with ${deploy}`,
  config_change: () => 'Fixed by a config or flag change',
  no_deploy: () => 'Fixed without a deploy',
};

/** How it was fixed, and the answers to pick from, once the service is restored. */
function remedyOf(input: IncidentViewInput): IncidentView['remedy'] {
  const { incident, mention } = input;
  if (restoredAt(incident) === undefined) return null;
  const tz = input.team.timezone;
  const decided = incident.remediation;
  const step = incident.transitions.findLast((t) => t.remediation !== undefined);
  const by = step?.by ? ` (decided by ${mention(step.by)})` : '';
  const deploy = input.remedied ? deploymentLabel(input.remedied) : 'a deployment doraflow no longer has';
  // In time order from the trigger: the first deployments after it are the likely fixes.
  const fixes = [...(input.since ?? [])].sort((a, b) => a.finishedAt - b.finishedAt).slice(0, MAX_CANDIDATES);
  const deployed = REMEDIATION_KINDS.filter((kind) => REMEDIATION_DEPLOYS.has(kind));
  return {
    text: decided ? `${REMEDY_SENTENCES[decided.kind](deploy)}${by}.` : '',
    groups: [
      ...deployed
        .filter(() => fixes.length > 0)
        .map((kind) => ({
          label: REMEDY_NAMES[kind],
          options: fixes.map((d) => ({
            value: `${kind}:${d.id}`,
            label: `${REMEDY_NAMES[kind]}: ${deploymentLabel(d)} · ${localTime(d.finishedAt, tz)}`,
          })),
        })),
      {
        label: 'Without a deployment',
        options: REMEDIATION_KINDS.filter((kind) => !REMEDIATION_DEPLOYS.has(kind)).map((kind) => ({
          value: kind,
          label: REMEDY_NAMES[kind],
        })),
      },
    ],
  };
}

/** A remedy's value (`kind` or `kind:deploymentId`) as a remediation, or `undefined` when malformed. */
export function remedyFromValue(value: string | undefined): Remediation | undefined {
  if (!value) return undefined;
  const at = value.indexOf(':');
  const kind = (at < 0 ? value : value.slice(0, at)) as RemediationKind;
  const deploymentId = at < 0 ? undefined : value.slice(at + 1);
  if (!REMEDIATION_KINDS.includes(kind)) return undefined;
  if (REMEDIATION_DEPLOYS.has(kind) !== (deploymentId !== undefined && deploymentId !== '')) return undefined;
  return deploymentId ? { kind, deploymentId } : { kind };
}

const seconds = (from: Instant, to: Instant) => formatDuration((to - from) / 1000);

/** Who decided the cause last (the step that carried it), as the platform names people. */
function decidedBy(input: IncidentViewInput): string {
  const step = input.incident.transitions.findLast((t) => t.causedBy !== undefined);
  return step?.by ? ` (decided by ${input.mention(step.by)})` : '';
}

function causeOf(input: IncidentViewInput): CauseView {
  const { incident, likely, confirmed } = input;
  const cause = incident.causedBy;
  if (cause && 'changeRelated' in cause)
    return {
      kind: 'not-change-related',
      text: `Not change-related${decidedBy(input)}: it does not count as a change failure.`,
    };
  if (cause) {
    const what = confirmed
      ? `deploy ${deploymentLabel(confirmed)}`
      : 'deploymentId' in cause
        ? `deployment ${cause.deploymentId}`
        : `commit ${cause.sha.slice(0, 12)}`;
    return {
      kind: 'confirmed',
      text: `Caused by ${what}${decidedBy(input)}.`,
      ...(confirmed ? { deploymentId: confirmed.id } : {}),
      ...(confirmed?.url ? { url: confirmed.url } : {}),
    };
  }
  if (likely) {
    return {
      kind: 'suggested',
      deploymentId: likely.id,
      text: `Likely cause: deploy ${deploymentLabel(likely)}, ${seconds(likely.finishedAt, incident.triggeredAt)} earlier.`,
      ...(likely.url ? { url: likely.url } : {}),
    };
  }
  return {
    kind: 'unknown',
    text: 'No deployment of this service in the attribution window before it started.',
  };
}

/**
 * How long restoring took, from each start people measure from: `2m from acknowledgement · 4m from
 * trigger` (the report's clock is the team's setting; both are shown so neither looks wrong).
 */
export function restoreTimes(incident: Incident): string {
  const { triggeredAt, acknowledgedAt } = incident;
  const restored = restoredAt(incident);
  if (restored === undefined) return '';
  const fromTrigger = `${seconds(triggeredAt, restored)} from trigger`;
  return acknowledgedAt !== undefined && acknowledgedAt <= restored
    ? `${seconds(acknowledgedAt, restored)} from acknowledgement · ${fromTrigger}`
    : fromTrigger;
}

/** `INC-42` for a numbered incident, else its id as the source named it. */
export const incidentLabel = (id: string, number: number | undefined): string =>
  number === undefined ? id : `INC-${number}`;

/**
 * `checkout: Timeouts`, without doubling what the source's title already says (`[checkout] …`,
 * `Incident: …`).
 */
export function incidentTitle(incident: Pick<Incident, 'id' | 'service' | 'title'>): string {
  const title = (incident.title ?? incident.id).replace(/^\s*incident\s*[:#-]\s*/i, '');
  const service = incident.service;
  if (!service || title.toLowerCase().includes(service.toLowerCase())) return title;
  return `${service}: ${title}`;
}

/** Builds the incident card's view: state, who did what when, the restore timer, and the cause. */
export function buildIncidentView(input: IncidentViewInput): IncidentView {
  const { incident, team, mention } = input;
  const tz = team.timezone;
  const facts: Array<{ label: string; value: string; since?: Instant }> = [];
  if (incident.service) facts.push({ label: 'Service', value: incident.service });
  const declaredBy = incident.transitions.find((t) => t.status === 'triggered')?.by;
  facts.push({
    label: 'Triggered',
    value: `${declaredBy ? `${mention(declaredBy)}, ` : ''}${localTime(incident.triggeredAt, tz)}`,
  });
  if (incident.acknowledgedAt !== undefined) {
    const who = incident.acknowledgedBy ? `${mention(incident.acknowledgedBy)}, ` : '';
    facts.push({
      label: 'Acknowledged',
      value: `${who}${localTime(incident.acknowledgedAt, tz)} (after ${seconds(incident.triggeredAt, incident.acknowledgedAt)})`,
    });
  }
  const clockStart = team.restoreClock === 'acknowledged' ? incident.acknowledgedAt : incident.triggeredAt;
  const clock = team.restoreClock === 'acknowledged' ? 'acknowledgement' : 'trigger';
  if (incident.mitigatedAt !== undefined) {
    const who = incident.mitigatedBy ? `${mention(incident.mitigatedBy)}, ` : '';
    facts.push({ label: 'Mitigated', value: `${who}${localTime(incident.mitigatedAt, tz)}` });
  }
  if (incident.resolvedAt !== undefined) {
    const who = incident.resolvedBy ? `${mention(incident.resolvedBy)}, ` : '';
    facts.push({ label: 'Resolved', value: `${who}${localTime(incident.resolvedAt, tz)}` });
  }
  // The timer stops when the service is restored: at the mitigation, else at the resolution.
  if (restoredAt(incident) !== undefined) {
    facts.push({ label: 'Time to restore', value: restoreTimes(incident) });
  } else if (clockStart !== undefined) {
    facts.push({
      label: 'Restore timer',
      value: `running since ${localTime(clockStart, tz)} (from ${clock})`,
      since: clockStart,
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
  const title = incidentTitle(incident);
  const open = incident.status !== 'resolved';
  const label = incidentLabel(incident.id, input.number);
  return {
    id: incident.id,
    label,
    title,
    status: incident.status,
    statusLabel: STATUS_LABELS[incident.status],
    ...(incident.severity ? { severity: incident.severity } : {}),
    facts,
    ...(incident.url ? { url: incident.url } : {}),
    cause,
    candidates,
    canAcknowledge: open && incident.acknowledgedAt === undefined,
    canMitigate: open && incident.mitigatedAt === undefined,
    canResolve: open,
    remedy: remedyOf(input),
    fallback: `Incident ${label} · ${title} · ${incident.status}${
      cause.kind === 'suggested' || cause.kind === 'confirmed' ? ` · ${cause.text}` : ''
    }`,
  };
}
