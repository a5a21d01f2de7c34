/** The Block Kit subset doraflow sends, as plain JSON (docs: https://docs.slack.dev/reference/block-kit). */
export type TextObject = { readonly type: 'mrkdwn' | 'plain_text'; readonly text: string };

export type Block =
  | { readonly type: 'header'; readonly text: TextObject }
  | {
      readonly type: 'section';
      readonly text: TextObject;
      readonly block_id?: string;
      readonly fields?: readonly TextObject[];
    }
  | { readonly type: 'context'; readonly elements: readonly TextObject[] }
  | { readonly type: 'divider' }
  | {
      readonly type: 'image';
      readonly slack_file: { readonly id: string };
      readonly alt_text: string;
      readonly title?: TextObject;
    }
  | {
      readonly type: 'actions';
      readonly block_id?: string;
      readonly elements: ReadonlyArray<ButtonElement | SelectElement>;
    };

export interface ButtonElement {
  readonly type: 'button';
  readonly text: TextObject;
  readonly action_id: string;
  readonly value?: string;
  readonly style?: 'primary' | 'danger';
  readonly url?: string;
  /** A dialog Slack shows before the action runs. */
  readonly confirm?: {
    readonly title: TextObject;
    readonly text: TextObject;
    readonly confirm: TextObject;
    readonly deny: TextObject;
  };
}

type SelectOption = { readonly text: TextObject; readonly value: string };

/** A select menu: its options, or its options in labelled groups. */
export type SelectElement = {
  readonly type: 'static_select';
  readonly action_id: string;
  readonly placeholder: TextObject;
} & (
  | { readonly options: readonly SelectOption[] }
  | {
      readonly option_groups: ReadonlyArray<{
        readonly label: TextObject;
        readonly options: readonly SelectOption[];
      }>;
    }
);

/** A message: blocks plus the plain-text fallback every message must have. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Block[];
}

/** Slack's limits (integrations.md §1.6). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  fields: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  blockId: 255,
  fallbackText: 40_000,
} as const;

/** Cuts text to a limit, ending with an ellipsis when cut (counted in code points, as Slack does). */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): TextObject => ({
  type: 'mrkdwn',
  text: truncate(text, max),
});

/** The most lines a list shows: more is a wall nobody reads. */
export const MAX_LIST_LINES = 30;

/**
 * Lines as sections of at most 3,000 characters each, within a budget of blocks and at most
 * `maxLines` lines; whatever does not fit (and `hidden` items not in `lines`) ends with "…and N more".
 */
export function listSections(
  lines: readonly string[],
  maxBlocks: number,
  maxLines = MAX_LIST_LINES,
  hidden = 0,
): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  let shown = 0;
  const flush = () => {
    if (current.length) blocks.push({ type: 'section', text: mrkdwn(current.join('\n')) });
    current = [];
  };
  const reserve = 40; // room for the "and N more" line
  for (const line of lines) {
    if (shown >= maxLines) break;
    const next = [...current, line].join('\n');
    if ([...next].length > SLACK_LIMITS.sectionText - reserve) {
      if (blocks.length + 1 >= maxBlocks) break;
      flush();
    }
    current.push(truncate(line, SLACK_LIMITS.sectionText - reserve));
    shown += 1;
  }
  const rest = lines.length - shown + hidden;
  if (rest > 0) current.push(`…and ${rest} more`);
  flush();
  return blocks;
}

/** An uploaded chart as an image block (its alt text says the numbers, for screen readers). */
export const imageBlock = (
  fileId: string,
  chart: { readonly title: string; readonly alt: string },
): Block => ({
  type: 'image',
  slack_file: { id: fileId },
  alt_text: truncate(chart.alt, 2_000),
  title: { type: 'plain_text', text: truncate(chart.title, 2_000) },
});
