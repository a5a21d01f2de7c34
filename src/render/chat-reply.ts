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
    };
