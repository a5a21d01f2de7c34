/**
 * The actions of doraflow's cards (incident card, stuck-work alert), by id. Slack uses them as `action_id`s, Teams as
 * `Action.Execute` verbs; the ids are persisted in posted messages, so never rename one.
 */
export const CARD_ACTIONS = {
  acknowledge: 'incident_acknowledge',
  resolve: 'incident_resolve',
  mitigate: 'incident_mitigate',
  confirmCause: 'incident_cause_confirm',
  pickCause: 'incident_cause_pick',
  notChangeRelated: 'incident_cause_none',
  remedy: 'incident_remedy',
  snooze: 'stuck_snooze',
  notStuck: 'stuck_not_stuck',
  onIt: 'stuck_on_it',
  summaryDetails: 'summary_details',
  summaryShare: 'summary_share',
  /** A link button (Slack still sends its click: acknowledged, nothing else). */
  openDashboard: 'open_dashboard',
} as const;

export type CardAction = (typeof CARD_ACTIONS)[keyof typeof CARD_ACTIONS];

/** The prefix of an incident card's actions block id; the incident id follows it. */
export const INCIDENT_BLOCK_PREFIX = 'incident:';

/** The prefix of a stuck-work alert's actions block id; the alert id follows it. */
export const STUCK_BLOCK_PREFIX = 'stuck:';
