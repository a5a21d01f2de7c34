import type { DigestView } from '../digest-view.js';
import {
  type Block,
  imageBlock,
  listSections,
  mrkdwn,
  SLACK_LIMITS,
  type SlackMessage,
  truncate,
} from './block-kit.js';
import { renderCompactSummary } from './render-summary-message.js';

/** Lines each digest section shows at most; the rest is counted. */
const SECTION_LINES = 10;

/** The weekly digest: the summary message, then deployments, incidents and stuck work of the week. */
export function renderDigestMessage(view: DigestView, chartFileId?: string): SlackMessage {
  const blocks: Block[] = renderCompactSummary(view, true);
  if (view.chart && chartFileId) blocks.push(imageBlock(chartFileId, view.chart));
  for (const section of view.sections) {
    const room = SLACK_LIMITS.blocks - blocks.length - 2;
    if (room < 1) break;
    blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(`*${section.title}*`) });
    blocks.push(
      ...(section.lines.length
        ? listSections(section.lines, room, SECTION_LINES)
        : [{ type: 'section' as const, text: mrkdwn(section.empty) }]),
    );
  }
  return {
    text: truncate(
      `${view.title}: ${view.headline}. ${view.metrics.map((m) => `${m.label} ${m.value}`).join('; ')}`,
      SLACK_LIMITS.fallbackText,
    ),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}
