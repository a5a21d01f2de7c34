import { CARD_ACTIONS } from '../render/card-actions.js';
import type { IncidentChange } from './change-incident.js';

/**
 * What an incident card's action asks for, on either platform: the action id (Slack) or verb
 * (Teams), and the deployment it names when it sets the cause.
 */
export function cardActionChange(action: string, deployment: string | undefined): IncidentChange | undefined {
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
      return deployment ? { kind: 'cause', cause: { deploymentId: deployment } } : undefined;
    default:
      return undefined;
  }
}
