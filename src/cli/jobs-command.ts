import { parseArgs } from 'node:util';
import { defaultFactories } from '../app/app-factories.js';
import { loadConfig } from '../config/load-config.js';
import { formatInstant } from '../domain/instant.js';
import { allTenants } from '../jobs/sync-schedules.js';
import { withTimeout } from '../jobs/with-timeout.js';
import { plural } from '../render/plural.js';
import { type CliCommand, writeLine } from './cli-command.js';

/** A claim this old belongs to a sender that stopped mid-send. */
const STALE_CLAIM_MS = 10 * 60_000;

const USAGE = `Usage: doraflow jobs status [--json]

Shows the schedules (digests, stuck-work scans, data-health checks) with their next runs, the jobs
that failed for good, and the messages that could not be delivered (channel gone, token revoked).`;

/** How long `jobs status` waits for Redis to answer before saying it is unreachable. */
const REDIS_CHECK_MS = 3_000;

/** Why Redis does not answer a ping within `REDIS_CHECK_MS`, or `undefined` when it does. */
async function redisUnreachable(url: string): Promise<string | undefined> {
  const redis = defaultFactories.openRedis(url);
  try {
    await withTimeout(redis.ping(), REDIS_CHECK_MS);
    return undefined;
  } catch (error) {
    return (error as Error).message || 'no answer';
  } finally {
    await redis.close();
  }
}

/** `host:port` of a connection URL (never its password). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'REDIS_URL';
  }
}

export const jobsCommand: CliCommand = {
  name: 'jobs',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
    });
    if (values.help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    if (positionals[0] !== 'status') {
      writeLine(io.stderr, USAGE);
      return 2;
    }
    const config = loadConfig(io.env);
    if (config.redisUrl) {
      // BullMQ waits for Redis as long as it takes: ask it once, briefly, first.
      const unreachable = await redisUnreachable(config.redisUrl);
      if (unreachable) {
        writeLine(
          io.stderr,
          `doraflow jobs: Redis is unreachable at ${hostOf(config.redisUrl)} (${unreachable}); start it or fix REDIS_URL`,
        );
        return 1;
      }
    }
    const log = defaultFactories.createLogger({ ...config, logLevel: 'silent' });
    const storage = await defaultFactories.openStorage(config);
    const scheduler = defaultFactories.createScheduler(config, log);
    try {
      const schedules = (await scheduler.listSchedules()).sort((a, b) => a.id.localeCompare(b.id));
      const failures = await scheduler.failures(20);
      const undelivered = [];
      for (const tenant of await allTenants(storage))
        for (const d of await storage.deliveries.list(tenant, ''))
          if (d.state === 'failed' || (d.state === 'claimed' && Date.now() - d.at > STALE_CLAIM_MS))
            undelivered.push({
              tenant,
              ...d,
              error:
                d.error ??
                'unknown outcome: the sender stopped while posting; not retried, so never posted twice',
            });
      if (values.json) {
        writeLine(
          io.stdout,
          JSON.stringify({ scheduler: scheduler.kind, schedules, failures, undelivered }, null, 2),
        );
        return 0;
      }
      const when = (at: number | undefined) =>
        at === undefined ? '—' : formatInstant(at).slice(0, 16).replace('T', ' ');
      const lines = [
        `Scheduler: ${scheduler.kind === 'bullmq' ? 'BullMQ on Redis' : 'in-process (schedules live in the running process; this shows none)'}`,
        '',
        `Schedules (${schedules.length}):`,
        ...schedules.map((s) => {
          const rule =
            'cron' in s.schedule
              ? `${s.schedule.cron} ${s.schedule.timezone}`
              : `every ${s.schedule.everyMs / 60_000} min`;
          return `  ${s.id.padEnd(48)} ${rule.padEnd(28)} next ${when(s.next)} UTC`;
        }),
        '',
        `Failed jobs (${failures.length}):`,
        ...failures.map(
          (f) =>
            `  ${when(f.at)} ${f.name} ${f.tenant ?? ''} after ${plural(f.attempts, 'attempt')}: ${f.reason}`,
        ),
        '',
        `Undelivered messages (${undelivered.length}):`,
        ...undelivered.map((d) => `  ${when(d.at)} ${d.tenant} ${d.key}: ${d.error ?? 'failed'}`),
      ];
      writeLine(io.stdout, lines.join('\n'));
      return 0;
    } finally {
      await scheduler.close();
      await storage.close();
    }
  },
};
