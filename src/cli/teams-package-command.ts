import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { colorIcon, outlineIcon } from '../chat/teams/teams-icons.js';
import { teamsManifest } from '../chat/teams/teams-manifest.js';
import { loadConfig } from '../config/load-config.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { type CliCommand, writeLine } from './cli-command.js';
import { zipFiles } from './zip-files.js';

const USAGE = `Usage: doraflow teams-package [--out doraflow-teams.zip] [--app-id GUID] [--version 1.0.0]

Writes the Microsoft Teams app package: manifest.json (schema 1.29) with the bot (MicrosoftAppId),
its command list and valid domain (DORAFLOW_PUBLIC_URL), plus the colour and outline icons. Upload
it in Teams: Apps → Manage your apps → Upload an app. --app-id sets the Teams app id (default: the
bot's id).`;

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
        version: { type: 'string', default: '1.0.0' },
      },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    const config = loadConfig(io.env);
    if (!config.microsoftAppId)
      throw new DoraflowError(
        'DORAFLOW_ERR_CONFIG',
        "set MicrosoftAppId (the Azure Bot's Entra app id) first",
      );
    if (!config.publicUrl)
      throw new DoraflowError(
        'DORAFLOW_ERR_CONFIG',
        'set DORAFLOW_PUBLIC_URL (where Teams reaches doraflow) first',
      );
    const appId = values['app-id'] ?? config.microsoftAppId;
    if (!GUID.test(appId)) throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', '--app-id must be a GUID');
    if (!/^\d+\.\d+\.\d+$/.test(values.version))
      throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', '--version must be MAJOR.MINOR.PATCH');
    const manifest = teamsManifest({
      appId,
      botId: config.microsoftAppId,
      publicUrl: config.publicUrl,
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
