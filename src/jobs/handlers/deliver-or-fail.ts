import type { TenantId } from '../../domain/tenant.js';
import type { OutgoingMessage } from '../../notify/deliver-once.js';
import { deliverOnce } from '../../notify/deliver-once.js';
import type { JobDependencies } from '../job-dependencies.js';
import { PermanentJobError } from '../scheduler.js';

/**
 * Delivers a job's message exactly once. A permanent failure (recorded in the ledger) fails the job
 * without retries, so `doraflow jobs status` shows it; a transient one is thrown for a retry.
 */
export async function deliverOrFail(
  deps: JobDependencies,
  tenant: TenantId,
  outgoing: OutgoingMessage,
): Promise<'sent' | 'duplicate'> {
  const sender = deps.senders[outgoing.channel.platform];
  if (!sender)
    throw new PermanentJobError(
      `${outgoing.channel.platform} is not configured; cannot deliver ${outgoing.key}`,
    );
  const outcome = await deliverOnce(deps.storage, sender, tenant, outgoing, deps.now);
  if (outcome.state === 'failed')
    throw new PermanentJobError(
      `${outgoing.key} to ${outgoing.channel.platform} ${outgoing.channel.channelId}: ${outcome.error}`,
    );
  deps.log.info(
    { tenant, key: outgoing.key, channel: outgoing.channel.channelId, outcome: outcome.state },
    outcome.state === 'sent' ? 'message delivered' : 'message already delivered',
  );
  return outcome.state;
}
