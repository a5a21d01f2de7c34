import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudAdapter, type Request, type TurnContext } from 'botbuilder';
import { DoraflowError } from '../../domain/doraflow-error.js';
import type { ChatSender } from '../../notify/chat-sender.js';
import { checkActivity } from './check-activity.js';
import { createDoraflowBot } from './create-doraflow-bot.js';
import { createTeamsSender } from './create-teams-sender.js';
import type { TeamsEdgeOptions } from './teams-edge-options.js';
import { teamsResponse } from './teams-response.js';
import { teamsTurnScope } from './teams-turn-scope.js';

export interface TeamsEdge {
  /** `POST /api/messages`: the body already read. */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  readonly sender: ChatSender;
  /** Runs one turn (botbuilder's TestAdapter drives this in tests). */
  turn(context: TurnContext): Promise<void>;
}

/**
 * The Teams edge: botbuilder's CloudAdapter on doraflow's own HTTP server, with doraflow's bot for
 * messages and card actions and a sender for proactive posts. Only this folder imports botbuilder.
 */
export function createTeamsEdge(options: TeamsEdgeOptions): TeamsEdge {
  const log = options.log.child({ platform: 'teams' });
  const adapter = new CloudAdapter(options.auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error.message, activity: context.activity.type }, 'teams turn failed');
    if (context.activity.type === 'message')
      await context.sendActivity("⚠️ Something went wrong; the error is in doraflow's log.");
  };
  const bot = createDoraflowBot(options, teamsTurnScope(options), log);
  return {
    sender: createTeamsSender({ adapter, appId: options.appId, storage: options.storage, log }),
    turn: (context) => bot.run(context),
    async handle(req, res, body) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new DoraflowError(
          'DORAFLOW_ERR_BAD_JSON',
          `the body is not valid JSON: ${(error as Error).message}`,
        );
      }
      const request: Request = {
        body: checkActivity(parsed),
        headers: req.headers,
        method: req.method ?? 'POST',
      };
      await adapter.process(request, teamsResponse(res, log), (context) => bot.run(context));
    },
  };
}
