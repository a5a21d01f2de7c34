/** What the Teams app package is filled from. */
export interface TeamsManifestInput {
  /** The Teams app id (a GUID); the bot's id when not given separately. */
  readonly appId: string;
  /** The Azure Bot's Entra app id (MicrosoftAppId). */
  readonly botId: string;
  /** Where doraflow is reachable (DORAFLOW_PUBLIC_URL). */
  readonly publicUrl: string;
  readonly version: string;
}

/** The commands Teams offers in the compose box; the bot parses any text itself. */
const COMMANDS = [
  ['dora', "The DORA keys and flow of this channel's team: dora [team|service] [7d|30d|90d]"],
  ['dora deploys', 'Recent production deployments: dora deploys [team|service] [period]'],
  ['dora incidents', 'Incidents, open ones first: dora incidents [open] [team|service]'],
  ['dora flow', 'WIP, flow time, backflow and the bottleneck stage: dora flow [team]'],
  ['dora stuck', 'Work stuck longer than its stage allows: dora stuck [team]'],
  ['dora incident declare', 'Open an incident and post its card: dora incident declare <service> <title>'],
  ['dora ack', 'Acknowledge an incident (starts the restore timer): dora ack <id>'],
  ['dora resolve', 'Resolve an incident: dora resolve <id>'],
  ['dora link', 'Link this channel to a team (admins): dora link <team>'],
  ['dora subscribe', 'Weekly digest in this channel (admins): dora subscribe weekly mon 09:00 [timezone]'],
  ['dora team', 'Create and configure teams (admins): dora team add|set|show …'],
  ['dora help', 'Every command'],
] as const;

/** The Teams app manifest (schema 1.29) for doraflow's bot. */
export function teamsManifest(input: TeamsManifestInput): Record<string, unknown> {
  const base = input.publicUrl.replace(/\/+$/, '');
  const host = new URL(base).host;
  return {
    $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json',
    manifestVersion: '1.29',
    version: input.version,
    id: input.appId,
    developer: {
      name: 'doraflow',
      websiteUrl: base,
      privacyUrl: `${base}/privacy`,
      termsOfUseUrl: `${base}/terms`,
    },
    name: { short: 'doraflow', full: 'doraflow: DORA keys and flow health' },
    description: {
      short: 'DORA keys and flow health where your team talks',
      full: 'doraflow shows the five DORA keys (deployment frequency, lead time for changes, change failure rate, time to restore, rework rate) and the health of your flow of work in Teams. Acknowledge incidents from their card to start the restore timer, get a weekly digest in your channel, and hear about work that is stuck.',
    },
    icons: { outline: 'outline.png', color: 'color.png' },
    accentColor: '#1F2937',
    bots: [
      {
        botId: input.botId,
        scopes: ['team', 'personal', 'groupChat'],
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [
          {
            scopes: ['team', 'groupChat', 'personal'],
            commands: COMMANDS.map(([title, description]) => ({ title, description })),
          },
        ],
      },
    ],
    validDomains: [host],
  };
}
