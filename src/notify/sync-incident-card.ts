import type { ChannelRef, ChatPlatform } from '../domain/chat-platform.js';
import type { Incident } from '../domain/incident.js';
import type { TenantId } from '../domain/tenant.js';
import type { ChatReply } from '../render/chat-reply.js';
import { buildIncidentView } from '../render/incident-view.js';
import type { Storage } from '../storage/storage.js';
import { ChatSendError, type ChatSender } from './chat-sender.js';
import { deliverOnce } from './deliver-once.js';
import { DELIVERY_KEYS } from './delivery-keys.js';
import { findOwningTeam } from './find-owning-team.js';
import { type IncidentFacts, loadIncidentFacts, mentionOn } from './load-incident-view.js';

export interface IncidentCardDependencies {
  readonly storage: Storage;
  readonly senders: Partial<Record<ChatPlatform, ChatSender>>;
  readonly now: () => number;
}

export interface SyncOutcome {
  readonly posted: number;
  readonly updated: number;
  /** Channels where posting or updating failed for good, with the reason. */
  readonly failed: ReadonlyArray<{ readonly channel: ChannelRef; readonly error: string }>;
}

/** Cards of incidents resolved longer ago than this are not posted any more (imports, backfills). */
const POST_RESOLVED_WITHIN = 60 * 60 * 1000;

const channelKey = (c: ChannelRef) => `${c.platform}:${c.channelId}`;

/**
 * Brings every card of an incident up to date: posts it once to each channel linked to the owning
 * team (and `alsoIn`), and updates cards already posted in place. Safe to run any number of times,
 * concurrently: the delivery ledger lets one caller post per channel, and a poster re-reads the
 * incident afterwards so a change that raced the post still reaches the card.
 */
export async function syncIncidentCard(
  deps: IncidentCardDependencies,
  tenant: TenantId,
  id: string,
  alsoIn: readonly ChannelRef[] = [],
): Promise<SyncOutcome> {
  const { storage } = deps;
  const incident = await storage.events.getIncident(tenant, id);
  if (!incident) return { posted: 0, updated: 0, failed: [] };
  const prefix = DELIVERY_KEYS.incidentCards(id);
  const [posted, team] = await Promise.all([
    storage.deliveries.list(tenant, prefix),
    findOwningTeam(storage, tenant, incident.service),
  ]);
  const linked = team ? await storage.channelLinks.forTeam(tenant, team.name) : [];
  const channels = new Map<string, ChannelRef>();
  for (const c of [...linked, ...alsoIn, ...posted.flatMap((d) => (d.channel ? [d.channel] : []))])
    channels.set(channelKey(c), { platform: c.platform, channelId: c.channelId });
  const fresh = incident.resolvedAt === undefined || deps.now() - incident.resolvedAt <= POST_RESOLVED_WITHIN;
  const outcome = { posted: 0, updated: 0, failed: [] as Array<{ channel: ChannelRef; error: string }> };
  // Read once per version of the incident, whatever the number of channels and platforms.
  const facts = new Map<Incident, Promise<IncidentFacts>>();
  const factsOf = (current: Incident) => {
    let read = facts.get(current);
    if (!read) {
      read = loadIncidentFacts(storage, tenant, current, { team });
      facts.set(current, read);
    }
    return read;
  };

  for (const channel of channels.values()) {
    const sender = deps.senders[channel.platform];
    if (!sender) continue;
    const key = DELIVERY_KEYS.incidentCard(id, channel);
    const render = async (current: Incident): Promise<ChatReply> => {
      const facts = await factsOf(current);
      const mention = mentionOn(channel.platform, sender.mention, facts.names);
      return { kind: 'incident', view: buildIncidentView({ ...facts, now: deps.now(), mention }) };
    };
    try {
      const delivery = await storage.deliveries.get(tenant, key);
      if (delivery?.state === 'sent' && delivery.messageRef) {
        await sender.update(tenant, channel.channelId, delivery.messageRef, await render(incident));
        // Kept while the card changes: the ledger's retention counts from the last update.
        await storage.deliveries.finish(tenant, { ...delivery, at: deps.now() });
        outcome.updated += 1;
        continue;
      }
      if (delivery || !fresh) continue; // being posted by someone else, failed for good, or too old
      const sent = await deliverOnce(
        storage,
        sender,
        tenant,
        { key, channel, message: await render(incident) },
        deps.now,
      );
      if (sent.state === 'failed') outcome.failed.push({ channel, error: sent.error });
      if (sent.state !== 'sent') continue;
      outcome.posted += 1;
      const latest = await storage.events.getIncident(tenant, id);
      if (latest && JSON.stringify(latest) !== JSON.stringify(incident))
        await sender.update(tenant, channel.channelId, sent.messageRef, await render(latest));
    } catch (error) {
      if (!(error instanceof ChatSendError && error.permanent)) throw error;
      outcome.failed.push({ channel, error: error.message });
    }
  }
  return outcome;
}
