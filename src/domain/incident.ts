import { addTransition } from './add-transition.js';
import type { Attributes, IncidentCause, IncidentEvent, IncidentStatus, Remediation } from './dora-event.js';
import type { Instant } from './instant.js';

/** One step of an incident's life, with the facts its event carried (who, title, cause, ...). */
export type IncidentTransition = Omit<IncidentEvent, 'type' | 'id'>;

/**
 * The stored incident. It keeps every distinct transition, and every other field is derived from
 * them by `foldIncident`, so the incident is a pure function of the set of events received: the same
 * whatever their order and however often each arrived.
 */
export interface Incident {
  readonly id: string;
  readonly service?: string;
  readonly title?: string;
  readonly severity?: string;
  readonly url?: string;
  readonly causedBy?: IncidentCause;
  /** How it was fixed: the latest decision (events v1.1). */
  readonly remediation?: Remediation;
  /** When that decision was made (the time of the step that carried it). */
  readonly remediatedAt?: Instant;
  readonly attributes?: Attributes;
  readonly transitions: readonly IncidentTransition[];
  readonly status: IncidentStatus;
  /** When it was triggered; until the trigger arrives, the earliest known step stands in. */
  readonly triggeredAt: Instant;
  readonly acknowledgedAt?: Instant;
  readonly acknowledgedBy?: string;
  /** When the service was restored before the incident was resolved (events v1.1). */
  readonly mitigatedAt?: Instant;
  readonly mitigatedBy?: string;
  readonly resolvedAt?: Instant;
  readonly resolvedBy?: string;
  readonly reopenedAt?: Instant;
  /**
   * When it names its cause (a deployment or a sha): until when a deployment it names may be charged
   * (its resolution; `OPEN_UNTIL` while open). Reports find every incident that may blame a deployment
   * of their windows, of any service and however late, through an index of this field.
   */
  readonly causeOpenUntil?: Instant;
}

/** What the metrics read of an incident (reports fetch only these). */
export type IncidentFacts = Pick<
  Incident,
  | 'id'
  | 'service'
  | 'causedBy'
  | 'status'
  | 'triggeredAt'
  | 'acknowledgedAt'
  | 'mitigatedAt'
  | 'resolvedAt'
  | 'remediation'
  | 'remediatedAt'
>;

export const INCIDENT_FACT_FIELDS = [
  'id',
  'service',
  'causedBy',
  'status',
  'triggeredAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
  'remediation',
  'remediatedAt',
] as const satisfies ReadonlyArray<keyof IncidentFacts>;

/** `causeOpenUntil` of an incident still open: after every instant a report reads. */
export const OPEN_UNTIL = Number.MAX_SAFE_INTEGER;

/** The statuses of an incident still open (a mitigated one is restored, but not yet resolved). */
export const OPEN_INCIDENT_STATUSES = ['triggered', 'acknowledged', 'mitigated', 'reopened'] as const;

/**
 * When the service was restored (metrics v2): at its mitigation when there is one, else at its
 * resolution; `undefined` while neither. Time to restore, failed-deployment recovery time and the
 * card's restore timer end here.
 */
export const restoredAt = (
  incident: Pick<IncidentFacts, 'mitigatedAt' | 'resolvedAt'>,
): Instant | undefined => incident.mitigatedAt ?? incident.resolvedAt;

const STATUS_ORDER: Record<IncidentStatus, number> = {
  triggered: 0,
  acknowledged: 1,
  mitigated: 2,
  resolved: 3,
  reopened: 4,
};

function compareTransitions(a: IncidentTransition, b: IncidentTransition): number {
  return a.at - b.at || STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
}

/**
 * Folds an event into an incident. Returns the new incident, or `undefined` when the event adds
 * nothing (a duplicate). The same step (status and time) reported twice with different details keeps
 * the smaller of the two serializations, so the result does not depend on arrival order.
 */
export function applyIncidentEvent(
  current: Incident | undefined,
  event: IncidentEvent,
): Incident | undefined {
  const { type: _type, id, ...step } = event;
  const transitions = addTransition(
    current?.transitions ?? [],
    step,
    (a, b) => a.status === b.status && a.at === b.at,
  );
  if (!transitions) return undefined;
  return foldIncident(id, transitions);
}

/**
 * Derives the incident from its transitions, in time order: each status keeps its earliest time, a
 * `reopened` after the mitigation or resolution clears both (the next ones count), descriptive fields come
 * from the latest step that carries them.
 */
export function foldIncident(id: string, unsorted: readonly IncidentTransition[]): Incident {
  const transitions = [...unsorted].sort(compareTransitions);
  const incident: Record<string, unknown> = { id };
  let triggeredAt: Instant | undefined;
  let acknowledged: IncidentTransition | undefined;
  let mitigated: IncidentTransition | undefined;
  let resolved: IncidentTransition | undefined;
  let reopenedAt: Instant | undefined;
  let attributes: Attributes | undefined;
  for (const t of transitions) {
    for (const key of ['service', 'title', 'severity', 'url', 'causedBy'] as const) {
      if (t[key] !== undefined) incident[key] = t[key];
    }
    if (t.remediation !== undefined) {
      incident.remediation = t.remediation;
      incident.remediatedAt = t.at;
    }
    if (t.attributes) attributes = { ...attributes, ...t.attributes };
    if (t.status === 'triggered') triggeredAt ??= t.at;
    else if (t.status === 'acknowledged') acknowledged ??= t;
    else if (t.status === 'mitigated') mitigated ??= t;
    else if (t.status === 'resolved') resolved ??= t;
    else if (resolved || mitigated) {
      // Reopened: both the mitigation and the resolution are undone; the next ones count.
      resolved = undefined;
      mitigated = undefined;
      reopenedAt = t.at;
    }
  }
  const reopenedLast =
    reopenedAt !== undefined && (acknowledged === undefined || acknowledged.at < reopenedAt);
  const status: IncidentStatus = resolved
    ? 'resolved'
    : mitigated
      ? 'mitigated'
      : reopenedLast
        ? 'reopened'
        : acknowledged
          ? 'acknowledged'
          : 'triggered';
  Object.assign(incident, {
    attributes,
    transitions,
    status,
    triggeredAt: triggeredAt ?? transitions[0]?.at ?? 0,
    acknowledgedAt: acknowledged?.at,
    acknowledgedBy: acknowledged?.by,
    mitigatedAt: mitigated?.at,
    mitigatedBy: mitigated?.by,
    resolvedAt: resolved?.at,
    resolvedBy: resolved?.by,
    reopenedAt,
  });
  const cause = incident.causedBy as IncidentCause | undefined;
  if (cause && !('changeRelated' in cause)) incident.causeOpenUntil = resolved?.at ?? OPEN_UNTIL;
  for (const key of Object.keys(incident)) if (incident[key] === undefined) delete incident[key];
  return incident as unknown as Incident;
}

/** The events that rebuild this incident exactly (for export). */
export function incidentToEvents(incident: Incident): IncidentEvent[] {
  return incident.transitions.map((t) => ({ type: 'incident', id: incident.id, ...t }));
}
