import type { ChatPlatform } from '../domain/chat-platform.js';
import type { DeploymentEvent } from '../domain/dora-event.js';
import { type Incident, restoredAt } from '../domain/incident.js';
import { attributeByWindow } from '../domain/metrics/attribute-by-window.js';
import { productionTest } from '../domain/metrics/is-production.js';
import { TEAM_DEFAULTS, type Team } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import { buildIncidentView, type IncidentView, type IncidentViewInput } from '../render/incident-view.js';
import type { Storage } from '../storage/storage.js';
import { findOwningTeam } from './find-owning-team.js';

const DAY = 86_400_000;
/** How far back the card looks for deployments a person may pick as the cause. */
const CANDIDATE_LOOKBACK = 7 * DAY;
/** How long after the service was restored a deployment may still be picked as its fix. */
const FIX_LOOKAHEAD = DAY;

/** What an incident card shows besides the clock and how names are written. */
export type IncidentFacts = Omit<IncidentViewInput, 'now' | 'mention'> & {
  /** Display names of the people on the card stored by id (Slack users). */
  readonly names: ReadonlyMap<string, string>;
};

/**
 * Reads what an incident card shows: the incident, its owning team's settings, the deployment the
 * attribution window suggests, the confirmed cause and recent deployments to pick from. Pass the
 * owning team when it is known already (`undefined`: no team owns the service).
 */
export async function loadIncidentFacts(
  storage: Storage,
  tenant: TenantId,
  incident: Incident,
  owner: { readonly team: Team | undefined } | undefined = undefined,
): Promise<IncidentFacts> {
  const team = owner ? owner.team : await findOwningTeam(storage, tenant, incident.service);
  const settings = team ?? TEAM_DEFAULTS;
  const isProduction = productionTest(settings);
  const production = (deployment: DeploymentEvent) =>
    deployment.status === 'success' && isProduction(deployment.environment);
  // The causes to pick from end at the trigger; the fixes, a day after the service was restored.
  const restored = restoredAt(incident);
  const around = incident.service
    ? (
        await storage.events.findDeployments(tenant, {
          services: [incident.service],
          from: incident.triggeredAt - Math.max(CANDIDATE_LOOKBACK, settings.attributionWindowSeconds * 1000),
          to: restored === undefined ? incident.triggeredAt : restored + FIX_LOOKAHEAD,
        })
      ).filter(production)
    : [];
  const deployments = around.filter((d) => d.finishedAt < incident.triggeredAt);
  const since = around.filter((d) => d.finishedAt >= incident.triggeredAt);
  const cause = incident.causedBy;
  const confirmed =
    cause && 'deploymentId' in cause
      ? (deployments.find((d) => d.id === cause.deploymentId) ??
        (await storage.events.getDeployment(tenant, cause.deploymentId)))
      : undefined;
  const fix = incident.remediation?.deploymentId;
  const remedied =
    fix === undefined
      ? undefined
      : (around.find((d) => d.id === fix) ?? (await storage.events.getDeployment(tenant, fix)));
  const people = incident.transitions.flatMap((t) => (t.by ? [t.by] : []));
  return {
    incident,
    number: await storage.incidentNumbers.numberOf(tenant, incident.id),
    names: await storage.people.names(tenant, people),
    team: settings,
    likely: attributeByWindow(deployments, incident, settings.attributionWindowSeconds * 1000),
    confirmed,
    recent: deployments.slice().reverse(),
    since: since.reverse(),
    remedied,
  };
}

/**
 * How a card on a platform names people: Slack mentions its own users by id (`<@U1>`); elsewhere a
 * person stored by id is named by the name they had when they acted.
 */
export function mentionOn(
  platform: ChatPlatform,
  mention: (person: string) => string,
  names: ReadonlyMap<string, string>,
): (person: string) => string {
  return platform === 'slack' ? mention : (person) => mention(names.get(person) ?? person);
}

/** An incident card's view for one platform's way of naming people. */
export async function loadIncidentView(
  storage: Storage,
  tenant: TenantId,
  incident: Incident,
  now: number,
  platform: ChatPlatform,
  mention: (person: string) => string,
): Promise<IncidentView> {
  const facts = await loadIncidentFacts(storage, tenant, incident);
  return buildIncidentView({ ...facts, now, mention: mentionOn(platform, mention, facts.names) });
}
