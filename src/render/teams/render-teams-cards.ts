import { CARD_ACTIONS } from '../card-actions.js';
import type { ChartImage } from '../charts/chart-image.js';
import type { ChatReply } from '../chat-reply.js';
import type { DigestView } from '../digest-view.js';
import type { IncidentView } from '../incident-view.js';
import { groupedLines, groupLine, type MetricIcons, metricLines } from '../metric-lines.js';
import type { StuckAlertView } from '../stuck-alert-view.js';
import type { MetricView, SummaryView } from '../summary-view.js';
import {
  type AdaptiveCard,
  type CardElement,
  card,
  cardMarkdown,
  listBlocks,
  TEAMS_LIMITS,
  textBlock,
} from './adaptive-card.js';

const ICONS: MetricIcons = {
  tier: { elite: '🟢', high: '🔵', medium: '🟡', low: '🔴' },
  met: '✅',
  sparkline: (bars) => bars,
  missed: '❌',
  indent: '•  ',
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

/** The keys at a glance (the answer and the digest): headline, one line per key, flow in a line. */
function compactBody(view: SummaryView, withSparklines = false): CardElement[] {
  return [
    ...header(view.title, view.subtitle),
    textBlock(`*${view.headline}*`, { spacing: 'Small' }),
    ...groupedLines(view, ICONS, withSparklines).map((line) => textBlock(line, { spacing: 'Small' })),
    textBlock(view.flowSummary, { isSubtle: true, spacing: 'Small' }),
  ];
}

type SummaryReply = Omit<Extract<ChatReply, { kind: 'summary' }>, 'kind'>;

/**
 * The summary as an Adaptive Card: compact (one line per key, a Details button that redraws the
 * card with every key's trend, sparkline and provenance and the flow lines), or detailed.
 */
export function renderSummaryCard({ view, detailed, replay, openUrl }: SummaryReply): AdaptiveCard {
  const open = openUrl ? [{ type: 'Action.OpenUrl', title: 'Open in doraflow', url: openUrl }] : [];
  if (!detailed)
    return card(compactBody(view), [
      ...(replay === undefined ? [] : [execute('Details', CARD_ACTIONS.summaryDetails, { command: replay })]),
      ...open,
    ]);
  return card([
    ...header(view.title, view.subtitle),
    textBlock(`*${view.headline}*`, { spacing: 'Small' }),
    ...view.groups.flatMap((group) => [
      textBlock(groupLine(group), { separator: true, spacing: 'Medium' }),
      ...view.metrics.filter((m) => group.keys.includes(m.key)).map(metricBlocks),
    ]),
    textBlock('*Flow*', { separator: true, spacing: 'Medium' }),
    ...listBlocks(view.flowLines, 4_000),
  ]);
}

/** A titled list (deploys, incidents, flow, stuck). */
export function renderListCard(
  title: string,
  subtitle: string,
  lines: readonly string[],
  empty: string,
  hidden = 0,
  chart?: ChartImage,
): AdaptiveCard {
  return card([
    ...header(title, subtitle),
    ...(chart ? [chartImage(chart)] : []),
    ...(lines.length
      ? listBlocks(lines, TEAMS_LIMITS.cardBytes - 2_000, undefined, hidden)
      : [textBlock(empty)]),
  ]);
}

/**
 * A chart inside a card, as a data URI (no public URL needed). The PNG is drawn 560 px wide with crisp
 * shapes (about 15 KB); with it a digest card stays well under Teams' message limit, and a card Teams
 * refuses as too big is sent again without it.
 */
const chartImage = (chart: ChartImage): CardElement => ({
  type: 'Image',
  url: `data:image/png;base64,${chart.png.toString('base64')}`,
  altText: chart.alt,
  size: 'Stretch',
  spacing: 'Medium',
});

/** The weekly digest: the summary, then the week's deployments, incidents and stuck work. */
export function renderDigestCard(view: DigestView): AdaptiveCard {
  const sections = view.sections.flatMap((section) => [
    textBlock(`*${section.title}*`, { separator: true, spacing: 'Medium' }),
    ...(section.lines.length ? listBlocks(section.lines, 5_000, 10) : [textBlock(section.empty)]),
  ]);
  return card([...compactBody(view, true), ...(view.chart ? [chartImage(view.chart)] : []), ...sections]);
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
    textBlock(`🚨 ${view.title}`, { size: 'Large', weight: 'Bolder' }),
    textBlock(
      `*${view.statusLabel}*${view.severity ? ` · *${view.severity}*` : ''} · ${view.label}${view.url ? ` · <${view.url}|open>` : ''}`,
      { spacing: 'None' },
    ),
    { type: 'FactSet', facts: view.facts.map((f) => ({ title: f.label, value: cardMarkdown(f.value) })) },
    textBlock(
      `${view.cause.text}${'url' in view.cause && view.cause.url ? ` <${view.cause.url}|deployment>` : ''}`,
    ),
    ...(view.remedy?.text ? [textBlock(view.remedy.text)] : []),
  ];
  const actions: CardElement[] = [];
  if (view.canAcknowledge) actions.push(execute('Acknowledge', CARD_ACTIONS.acknowledge, data, 'positive'));
  if (view.canMitigate) actions.push(execute('Mitigated', CARD_ACTIONS.mitigate, data));
  // Resolving cannot be undone from the card: it asks first (Action.Execute has no confirm dialog).
  if (view.canResolve)
    actions.push({
      type: 'Action.ShowCard',
      title: 'Resolve',
      card: {
        type: 'AdaptiveCard',
        body: [textBlock(`Resolve ${view.title}? Its restore time is recorded now.`)],
        actions: [execute('Yes, resolve', CARD_ACTIONS.resolve, data, 'destructive')],
      },
    });
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
            label: 'The deployment that caused it',
            placeholder: 'Choose a recent deployment',
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
  if (view.remedy)
    actions.push({
      type: 'Action.ShowCard',
      title: view.remedy.text ? 'Change how it was fixed' : 'How was it fixed?',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.ChoiceSet',
            id: 'remedy',
            label: 'How the service was restored',
            placeholder: 'Choose how it was fixed',
            style: 'compact',
            isRequired: true,
            choices: view.remedy.groups.flatMap((group) =>
              group.options.map((o) => ({ title: o.label, value: o.value })),
            ),
          },
        ],
        actions: [execute('Save', CARD_ACTIONS.remedy, data)],
      },
    });
  return card(body, actions);
}

/** The grouped stuck-work alert: per item its line and an ActionSet, or who answered what. */
export function renderStuckAlertCard(view: StuckAlertView): AdaptiveCard {
  const body: CardElement[] = [textBlock(view.title, { weight: 'Bolder' })];
  for (const item of view.items) {
    body.push(textBlock(`${item.text}${item.url ? ` · <${item.url}|view item>` : ''}`, { separator: true }));
    const data = { alert: item.alertId, group: item.group };
    body.push(
      item.answer
        ? textBlock(item.answer, { isSubtle: true, spacing: 'None' })
        : {
            type: 'ActionSet',
            spacing: 'Small',
            actions: [
              execute("I'm on it", CARD_ACTIONS.onIt, data, 'positive'),
              execute('Snooze 1 day', CARD_ACTIONS.snooze, data),
              execute('Not stuck', CARD_ACTIONS.notStuck, data),
            ],
          },
    );
  }
  const more = view.hidden ? `…and ${view.hidden} more. ` : '';
  body.push(textBlock(`${more}${view.hint}`, { isSubtle: true, size: 'Small' }));
  return card(body);
}
