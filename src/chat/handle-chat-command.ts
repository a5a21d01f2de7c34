import { DoraflowError } from '../domain/doraflow-error.js';
import { drawOverview } from '../notify/draw-overview.js';
import { chartData } from '../render/charts/chart-data.js';
import { OVERVIEW } from '../render/charts/chart-image.js';
import type { ChatReply } from '../render/chat-reply.js';
import { leadTimeReply } from '../render/lead-time-lines.js';
import { plural } from '../render/plural.js';
import { stuckLine } from '../render/stuck-line.js';
import { buildSummaryView, reportPeriodLabel } from '../render/summary-view.js';
import type { ReportRequest } from '../reports/resolve-report-request.js';
import { ADMIN_COMMANDS, type ChatCommand, type PeriodSpec } from './chat-command.js';
import type { ChatContext, ChatHandlerDependencies } from './chat-context.js';
import { commandHelp } from './command-help.js';
import { handleIncidentCommand, isIncidentCommand } from './handle-incident-command.js';
import { listDeployments, listIncidents } from './handle-list-command.js';
import { handleSetupCommand } from './handle-setup-command.js';

const windowRequest = (window: PeriodSpec): Partial<ReportRequest> =>
  'period' in window ? { period: window.period } : { from: window.from, to: window.to };

/** Who a question is about: report parameters, a label, and the services when already known. */
interface Scope {
  readonly request: Partial<ReportRequest>;
  readonly label: string;
  readonly services?: readonly string[];
}

const TARGETED = ['summary', 'deploys', 'incidents', 'flow', 'lead-time', 'charts', 'stuck'] as const;
type TargetedCommand = Extract<ChatCommand, { kind: (typeof TARGETED)[number] }>;

const isTargeted = (command: ChatCommand): command is TargetedCommand =>
  (TARGETED as readonly string[]).includes(command.kind);

/**
 * Resolves who a question is about: a team by name, else a service that sent events, else the
 * channel's linked team, else the whole workspace.
 */
async function scopeOf(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  target: string | undefined,
): Promise<Scope | undefined> {
  const { storage } = deps;
  if (target) {
    const team = await storage.teams.get(context.tenant, target);
    if (team) return { request: { team: team.name }, label: team.name, services: team.services };
    const deployed = await storage.events.scan(context.tenant, {
      index: 'deployments_service_finishedAt',
      equals: [target],
      limit: 1,
    });
    if (deployed.length > 0) return { request: { services: [target] }, label: target, services: [target] };
    return undefined;
  }
  const link = await storage.channelLinks.get(context.tenant, {
    platform: context.platform,
    channelId: context.channelId,
  });
  return link
    ? { request: { team: link.team }, label: link.team }
    : { request: {}, label: 'whole workspace' };
}

/** Answers one parsed command for one person in one channel. Platform-neutral; never throws for bad input. */
export async function handleChatCommand(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  command: ChatCommand,
): Promise<ChatReply> {
  try {
    if (isTargeted(command)) {
      const scope = await scopeOf(deps, context, command.target);
      if (scope) return await answerTargeted(deps, context, command, scope);
      const hint =
        command.kind === 'summary' && command.didYouMean
          ? ` Did you mean \`${context.prefix} ${command.didYouMean}\`?`
          : '';
      return {
        kind: 'text',
        error: true,
        text: `No team or service called "${command.target}".${hint} Teams: \`${context.prefix} team show\`.`,
      };
    }
    switch (command.kind) {
      case 'help':
        return {
          kind: 'text',
          text: commandHelp(context.prefix, {
            // Help never fails for want of an answer about admins (Slack rate-limited, say).
            admin: await context.isAdmin().catch(() => false),
            ...(command.topic ? { topic: command.topic } : {}),
          }),
        };
      case 'invalid':
        return {
          kind: 'text',
          error: true,
          text: `${command.message}.${command.suggestion ? ` Did you mean \`${command.suggestion}\`?` : ''} Try \`${context.prefix} help\`.`,
        };
      default: {
        if (ADMIN_COMMANDS.has(command.kind) && !(await context.isAdmin())) {
          return {
            kind: 'text',
            error: true,
            text: 'Sorry, only workspace admins (or the users doraflow is configured to trust) can change its setup.',
          };
        }
        if (isIncidentCommand(command)) return await handleIncidentCommand(deps, context, command);
        const setup = await handleSetupCommand(deps, context, command);
        if (setup) return setup;
        throw new DoraflowError('DORAFLOW_ERR_INTERNAL', `no handler for command "${command.kind}"`);
      }
    }
  } catch (error) {
    const coded = DoraflowError.wrap(error);
    if (coded.code === 'DORAFLOW_ERR_INTERNAL') throw error;
    // The person is told; the operator too, when the store is what failed (never the command's text).
    if (coded.code === 'DORAFLOW_ERR_STORAGE_UNAVAILABLE')
      deps.log?.warn({ tenant: context.tenant, err: coded.message }, 'chat command: storage unavailable');
    return { kind: 'text', error: true, text: coded.message };
  }
}

/** The questions about a team, a service or the workspace, once the scope is known. */
async function answerTargeted(
  deps: ChatHandlerDependencies,
  context: ChatContext,
  command: TargetedCommand,
  scope: Scope,
): Promise<ChatReply> {
  if (command.kind === 'incidents') {
    // A linked channel names only its team; its services are read here, and only here.
    const services =
      scope.services ??
      (scope.request.team
        ? (await deps.storage.teams.get(context.tenant, scope.request.team))?.services
        : undefined);
    return listIncidents(deps, context, services, scope.label, command.open);
  }
  if (command.kind === 'deploys') return listDeployments(deps, context, scope, windowRequest(command.window));
  const window = command.kind === 'stuck' ? ({ period: '7d' } as const) : command.window;
  const report = await deps.reports.build(
    context.tenant,
    { ...scope.request, ...windowRequest(window) },
    deps.now(),
  );
  // The period asked for (7d, 30d, 90d), when the window is one.
  const asked = 'period' in window ? window.period : undefined;
  const period = reportPeriodLabel(report, asked);
  const view = buildSummaryView(report, scope.label, period);
  if (command.kind === 'summary') {
    const openUrl = deps.dashboardLink?.(context.tenant, scope.request.team, asked);
    // The words that ask again (buttons): a name with spaces stays one word in quotes.
    const target = command.target && /\s/.test(command.target) ? `"${command.target}"` : command.target;
    const words = [target, 'period' in window ? window.period : `${window.from}..${window.to}`];
    return {
      kind: 'summary',
      view,
      ...(command.details ? { detailed: true } : {}),
      replay: words.filter(Boolean).join(' '),
      shareable: context.private,
      ...(openUrl ? { openUrl } : {}),
    };
  }
  if (command.kind === 'lead-time') return leadTimeReply(report, scope.label, period);
  if (command.kind === 'charts') {
    const chart = await drawOverview(report, `${scope.label}: ${period}`, context.platform, deps.log);
    return {
      kind: 'list',
      title: `Charts · ${scope.label} · ${period}`,
      subtitle: `${view.subtitle} · whole weeks, the team's targets dashed`,
      // The same numbers in words, under the picture (and instead of it where images are off).
      lines: OVERVIEW.map((metric) => chartData(report, metric).alt),
      empty: 'No whole week in this period: ask for a longer one, e.g. 30d.',
      ...(chart ? { chart } : {}),
    };
  }
  if (command.kind === 'flow') {
    return {
      kind: 'list',
      title: `Flow · ${scope.label} · ${period}`,
      subtitle: view.subtitle,
      lines: view.flowLines,
      empty: 'No work items.',
    };
  }
  return {
    kind: 'list',
    title: `Stuck work · ${scope.label}`,
    subtitle: `${plural(report.flow.stuck.count, 'item')} in a stage longer than it allows, most overdue first`,
    lines: report.flow.stuck.items.map((item) => stuckLine(item)),
    hidden: report.flow.stuck.count - report.flow.stuck.items.length,
    empty: 'Nothing is stuck. :tada:',
  };
}
