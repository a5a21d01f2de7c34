import type { Logger } from 'pino';
import { describeSlackMode, slackMode } from '../chat/slack/slack-mode.js';
import type { Config } from '../config/config-schema.js';
import type { Scheduler } from '../jobs/scheduler.js';
import type { Reports } from '../reports/create-reports.js';
import type { Storage } from '../storage/storage.js';
import { teamsEnabled } from './wire-teams.js';

/** The one line a process logs when it started: its role, port and every backend, with how to switch. */
export function startLine(
  config: Config,
  role: 'server and worker' | 'server' | 'worker',
  port: number | undefined,
  parts: { readonly storage: Storage; readonly reports: Reports; readonly scheduler: Scheduler },
): string {
  const { storage, reports, scheduler } = parts;
  const schedulerText =
    scheduler.kind === 'bullmq' ? 'BullMQ on Redis' : 'in-process (set REDIS_URL to use BullMQ on Redis)';
  const teams = teamsEnabled(config)
    ? 'on at /api/messages'
    : 'off (set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId)';
  return `doraflow ${role}${port === undefined ? '' : ` listening on ${config.host}:${port}`}; storage: ${storage.description}${
    config.mongodbUri ? '' : ' (set MONGODB_URI to use MongoDB)'
  }; reports ${reports.description}; scheduler: ${schedulerText}; slack: ${describeSlackMode(slackMode(config))}; teams: ${teams}`;
}

/** Logs the start line, and warns when nothing in this deployment would run scheduled work. */
export function logStart(
  log: Logger,
  config: Config,
  roles: { readonly http: boolean; readonly worker: boolean },
  port: number,
  parts: { readonly storage: Storage; readonly reports: Reports; readonly scheduler: Scheduler },
): void {
  const role = roles.http && roles.worker ? 'server and worker' : roles.http ? 'server' : 'worker';
  const fields = { port, role, storage: parts.storage.description, scheduler: parts.scheduler.kind };
  log.info(fields, startLine(config, role, roles.http ? port : undefined, parts));
  if (!roles.worker && parts.scheduler.kind === 'in-process')
    log.warn(
      'no worker in this process and no Redis: digests and alerts are not sent; run `doraflow start`, or set REDIS_URL and run `doraflow worker`',
    );
}
