import { CARD_ACTIONS } from '../render/card-actions.js';
import { remedyFromValue } from '../render/incident-view.js';
import type { IncidentChange } from './change-incident.js';

/**
 * What an incident card's action asks for, on either platform: the action id (Slack) or verb
 * (Teams), and the value picked: the deployment it names when it sets the cause, the remedy's value
 * when it says how the incident was fixed.
 */
export function cardActionChange(action: string, picked: string | undefined): IncidentChange | undefined {
  switch (action) {
    case CARD_ACTIONS.acknowledge:
      return { kind: 'acknowledge' };
    case CARD_ACTIONS.mitigate:
      return { kind: 'mitigate' };
    case CARD_ACTIONS.resolve:
      return { kind: 'resolve' };
    case CARD_ACTIONS.notChangeRelated:
      return { kind: 'cause', cause: { changeRelated: false } };
    case CARD_ACTIONS.confirmCause:
    case CARD_ACTIONS.pickCause:
      return picked ? { kind: 'cause', cause: { deploymentId: picked } } : undefined;
    case CARD_ACTIONS.remedy: {
      const remediation = remedyFromValue(picked);
      return remediation ? { kind: 'remediate', remediation } : undefined;
    }
    default:
      return undefined;
  }
}
