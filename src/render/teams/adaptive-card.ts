/** The Adaptive Card subset doraflow sends to Teams, schema 1.5 (the highest Teams renders). */
export type CardElement = Readonly<Record<string, unknown>>;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly msteams?: { readonly width: 'Full' };
}

/** What a Teams message is: a Markdown text, optionally with one card. */
export interface TeamsMessage {
  readonly text: string;
  readonly card?: AdaptiveCard;
}

/** Teams limits: cards above ~28 KB risk `MessageSizeTooBig` on some clients (integrations.md §2.3). */
export const TEAMS_LIMITS = { cardBytes: 28_000, listLines: 30, textChars: 2_000 } as const;

export const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

const EMOJI: Readonly<Record<string, string>> = {
  white_check_mark: '✅',
  x: '❌',
  warning: '⚠️',
  tada: '🎉',
  no_entry: '⛔',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  red_circle: '🔴',
  hourglass: '⌛',
  alarm_clock: '⏰',
  rotating_light: '🚨',
  package: '📦',
  electric_plug: '🔌',
  raising_hand: '🙋',
  ballot_box_with_check: '☑️',
  zzz: '💤',
};

/**
 * Slack mrkdwn (what the shared view models write) as Teams Markdown: `*bold*` → `**bold**`,
 * `<url|text>` → `[text](url)`, `:emoji:` → the character, Slack mentions as plain ids.
 */
export function teamsMarkdown(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '[$2]($1)')
    .replace(/<!subteam\^([A-Z0-9]+)(\|[^>]*)?>/g, '@$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1**$2**')
    .replace(/:([a-z_]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

/** Teams Markdown for a card's TextBlock, which has no inline code: `` `code` `` → “code”. */
export const cardMarkdown = (text: string): string => teamsMarkdown(text).replace(/`([^`\n]+)`/g, '“$1”');

export const textBlock = (text: string, extra: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text: truncateText(cardMarkdown(text), TEAMS_LIMITS.textChars),
  wrap: true,
  ...extra,
});

export function truncateText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const card = (body: readonly CardElement[], actions?: readonly CardElement[]): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: SCHEMA,
  version: '1.5',
  body,
  ...(actions?.length ? { actions } : {}),
  msteams: { width: 'Full' },
});

/**
 * Lines as one text block each, at most `maxLines`, within a byte budget; the rest (and `hidden` items
 * not in `lines`) as "…and N more".
 */
export function listBlocks(
  lines: readonly string[],
  maxBytes: number,
  maxLines: number = TEAMS_LIMITS.listLines,
  hidden = 0,
): CardElement[] {
  const blocks: CardElement[] = [];
  let used = 0;
  let shown = 0;
  for (const line of lines) {
    if (shown >= maxLines) break;
    const block = textBlock(line, { spacing: 'None' });
    const size = Buffer.byteLength(JSON.stringify(block));
    if (used + size > maxBytes - 200) break;
    blocks.push(block);
    used += size;
    shown += 1;
  }
  const rest = lines.length - shown + hidden;
  if (rest > 0) blocks.push(textBlock(`…and ${rest} more`, { isSubtle: true }));
  return blocks;
}

/** The card's size as Teams counts it (its JSON). */
export const cardBytes = (value: AdaptiveCard) => Buffer.byteLength(JSON.stringify(value));
