import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { chartOf } from '../../render/chat-reply.js';
import { renderSlackReply } from '../../render/slack/render-slack-reply.js';
import { handleChatCommand } from '../handle-chat-command.js';
import { parseChatCommand } from '../parse-chat-command.js';
import type { SlackEdgeOptions } from './slack-edge-options.js';
import type { SlackRequestScope } from './slack-request-scope.js';
import { uploadReplyChart } from './upload-chart.js';

/**
 * `/dora`: answered in the acknowledgement when it is ready within `answerWithinMs` (Slack allows
 * 3 s); otherwise "Working on it…" first and the answer through `response_url`.
 */
export function onDoraCommand(
  app: App,
  options: SlackEdgeOptions,
  scope: SlackRequestScope,
  log: Logger,
): void {
  const answerWithin = options.answerWithinMs ?? 2_000;
  app.command('/dora', async ({ command, ack, respond, client }) => {
    const tenant = scope.tenantOf(
      command.team_id,
      command.enterprise_id,
      command.is_enterprise_install === 'true',
    );
    const context = scope.contextOf(tenant, command.channel_id, command.user_id, client);
    const turnLog = log.child({ tenant, channel: context.channelId });
    // The asker's name (for cards on Teams) is kept alongside, inside Slack's 3 s; never fails /dora.
    const work = options.storage.people
      .remember(tenant, command.user_id, command.user_name)
      .catch((error: unknown) => turnLog.warn({ err: (error as Error).message }, 'could not keep the name'))
      .then(() => handleChatCommand(options, context, parseChatCommand(command.text)))
      .then((reply) => ({ reply, message: renderSlackReply(reply) }));
    /**
     * The picture follows the answer (an upload takes a moment, and Slack may refuse a file it has not
     * finished): once the words are there, the same answer with the chart replaces them.
     */
    const picture = ({ reply }: Awaited<typeof work>) => {
      if (!chartOf(reply)) return;
      const pictured = uploadReplyChart(client, reply, turnLog).then(async (fileId) => {
        if (!fileId) return;
        const message = renderSlackReply(reply, fileId);
        await respond({ ...message, blocks: [...message.blocks], replace_original: true }).catch(
          (error: unknown) =>
            turnLog.warn({ err: (error as Error).message }, 'the answer keeps its words without the chart'),
        );
      });
      void (options.follow ? options.follow(pictured) : pictured);
    };
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), answerWithin);
    });
    const fast = await Promise.race([work, slow]).finally(() => clearTimeout(timer));
    if (fast) {
      await ack({ response_type: 'ephemeral', ...fast.message, blocks: [...fast.message.blocks] });
      picture(fast);
      return;
    }
    await ack({ response_type: 'ephemeral', text: 'Working on it…' });
    try {
      const answer = await work;
      await respond({ response_type: 'ephemeral', ...answer.message, blocks: [...answer.message.blocks] });
      picture(answer);
    } catch (error) {
      turnLog.error({ err: (error as Error).message }, '/dora failed after acknowledging');
      await respond({
        response_type: 'ephemeral',
        text: ":warning: Something went wrong; the error is in doraflow's log.",
      });
    }
  });
}
