import type { ChartImage } from './charts/chart-image.js';
import type { DigestView } from './digest-view.js';
import type { IncidentView } from './incident-view.js';
import type { StuckAlertView } from './stuck-alert-view.js';
import type { SummaryView } from './summary-view.js';

/** What a command answers, before a platform renders it (Block Kit or Adaptive Card). */
export type ChatReply =
  | {
      readonly kind: 'summary';
      readonly view: SummaryView;
      /** Every key with provenance and the flow lines, not one line per key. */
      readonly detailed?: boolean;
      /** The command words that asked for it (`payments 7d`), carried by Details and Share buttons. */
      readonly replay?: string;
      /** Offer "Share to channel" (the answer is ephemeral). */
      readonly shareable?: boolean;
      /** A signed link to the dashboard's page of the same scope ("Open in doraflow"). */
      readonly openUrl?: string;
    }
  | { readonly kind: 'incident'; readonly view: IncidentView }
  | { readonly kind: 'digest'; readonly view: DigestView }
  | { readonly kind: 'stuck-alert'; readonly view: StuckAlertView }
  | { readonly kind: 'text'; readonly text: string; readonly error?: boolean }
  /** A titled list; long lists are cut by the renderer with "and N more". */
  | {
      readonly kind: 'list';
      readonly title: string;
      readonly subtitle: string;
      readonly lines: readonly string[];
      readonly empty: string;
      /** Items left out of `lines` (counted in the "…and N more" line). */
      readonly hidden?: number;
      /** A picture of the same numbers, shown above the lines (which stay for screen readers). */
      readonly chart?: ChartImage;
    };

/** The chart a reply carries, if any (a digest's 12 weeks, `/dora <team> charts`). */
export function chartOf(reply: ChatReply): ChartImage | undefined {
  if (reply.kind === 'digest') return reply.view.chart;
  if (reply.kind === 'list') return reply.chart;
  return undefined;
}

/** The same reply without its chart (when a platform refuses the picture, the text stands alone). */
export function withoutChart(reply: ChatReply): ChatReply {
  if (reply.kind === 'digest') {
    const { chart: _chart, ...view } = reply.view;
    return { ...reply, view };
  }
  if (reply.kind === 'list') {
    const { chart: _chart, ...rest } = reply;
    return rest;
  }
  return reply;
}
