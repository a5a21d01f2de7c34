import { type Activity, ConfigurationBotFrameworkAuthentication, TestAdapter } from 'botbuilder';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsEdge, type TeamsEdge } from '../../src/chat/teams/create-teams-edge.js';
import { createReports } from '../../src/reports/create-reports.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { at, deployment } from '../support/event-builders.js';

const NOW = at('2026-11-20T12:00:00Z');
const CHANNEL = '19:payments@thread.tacv2';

/** What a reply says: its text, or its card's JSON. */
const said = (activity: Partial<Activity>) =>
  `${activity.text ?? ''}${JSON.stringify(activity.attachments?.[0]?.content ?? '')}`;

describe('Teams turn logic through botbuilder TestAdapter: every command of the shared grammar', () => {
  let storage: Storage;
  let edge: TeamsEdge;
  beforeAll(async () => {
    storage = openMemoryStorage();
    await storage.events.append('default' as never, [deployment({ id: 'd1', finishedAt: NOW - 86_400_000 })]);
    edge = createTeamsEdge({
      storage,
      reports: createReports(storage),
      now: () => NOW,
      appId: '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e',
      auth: new ConfigurationBotFrameworkAuthentication({}),
      singleTenant: true,
      adminUsers: ['aad-ana'],
      log: pino({ level: 'silent' }),
      setup: async () => ({ webhookBase: 'https://dora.example', secrets: { github: 'gh-secret-1' } }),
    });
  });
  afterAll(async () => {
    await storage.close();
  });

  // Each adapter numbers its activities from 0: give each its own thread, as Teams would.
  let thread = 0;
  const adapterFor = (user: { name: string; aadObjectId: string }) => {
    thread += 1;
    return new TestAdapter((context) => edge.turn(context), {
      channelId: 'msteams',
      conversation: {
        id: `${CHANNEL};messageid=${thread}`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 't',
        name: 'payments',
      },
      from: { id: `29:${user.name}`, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:bot', name: 'doraflow' },
      channelData: { channel: { id: CHANNEL } },
    });
  };
  const ana = () => adapterFor({ name: 'Ana', aadObjectId: 'aad-ana' });

  it.each([
    ['dora help', '`@doraflow dora stuck [team]`'],
    ['dora', 'DORA · whole workspace · last 30 days, through now'],
    ['dora checkout 7d', 'DORA · checkout · last 7 days, through now'],
    ['dora deploys', 'Deployments · whole workspace'],
    ['dora incidents open', 'Open incidents · whole workspace'],
    ['dora flow', 'Flow · whole workspace'],
    ['dora stuck', 'Stuck work · whole workspace'],
    ['dora team add payments checkout', 'payments'],
    ['dora team set payments timezone Europe/Berlin', 'Europe/Berlin'],
    ['dora team show payments', 'checkout'],
    ['dora link payments', 'now speaks for **payments**'],
    ['dora subscribe weekly mon 09:00', 'Every Monday at 09:00 (Europe/Berlin)'],
    ['dora subscriptions', 'this channel: payments, Monday 09:00 (Europe/Berlin)'],
    ['dora unsubscribe', 'no longer gets the weekly digest'],
    ['dora unlink', 'no longer linked'],
    ['dora incident declare checkout Card payments failing', 'Declared incident'],
    ['dora ack df-unknown', 'No incident "df-unknown"'],
    ['dora resolve df-unknown', 'No incident'],
    ['dora setup', 'The webhook secrets are not shown here: everyone in this conversation would read them.'],
    ['dora frobnicate', 'No team or service called "frobnicate". Teams: `@doraflow dora team show`'],
    ['dora incidnets', 'Did you mean `@doraflow dora incidents`'],
    ['dora team', 'Try `@doraflow dora help`'],
  ])('%s → %s', async (text, expected) => {
    await ana()
      .send(text)
      .assertReply((reply) => {
        expect(said(reply)).toContain(expected);
      });
  });

  it('politely refuses configuration to people who are not trusted with it', async () => {
    await adapterFor({ name: 'Ben', aadObjectId: 'aad-ben' })
      .send('dora team add search search-api')
      .assertReply((reply) => {
        expect(reply.text).toContain('only workspace admins');
      });
  });

  it('shows webhook secrets only in a 1:1 chat, never in a channel where everyone reads them', async () => {
    await ana()
      .send('dora setup')
      .assertReply((reply) => {
        expect(said(reply)).not.toContain('gh-secret-1');
        expect(said(reply)).not.toContain('only you see this');
      });
    const personal = new TestAdapter((context) => edge.turn(context), {
      channelId: 'msteams',
      conversation: {
        id: 'a:1on1-ana',
        conversationType: 'personal',
        tenantId: 't',
        isGroup: false,
        name: 'Ana',
      },
      from: { id: '29:Ana', name: 'Ana', aadObjectId: 'aad-ana' },
      recipient: { id: '28:bot', name: 'doraflow' },
    });
    await personal.send('dora setup').assertReply((reply) => {
      expect(said(reply)).toContain('gh-secret-1');
      expect(said(reply)).toContain('(only you see this)');
    });
  });

  it('acknowledges and resolves by command, and says who was first', async () => {
    let id = '';
    await ana()
      .send('dora incident declare checkout Refunds failing')
      .assertReply((reply) => {
        id = /`(INC-\d+)`/.exec(reply.text ?? '')?.[1] ?? '';
      });
    await ana()
      .send(`dora ack ${id}`)
      .assertReply((reply) => expect(reply.text).toContain('Acknowledged'));
    await adapterFor({ name: 'Ben', aadObjectId: 'aad-ben' })
      .send(`dora ack ${id}`)
      .assertReply((reply) => expect(reply.text).toContain('already acknowledged by Ana'));
    await ana()
      .send(`dora resolve ${id}`)
      .assertReply((reply) => expect(reply.text).toContain('Resolved'));
  });
});
