import type { ChatReply } from '../render/chat-reply.js';
import type { ChatContext, ChatHandlerDependencies } from './chat-context.js';
import { handleChatCommand } from './handle-chat-command.js';
import { parseChatCommand } from './parse-chat-command.js';

/**
 * A summary's buttons: Details draws the answer again with every key's provenance, for the asker;
 * Share posts it for everyone in the channel, without the asker's buttons. `command` is the
 * summary's own words; a button only ever asks for a summary again (never setup, whatever its value
 * says): anything else is `undefined`.
 */
export async function answerSummaryAction(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  command: string,
  share: boolean,
): Promise<ChatReply | undefined> {
  const parsed = parseChatCommand(share ? command : `${command} details`);
  if (parsed.kind !== 'summary') return undefined;
  const reply = await handleChatCommand(deps, share ? { ...context, private: false } : context, parsed);
  return reply.kind === 'summary' && share
    ? { kind: 'summary', view: reply.view, detailed: reply.detailed ?? false }
    : reply;
}
