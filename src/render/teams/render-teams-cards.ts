import { CARD_ACTIONS } from '../card-actions.js';
import type { DigestView } from '../digest-view.js';
import type { IncidentView } from '../incident-view.js';
import { type MetricIcons, metricLines } from '../metric-lines.js';
import type { StuckAlertView } from '../stuck-alert-view.js';
import type { MetricView, SummaryView } from '../summary-view.js';
import {
  type AdaptiveCard,
  type CardElement,
  card,
  listBlocks,
  TEAMS_LIMITS,
  teamsMarkdown,
  textBlock,
} from './adaptive-card.js';

const ICONS: MetricIcons = {
  tier: { elite: '🟢', high: '🔵', medium: '🟡', low: '🔴' },
  met: '✅',
  missed: '❌',
};

function metricBlocks(m: MetricView): CardElement {
  const { headline, details } = metricLines(m, ICONS);
  return {
    type: 'Container',
    id: `metric-${m.key}`,
    spacing: 'Medium',
    items: [
      textBlock(headline),
      ...(details ? [textBlock(details, { spacing: 'None' })] : []),
      textBlock(m.provenance, { isSubtle: true, size: 'Small', spacing: 'None' }),
    ],
  };
}

const header = (title: string, subtitle: string): CardElement[] => [
  textBlock(title, { size: 'Large', weight: 'Bolder' }),
  textBlock(subtitle, { isSubtle: true, spacing: 'None' }),
];

/** The `/dora` summary as an Adaptive Card: the same five keys, tiers, trends, targets, provenance, flow. */
export function renderSummaryCard(view: SummaryView, extra: readonly CardElement[] = []): AdaptiveCard {
  const body: CardElement[] = [
    ...header(view.title, view.subtitle),
    ...view.metrics.map(metricBlocks),
    textBlock('*Flow*', { separator: true, spacing: 'Medium' }),
    ...listBlocks(view.flowLines, 4_000),
    ...extra,
  ];
  return card(body);
}

/** A titled list (deploys, incidents, flow, stuck). */
export function renderListCard(
  title: string,
  subtitle: string,
  lines: readonly string[],
  empty: string,
  hidden = 0,
): AdaptiveCard {
  return card([
    ...header(title, subtitle),
    ...(lines.length
      ? listBlocks(lines, TEAMS_LIMITS.cardBytes - 2_000, undefined, hidden)
      : [textBlock(empty)]),
  ]);
}

/** The weekly digest: the summary, then the week's deployments, incidents and stuck work. */
export function renderDigestCard(view: DigestView): AdaptiveCard {
  const sections = view.sections.flatMap((section) => [
    textBlock(`*${section.title}*`, { separator: true, spacing: 'Medium' }),
    ...(section.lines.length ? listBlocks(section.lines, 5_000, 10) : [textBlock(section.empty)]),
  ]);
  return renderSummaryCard(view, sections);
}

const execute = (
  title: string,
  verb: string,
  data: Record<string, string>,
  style?: 'positive' | 'destructive',
) => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...(style ? { style } : {}),
});

/**
 * The incident card with Universal Actions (`Action.Execute`): Acknowledge, Resolve, Confirm cause,
 * Pick another (a choice of recent deployments) and Not change-related. The incident id rides in
 * every action's data.
 */
export function renderIncidentAdaptiveCard(view: IncidentView): AdaptiveCard {
  const data = { incident: view.id };
  const body: CardElement[] = [
    textBlock(`Incident: ${view.title}`, { size: 'Large', weight: 'Bolder' }),
    textBlock(`*${view.statusLabel}* · \`${view.id}\`${view.url ? ` · <${view.url}|open>` : ''}`, {
      spacing: 'None',
    }),
    { type: 'FactSet', facts: view.facts.map((f) => ({ title: f.label, value: teamsMarkdown(f.value) })) },
    textBlock(view.cause.text),
  ];
  const actions: CardElement[] = [];
  if (view.canAcknowledge) actions.push(execute('Acknowledge', CARD_ACTIONS.acknowledge, data, 'positive'));
  if (view.canResolve) actions.push(execute('Resolve', CARD_ACTIONS.resolve, data));
  if (view.cause.kind === 'suggested')
    actions.push(
      execute('Confirm cause', CARD_ACTIONS.confirmCause, { ...data, deployment: view.cause.deploymentId }),
    );
  if (view.candidates.length)
    actions.push({
      type: 'Action.ShowCard',
      title: view.cause.kind === 'suggested' ? 'Pick another' : 'Pick the cause',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.ChoiceSet',
            id: 'deployment',
            style: 'compact',
            isRequired: true,
            choices: view.candidates.map((c) => ({ title: c.label, value: c.deploymentId })),
          },
        ],
        actions: [execute('Set as cause', CARD_ACTIONS.pickCause, data)],
      },
    });
  if (view.cause.kind !== 'not-change-related')
    actions.push(execute('Not change-related', CARD_ACTIONS.notChangeRelated, data));
  return card(body, actions);
}

/** The stuck-work alert with I'm on it / Snooze 1 day / Not stuck. */
export function renderStuckAlertCard(view: StuckAlertView): AdaptiveCard {
  // The buttons carry what the card says, so the answered card can say it again (an invoke brings
  // nothing but the action's data).
  const data = {
    alert: view.alertId,
    team: view.team,
    text: view.text,
    ...(view.url ? { url: view.url } : {}),
  };
  return card(
    [
      textBlock(`${view.text}${view.url ? ` <${view.url}|open>` : ''}`),
      textBlock(`Team ${view.team} · doraflow stuck-work alert`, { isSubtle: true, size: 'Small' }),
    ],
    [
      execute("I'm on it", CARD_ACTIONS.onIt, data, 'positive'),
      execute('Snooze 1 day', CARD_ACTIONS.snooze, data),
      execute('Not stuck', CARD_ACTIONS.notStuck, data),
    ],
  );
}
