import type { ChatReply } from '../chat-reply.js';
import { type TeamsMessage, teamsMarkdown } from './adaptive-card.js';
import {
  renderDigestCard,
  renderIncidentAdaptiveCard,
  renderListCard,
  renderStuckAlertCard,
  renderSummaryCard,
} from './render-teams-cards.js';

/** A chat reply as a Teams message: Markdown text, with an Adaptive Card for anything structured. */
export function renderTeamsReply(reply: ChatReply): TeamsMessage {
  switch (reply.kind) {
    case 'text':
      return { text: teamsMarkdown(reply.error ? `:warning: ${reply.text}` : reply.text) };
    case 'summary':
      return { text: `${reply.view.title}: ${reply.view.headline}`, card: renderSummaryCard(reply) };
    case 'list':
      return {
        text: reply.title,
        card: renderListCard(
          reply.title,
          reply.subtitle,
          reply.lines,
          reply.empty,
          reply.hidden,
          reply.chart,
        ),
      };
    case 'incident':
      return { text: teamsMarkdown(reply.view.fallback), card: renderIncidentAdaptiveCard(reply.view) };
    case 'digest':
      return { text: reply.view.title, card: renderDigestCard(reply.view) };
    case 'stuck-alert':
      return { text: reply.view.fallback, card: renderStuckAlertCard(reply.view) };
  }
}
