/** Help topics: `/dora help <topic>` shows one; `/dora help` shows what the asker may use. */
const TOPICS = {
  ask: (p: string) => `*Ask*
• \`${p}\` — this channel's team (or the whole workspace), last 30 days through now
• \`${p} <team|service> [7d|30d|90d|YYYY-MM-DD..YYYY-MM-DD]\` — the DORA keys and flow at a glance
• \`${p} <team|service> [period] details\` — every key with its trend, sparkline and where it comes from
• \`${p} deploys [team|service] [period]\` — recent production deployments
• \`${p} incidents [open] [team|service]\` — incidents, open ones first
• \`${p} flow [team] [period]\` — WIP, flow time, backflow, bottleneck
• \`${p} <team|service> lead-time [period]\` — where lead time goes: coding, pickup, review, deploy
• \`${p} <team|service> charts [period]\` — the four keys week by week as a picture, with the targets (12 weeks)
• \`${p} stuck [team]\` — work stuck longer than its stage allows`,
  incidents: (p: string) => `*Incidents*
• \`${p} incident declare <service> <title>\` — open an incident and post its card
• \`${p} ack <id>\` · \`${p} mitigate <id>\` · \`${p} resolve <id>\` — or use the card's buttons
The restore timer starts at acknowledgement (or at the trigger, if the team says so) and stops when the service is restored: at mitigation, else at resolution.`,
  setup: (p: string) => `*Set up* (admins)
• \`${p} team add <team> [services…]\` · \`${p} team show [team]\`
• \`${p} team set <team> <setting> …\` — settings: \`${p} help team\`
• \`${p} link <team>\` — this channel speaks for the team · \`${p} unlink\`
• \`${p} subscribe weekly <mon…sun> <HH:MM> [timezone]\` · \`${p} unsubscribe\` · \`${p} subscriptions\`
• \`${p} setup\` — webhook URLs and secrets (shown only where only you can read them)`,
  team: (p: string) => `*Team settings* (admins): \`${p} team set <team> <setting> <value>\`
• \`services a,b\` · \`timezone Europe/Berlin\` · \`benchmark 2025|2023|2021\`
• \`stages name:type,…\` (types queue, active, wait, finished) · \`threshold <stage> 2d\` — when work is stuck
• \`attribution 1d\` — how long after a deploy an incident is blamed on it · \`restore-clock acknowledged|triggered\` · \`restore-metric restore|recovery\` (what the 2025 restore score rates)
• \`target deploys 1\` · \`target lead-time 1d\` · \`target change-failure-rate 15%\` · \`target time-to-restore 1h\`
• \`production prod-.* live\` — environment name patterns that count as production too (answers with a preview) · \`production none\`
• \`jira PAY,OPS\` · \`reminder 15\` (minutes before an unacknowledged incident is nudged) · \`escalation <group>\``,
} as const;

type Topic = keyof typeof TOPICS;
const ADMIN_TOPICS: ReadonlySet<Topic> = new Set(['setup', 'team']);

/**
 * The help of `/dora` (Slack) and `@doraflow dora` (Teams) for one person: everything they may use
 * (setup only for admins), or one topic.
 */
export function commandHelp(prefix: string, options: { admin: boolean; topic?: string }): string {
  const topics = (Object.keys(TOPICS) as Topic[]).filter((t) => options.admin || !ADMIN_TOPICS.has(t));
  const topic = options.topic?.toLowerCase();
  if (topic && (topics as string[]).includes(topic)) return TOPICS[topic as Topic](prefix);
  const unknown = topic
    ? `There is no help on "${options.topic}"${(Object.keys(TOPICS) as string[]).includes(topic) ? ' for you: setting doraflow up is for admins' : ''}.\n\n`
    : '';
  const shown = topics.filter((t) => t !== 'team').map((t) => TOPICS[t](prefix));
  const more = `Topics: ${topics.map((t) => `\`${prefix} help ${t}\``).join(' · ')}`;
  const admins = options.admin ? '' : '\nTeams, channel links and digests are set up by workspace admins.';
  return `${unknown}*doraflow* — your delivery flow, where you talk.\n\n${shown.join('\n\n')}\n\n${more}${admins}`;
}
