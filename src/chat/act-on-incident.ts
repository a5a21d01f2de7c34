import { DoraflowError } from '../domain/doraflow-error.js';
import type { Incident } from '../domain/incident.js';
import type { TenantId } from '../domain/tenant.js';
import { changeIncident, type IncidentChange } from './change-incident.js';
import type { ChatHandlerDependencies } from './chat-context.js';

/** What a person's card action did: the incident as it is now, and a sentence when it changed nothing. */
export type IncidentActionOutcome =
  | { readonly changed: true; readonly incident: Incident }
  | { readonly changed: false; readonly incident?: Incident; readonly message: string };

/**
 * A card action on an incident, as both chat edges run it: the change, then the incident's cards
 * brought up to date (`incidentChanged`, tracked by the background work) when it changed. A refusal
 * (no such incident, say) is a message for the person; only internal errors are thrown.
 */
export async function actOnIncident(
  deps: ChatHandlerDependencies,
  tenant: TenantId,
  id: string,
  change: IncidentChange,
  person: string,
  mention?: (person: string) => string,
): Promise<IncidentActionOutcome> {
  try {
    const outcome = await changeIncident(deps.storage, tenant, id, change, person, deps.now(), mention);
    if (!outcome.changed) return { changed: false, incident: outcome.incident, message: outcome.message };
    await deps.incidentChanged?.(tenant, id);
    return { changed: true, incident: outcome.incident };
  } catch (error) {
    const coded = DoraflowError.wrap(error);
    if (coded.code === 'DORAFLOW_ERR_INTERNAL') throw error;
    return { changed: false, message: coded.message };
  }
}
