/** The help text of `/dora` (Slack) and `@doraflow dora` (Teams); `{cmd}` is the platform's prefix. */
export function commandHelp(prefix: string): string {
  return `*doraflow* — your delivery flow, where you talk.

*Ask*
• \`${prefix}\` — this channel's team (or the whole workspace), last 30 days
• \`${prefix} <team|service> [7d|30d|90d|YYYY-MM-DD..YYYY-MM-DD]\` — the DORA keys and flow
• \`${prefix} deploys [team|service] [period]\` — recent production deployments
• \`${prefix} incidents [open] [team|service]\` — incidents, open ones first
• \`${prefix} flow [team] [period]\` — WIP, flow time, backflow, bottleneck
• \`${prefix} stuck [team]\` — work stuck longer than its stage allows

*Incidents*
• \`${prefix} incident declare <service> <title>\` — open an incident and post its card
• \`${prefix} ack <id>\` · \`${prefix} resolve <id>\` — or use the card's buttons

*Set up* (admins)
• \`${prefix} team add <team> [services…]\` · \`${prefix} team show [team]\`
• \`${prefix} team set <team> services|timezone|stages|threshold|attribution|restore-clock|target|benchmark|jira|reminder|escalation …\`
• \`${prefix} link <team>\` — this channel speaks for the team · \`${prefix} unlink\`
• \`${prefix} subscribe weekly <mon…sun> <HH:MM> [timezone]\` · \`${prefix} unsubscribe\` · \`${prefix} subscriptions\`
• \`${prefix} setup\` — webhook URLs and secrets of this workspace (only you see it)`;
}
