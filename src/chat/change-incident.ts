import { randomBytes } from 'node:crypto';
import type { IncidentCause, IncidentEvent, Remediation } from '../domain/dora-event.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { type Incident, restoredAt } from '../domain/incident.js';
import type { TenantId } from '../domain/tenant.js';
import { deploymentLabel, remedySentence } from '../render/incident-view.js';
import type { Storage } from '../storage/storage.js';

/** What a person can do to an incident from chat. */
export type IncidentChange =
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'mitigate' }
  | { readonly kind: 'resolve' }
  | { readonly kind: 'cause'; readonly cause: IncidentCause }
  | { readonly kind: 'remediate'; readonly remediation: Remediation };

export interface ChangeOutcome {
  readonly incident: Incident;
  /** Whether this request changed the incident (false: it was already so, or someone else won). */
  readonly changed: boolean;
  /** One sentence for the person who asked. */
  readonly message: string;
}

/**
 * Steps where the earliest wins (two people at once leave one, and the other is told who was first):
 * the status they add, the incident's fields that hold when and who, and the sentence for the winner.
 */
const FIRST_WINS = {
  acknowledge: {
    status: 'acknowledged',
    at: 'acknowledgedAt',
    by: 'acknowledgedBy',
    done: (incident: string) => `Acknowledged ${incident}; the restore timer is running.`,
  },
  mitigate: {
    status: 'mitigated',
    at: 'mitigatedAt',
    by: 'mitigatedBy',
    done: (incident: string) =>
      `Mitigated ${incident}: service restored, the restore time is recorded; resolve it when the follow-up is done.`,
  },
} as const;

const name = (incident: Incident) =>
  `${incident.id}${incident.service ? ` (${incident.service}${incident.title ? `: ${incident.title}` : ''})` : ''}`;

async function store(storage: Storage, tenant: TenantId, event: IncidentEvent): Promise<Incident> {
  await storage.events.append(tenant, [event]);
  const incident = await storage.events.getIncident(tenant, event.id);
  if (!incident)
    throw new DoraflowError('DORAFLOW_ERR_INTERNAL', `incident ${event.id} vanished after a write`);
  return incident;
}

/**
 * Applies a person's change as an incident event, so chat, webhooks and imports fold the same way:
 * acknowledging twice, or two people at once, leaves exactly one acknowledgement (the earliest wins)
 * and both callers learn who holds it.
 */
export async function changeIncident(
  storage: Storage,
  tenant: TenantId,
  id: string,
  change: IncidentChange,
  by: string,
  at: number,
  mention: (person: string) => string = (person) => person,
): Promise<ChangeOutcome> {
  const current = await storage.events.getIncident(tenant, id);
  if (!current) {
    throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', `No incident "${id}".`);
  }
  const base = { type: 'incident' as const, id, by };
  if (change.kind === 'acknowledge' || change.kind === 'mitigate') {
    const step = FIRST_WINS[change.kind];
    if (current.status === 'resolved')
      return { incident: current, changed: false, message: `${name(current)} is already resolved.` };
    const holder = current[step.by];
    if (current[step.at] !== undefined)
      return {
        incident: current,
        changed: false,
        message: `${name(current)} was already ${step.status}${holder ? ` by ${mention(holder)}` : ''}.`,
      };
    const incident = await store(storage, tenant, { ...base, status: step.status, at });
    const winner = incident[step.by];
    const won = winner === by;
    return {
      incident,
      changed: won,
      message: won
        ? step.done(name(incident))
        : `${name(incident)} was ${step.status} by ${winner ? mention(winner) : 'someone else'} first.`,
    };
  }
  if (change.kind === 'resolve') {
    if (current.status === 'resolved')
      return { incident: current, changed: false, message: `${name(current)} is already resolved.` };
    const incident = await store(storage, tenant, { ...base, status: 'resolved', at });
    return { incident, changed: true, message: `Resolved ${name(incident)}.` };
  }
  // The decision rides on a step of the incident's current status, after every step so far: the
  // latest decision wins, even when two arrive within the same millisecond.
  const after = Math.max(at, ...current.transitions.map((t) => t.at + 1));
  const decision = { ...base, status: current.status, at: after };
  if (change.kind === 'remediate') {
    const { kind, deploymentId } = change.remediation;
    if (restoredAt(current) === undefined)
      return {
        incident: current,
        changed: false,
        message: `${name(current)} is not restored yet: mark it mitigated or resolved first.`,
      };
    // Only a deployment of the incident's service since it started can be its fix (what the card offers).
    const fix =
      deploymentId === undefined ? undefined : await storage.events.getDeployment(tenant, deploymentId);
    if (
      deploymentId !== undefined &&
      (!fix || fix.service !== current.service || fix.finishedAt < current.triggeredAt)
    )
      return {
        incident: current,
        changed: false,
        message: `That deployment is not one of ${current.service ?? 'its service'}'s since ${name(current)} started.`,
      };
    const incident = await store(storage, tenant, { ...decision, remediation: change.remediation });
    const how = remedySentence(kind, fix ? deploymentLabel(fix) : '');
    return { incident, changed: true, message: `Recorded for ${name(incident)}: ${how}.` };
  }
  const incident = await store(storage, tenant, { ...decision, causedBy: change.cause });
  const what =
    'changeRelated' in change.cause
      ? 'not change-related'
      : 'deploymentId' in change.cause
        ? `caused by deployment ${change.cause.deploymentId}`
        : `caused by commit ${change.cause.sha}`;
  return { incident, changed: true, message: `Marked ${name(incident)} as ${what}.` };
}

/** Declares a new incident from chat; its id starts with `df-`. */
export async function declareIncident(
  storage: Storage,
  tenant: TenantId,
  fields: { readonly service: string; readonly title: string },
  by: string,
  at: number,
): Promise<Incident> {
  const id = `df-${at.toString(36)}-${randomBytes(3).toString('hex')}`;
  return store(storage, tenant, {
    type: 'incident',
    id,
    status: 'triggered',
    at,
    by,
    service: fields.service,
    title: fields.title,
  });
}
