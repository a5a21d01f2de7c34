import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../src/chat/slack/slack-edge-options.js';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));
const slackSource = (dir: string): string =>
  readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? slackSource(path) : readFileSync(path, 'utf8')))
    .join('\n');
const code = slackSource(new URL('../../src/chat/slack', import.meta.url).pathname);

describe('manifest.json (Slack app manifest)', () => {
  it('respects the manifest limits (integrations.md §1.10)', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(174);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    for (const command of manifest.features.slash_commands) {
      expect(command.command.length).toBeLessThanOrEqual(32);
      expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
      expect(command.description.length).toBeLessThanOrEqual(2000);
    }
  });

  it('sends commands, interactivity and events to the one endpoint doraflow serves, HTTP mode by default', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/dora']);
    for (const url of [
      manifest.features.slash_commands[0].url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ]) {
      expect(new URL(url).pathname).toBe('/slack/events');
    }
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for the bot scopes the code uses', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    expect(scopes).toContain('commands');
    if (code.includes('users.info')) expect(scopes).toContain('users:read');
    if (code.includes('getUploadURLExternal')) expect(scopes).toContain('files:write');
    expect(scopes).toEqual(expect.arrayContaining(['chat:write']));
  });

  it('asks for exactly the bot scopes the code installs with', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual([...SLACK_BOT_SCOPES]);
    expect(new URL(manifest.oauth_config.redirect_urls[0]).pathname).toBe('/slack/oauth_redirect');
  });
});
