import type { ChannelRef } from '../domain/chat-platform.js';
import { findOwningTeam } from '../notify/find-owning-team.js';
import type { ChatReply } from '../render/chat-reply.js';
import { incidentLabel } from '../render/incident-view.js';
import { changeIncident, declareIncident } from './change-incident.js';
import type { ChatCommand } from './chat-command.js';
import type { ChatContext, ChatHandlerDependencies } from './chat-context.js';

type IncidentCommand = Extract<ChatCommand, { kind: 'incident-declare' | 'ack' | 'mitigate' | 'resolve' }>;

export const isIncidentCommand = (command: ChatCommand): command is IncidentCommand =>
  command.kind === 'incident-declare' ||
  command.kind === 'ack' ||
  command.kind === 'mitigate' ||
  command.kind === 'resolve';

/** The incident a person named: its short number (`INC-42`, `inc42`, `#42`) or its id. */
async function incidentIdOf(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  named: string,
): Promise<string | undefined> {
  // A source's own id wins (ServiceNow's INC0010001, incident.io's INC-7 are ids too).
  if (await deps.storage.events.getIncident(context.tenant, named)) return named;
  const number = /^(?:INC-?|#)(\d{1,9})$/i.exec(named)?.[1];
  return number ? deps.storage.incidentNumbers.incidentOf(context.tenant, Number(number)) : named;
}

/** `incident declare`, `ack`, `mitigate`, `resolve`: change the incident, then bring its cards up to date. */
export async function handleIncidentCommand(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  command: IncidentCommand,
): Promise<ChatReply> {
  const here: ChannelRef = { platform: context.platform, channelId: context.channelId };
  const mention = context.mention ?? ((person: string) => person);
  if (command.kind === 'incident-declare') {
    const incident = await declareIncident(deps.storage, context.tenant, command, context.userId, deps.now());
    const team = await findOwningTeam(deps.storage, context.tenant, command.service);
    await deps.incidentChanged?.(context.tenant, incident.id, [here]);
    const owner = team
      ? `Its card is in this channel and in the channels linked to team ${team.name}.`
      : `No team lists service ${command.service}, so its card is only in this channel (\`${context.prefix} team set <team> services …\`).`;
    const number = await deps.storage.incidentNumbers.numberOf(context.tenant, incident.id);
    return {
      kind: 'text',
      text: `Declared incident \`${incidentLabel(incident.id, number)}\`: ${command.service} — ${command.title}. ${owner}`,
    };
  }
  const id = await incidentIdOf(deps, context, command.id);
  const known = id ? await deps.storage.events.getIncident(context.tenant, id) : undefined;
  if (!id || !known)
    return {
      kind: 'text',
      error: true,
      text: `No incident "${command.id}". Open incidents: \`${context.prefix} incidents open\`.`,
    };
  const outcome = await changeIncident(
    deps.storage,
    context.tenant,
    id,
    { kind: command.kind === 'ack' ? 'acknowledge' : command.kind },
    context.userId,
    deps.now(),
    mention,
  );
  if (outcome.changed) await deps.incidentChanged?.(context.tenant, id);
  return { kind: 'text', text: outcome.message };
}
