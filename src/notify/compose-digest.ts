import { COMMAND_PREFIX, type Subscription } from '../domain/chat-platform.js';
import { type DigestWindow, weeksEndingWith } from '../domain/digest-window.js';
import { formatInstant } from '../domain/instant.js';
import type { Team } from '../domain/team.js';
import type { TenantId } from '../domain/tenant.js';
import { buildDigestView, type DigestView } from '../render/digest-view.js';
import { drawOverview } from './draw-overview.js';
import { mentionOn } from './load-incident-view.js';
import type { NotifyDependencies } from './notify-dependencies.js';

/**
 * The weekly digest of a subscription over `window`: the window's report, twelve weeks for the
 * sparklines, its deployments and incidents, people named as the subscription's platform names them.
 */
export async function composeDigest(
  deps: NotifyDependencies,
  tenant: TenantId,
  subscription: Subscription,
  team: Team | undefined,
  window: DigestWindow,
): Promise<DigestView> {
  const now = deps.now();
  const request = { ...(team ? { team: team.name } : {}), tz: window.timezone };
  const twelve = weeksEndingWith(window, 12);
  const between = (w: { from: number; to: number }) => ({
    from: formatInstant(w.from),
    to: formatInstant(w.to),
  });
  const [week, twelveWeeks] = await Promise.all([
    deps.reports.build(tenant, { ...request, ...between(window) }, now),
    deps.reports.build(tenant, { ...request, ...between(twelve) }, now),
  ]);
  const scope = {
    ...(week.scope.services ? { services: week.scope.services } : {}),
    from: window.from,
    to: window.to,
  };
  const [deployments, incidents] = await Promise.all([
    deps.storage.events.findDeployments(tenant, scope),
    deps.storage.events.findIncidents(tenant, scope),
  ]);
  const sender = deps.senders[subscription.platform];
  const scopeLabel = team?.name ?? 'whole workspace';
  const chart = await drawOverview(twelveWeeks, `${scopeLabel}: 12 weeks`, subscription.platform, deps.log);
  const acknowledgers = incidents.flatMap((i) => (i.acknowledgedBy ? [i.acknowledgedBy] : []));
  const view = buildDigestView({
    scopeLabel,
    window,
    week,
    twelveWeeks,
    deployments,
    incidents,
    now,
    mention: mentionOn(
      subscription.platform,
      (p) => sender?.mention(p) ?? p,
      await deps.storage.people.names(tenant, acknowledgers),
    ),
    prefix: COMMAND_PREFIX[subscription.platform],
  });
  return chart ? { ...view, chart } : view;
}
