import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { colorIcon, outlineIcon } from '../chat/teams/teams-icons.js';
import { teamsManifest } from '../chat/teams/teams-manifest.js';
import { CONFIG_SCHEMA } from '../config/config-schema.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { type CliCommand, writeLine } from './cli-command.js';
import { zipFiles } from './zip-files.js';

const USAGE = `Usage: doraflow teams-package [--app-id GUID] [--public-url URL] [--out doraflow-teams.zip] [--version 1.0.0]

Writes the Microsoft Teams app package: manifest.json (schema 1.29) with the bot, its command list
and valid domain, plus the colour and outline icons. Upload it in Teams: Apps → Manage your apps →
Upload an app. It needs only two things, from the options or the environment:
  --app-id GUID     the bot's Entra app id (default: MicrosoftAppId); the Teams app takes the same id
  --public-url URL  where Teams reaches doraflow (default: DORAFLOW_PUBLIC_URL); the manifest links
                    its /privacy and /terms pages, which doraflow serves`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const teamsPackageCommand: CliCommand = {
  name: 'teams-package',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string', default: 'doraflow-teams.zip' },
        'app-id': { type: 'string' },
        'public-url': { type: 'string' },
        version: { type: 'string', default: '1.0.0' },
      },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    // Only what the package needs: no secrets, so it can be built anywhere.
    const appId = values['app-id'] ?? io.env.MicrosoftAppId?.trim();
    if (!appId)
      throw new DoraflowError(
        'DORAFLOW_ERR_CONFIG',
        "give the bot's Entra app id: --app-id GUID, or set MicrosoftAppId",
      );
    if (!GUID.test(appId))
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_REQUEST',
        `the app id must be a GUID (got "${appId.slice(0, 40)}")`,
      );
    const publicUrl = values['public-url'] ?? io.env.DORAFLOW_PUBLIC_URL?.trim();
    if (!publicUrl)
      throw new DoraflowError(
        'DORAFLOW_ERR_CONFIG',
        'give where Teams reaches doraflow: --public-url https://…, or set DORAFLOW_PUBLIC_URL',
      );
    const checked = CONFIG_SCHEMA.publicUrl.schema.safeParse(publicUrl);
    if (!checked.success || !checked.data)
      throw new DoraflowError(
        'DORAFLOW_ERR_BAD_REQUEST',
        `the public URL ${checked.error?.issues[0]?.message ?? 'is invalid'}`,
      );
    if (!/^\d+\.\d+\.\d+$/.test(values.version))
      throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', '--version must be MAJOR.MINOR.PATCH');
    const manifest = teamsManifest({
      appId,
      botId: appId,
      publicUrl: checked.data,
      version: values.version,
    });
    const zip = zipFiles([
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: 'color.png', data: colorIcon() },
      { name: 'outline.png', data: outlineIcon() },
    ]);
    await writeFile(values.out, zip);
    writeLine(
      io.stdout,
      `wrote ${values.out} (${zip.length.toLocaleString('en')} bytes): manifest.json, color.png, outline.png`,
    );
    return 0;
  },
};
