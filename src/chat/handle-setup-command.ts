import type { ChannelRef, Subscription } from '../domain/chat-platform.js';
import { digestCoverage } from '../domain/digest-window.js';
import { assertTimezone } from '../domain/metrics/report-window.js';
import { digestSchedule, nextRun } from '../domain/schedule.js';
import { createTeam } from '../domain/team.js';
import type { ChatReply } from '../render/chat-reply.js';
import { localTime } from '../render/local-time.js';
import { plural } from '../render/plural.js';
import { applyTeamSetting } from './apply-team-setting.js';
import type { ChatCommand } from './chat-command.js';
import type { ChatContext, ChatHandlerDependencies } from './chat-context.js';
import { describeTeam } from './describe-team.js';
import { findOpenIncidents } from './find-open-incidents.js';
import { previewProduction } from './preview-production.js';

const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const text = (t: string, error = false): ChatReply =>
  error ? { kind: 'text', text: t, error } : { kind: 'text', text: t };

/** A channel as the asker reads it: "this channel", a Slack channel mention, or which platform. */
function channelName(context: ChatContext, channel: ChannelRef): string {
  if (channel.platform === context.platform && channel.channelId === context.channelId) return 'this channel';
  if (channel.platform === 'slack' && context.platform === 'slack') return `<#${channel.channelId}>`;
  return `a ${channel.platform === 'slack' ? 'Slack' : 'Teams'} channel`;
}

/** The configuration commands: teams, channel links, digest subscriptions. */
export async function handleSetupCommand(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  command: ChatCommand,
): Promise<ChatReply | undefined> {
  const { storage } = deps;
  const { tenant } = context;
  const channel = { platform: context.platform, channelId: context.channelId };
  switch (command.kind) {
    case 'team-add': {
      if (await storage.teams.get(tenant, command.name))
        return text(
          `Team *${command.name}* exists already; change it with \`${context.prefix} team set ${command.name} …\`.`,
          true,
        );
      const team = createTeam(command.name, { services: command.services });
      await storage.teams.save(tenant, team);
      return text(
        `Team created.\n${describeTeam(team)}\nLink a channel with \`${context.prefix} link ${team.name}\`.`,
      );
    }
    case 'team-set': {
      const team = await storage.teams.get(tenant, command.name);
      if (!team)
        return text(
          `No team *${command.name}*; create it with \`${context.prefix} team add ${command.name} <services>\`.`,
          true,
        );
      const changed = applyTeamSetting(team, command.setting);
      await storage.teams.save(tenant, changed);
      const preview =
        command.setting.key === 'production'
          ? `\n${await previewProduction(storage, tenant, changed, deps.now())}`
          : '';
      return text(`Saved.\n${describeTeam(changed)}${preview}`);
    }
    case 'team-show': {
      if (command.name) {
        const team = await storage.teams.get(tenant, command.name);
        return team ? text(describeTeam(team)) : text(`No team *${command.name}*.`, true);
      }
      const teams = await storage.teams.list(tenant);
      return text(
        teams.length
          ? teams.map(describeTeam).join('\n\n')
          : `No teams yet: \`${context.prefix} team add <team> <services…>\`.`,
      );
    }
    case 'link': {
      const team = await storage.teams.get(tenant, command.team);
      if (!team)
        return text(
          `No team *${command.team}*; create it first with \`${context.prefix} team add ${command.team} <services>\`.`,
          true,
        );
      await storage.channelLinks.link(tenant, { ...channel, team: team.name });
      await deps.setupChanged?.(tenant);
      // Incidents open already get their cards here too (the card sync posts to linked channels).
      const open = await findOpenIncidents(storage, tenant, team.services);
      for (const incident of open) await deps.incidentChanged?.(tenant, incident.id);
      const cards = open.length
        ? ` ${plural(open.length, 'open incident')} ${open.length === 1 ? 'follows' : 'follow'}.`
        : '';
      return text(
        `This channel now speaks for *${team.name}*: \`${context.prefix}\` here answers for the team, and its incidents and alerts come here.${cards}`,
      );
    }
    case 'unlink': {
      const unlinked = await storage.channelLinks.unlink(tenant, channel);
      await deps.setupChanged?.(tenant);
      return unlinked
        ? text('This channel is no longer linked to a team.')
        : text('This channel was not linked to a team.');
    }
    case 'subscribe': {
      const link = await storage.channelLinks.get(tenant, channel);
      const team = link ? await storage.teams.get(tenant, link.team) : undefined;
      const timezone = assertTimezone(command.timezone ?? team?.timezone ?? 'UTC');
      const subscription: Subscription = {
        id: `${context.platform}-${context.channelId}-weekly`,
        ...channel,
        ...(team ? { team: team.name } : {}),
        cadence: 'weekly',
        dayOfWeek: command.dayOfWeek,
        time: command.time,
        timezone,
        createdBy: context.userId,
      };
      await storage.subscriptions.save(tenant, subscription);
      await deps.setupChanged?.(tenant);
      const next = nextRun(digestSchedule(subscription), deps.now());
      return text(
        `Every ${DAY_NAMES[command.dayOfWeek]} at ${command.time} (${timezone}) this channel gets the weekly digest for ${team ? `*${team.name}*` : 'the whole workspace'}, covering ${digestCoverage(command.dayOfWeek)}. The first one: ${localTime(next, timezone)}.`,
      );
    }
    case 'unsubscribe': {
      const removed = await storage.subscriptions.delete(
        tenant,
        `${context.platform}-${context.channelId}-weekly`,
      );
      await deps.setupChanged?.(tenant);
      return removed
        ? text('This channel no longer gets the weekly digest.')
        : text('This channel had no digest subscription.');
    }
    case 'subscriptions': {
      const all = await storage.subscriptions.list(tenant);
      return text(
        all.length
          ? all
              .map(
                (s) =>
                  `• ${channelName(context, s)}: ${s.team ?? 'whole workspace'}, ${DAY_NAMES[s.dayOfWeek]} ${s.time} (${s.timezone})`,
              )
              .join('\n')
          : `No digest subscriptions yet: \`${context.prefix} subscribe weekly mon 09:00\`.`,
      );
    }
    case 'setup': {
      if (!context.private)
        return text(
          `The webhook secrets are not shown here: everyone in this conversation would read them. Send \`dora setup\` to doraflow in a 1:1 chat instead.`,
          true,
        );
      const setup = await deps.setup?.(context.tenant);
      if (!setup) return text('This doraflow has no webhook setup to show.', true);
      const base = setup.webhookBase.replace(/\/+$/, '');
      const lines = Object.entries(setup.secrets).map(([source, secret]) =>
        secret
          ? `• *${source}*: \`${base}/webhooks/${source}${source === 'jira' ? `?secret=${secret}` : ''}\` — secret \`${secret}\``
          : `• *${source}*: off (set its secret in doraflow's configuration; see the README)`,
      );
      const api = setup.reportUrl
        ? `\nReports API: \`${setup.reportUrl}\` with the read or ingest token.`
        : '';
      return text(`*Webhooks of this workspace* (only you see this)\n${lines.join('\n')}${api}`);
    }
    default:
      return undefined;
  }
}
