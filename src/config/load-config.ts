import { DoraflowError } from '../domain/doraflow-error.js';
import { CONFIG_SCHEMA, type Config, type ConfigVariable } from './config-schema.js';

/** Variables that only work together: all set, or none. */
const TOGETHER: ReadonlyArray<readonly string[]> = [
  ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'],
];
/** Variables that need another one: [variable, what it needs]. */
const NEEDS: ReadonlyArray<readonly [string, string]> = [
  ['SLACK_CLIENT_ID', 'SLACK_SIGNING_SECRET'],
  ['MicrosoftAppPassword', 'MicrosoftAppId'],
];

/**
 * Reads the configuration from the environment it is given (the CLI entry point passes the process
 * environment; nothing else reads it). Every problem is reported at once in one `DORAFLOW_ERR_CONFIG`
 * error.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [field, definition] of Object.entries(CONFIG_SCHEMA) as Array<
    [string, ConfigVariable<unknown>]
  >) {
    const raw = env[definition.env];
    const given = raw === undefined || raw.trim() === '' ? definition.default : raw.trim();
    const result = definition.schema.safeParse(given);
    if (result.success) {
      config[field] = result.data;
    } else {
      const shown = definition.secret || given === undefined ? '' : ` (got "${given.slice(0, 60)}")`;
      problems.push(`${definition.env} ${result.error.issues[0]?.message ?? 'is invalid'}${shown}`);
    }
  }
  for (const group of TOGETHER) {
    const set = group.filter((name) => (env[name] ?? '').trim() !== '');
    if (set.length > 0 && set.length < group.length)
      problems.push(
        `${group.filter((name) => !set.includes(name)).join(' and ')} must be set too (with ${set.join(', ')})`,
      );
  }
  for (const [name, needed] of NEEDS) {
    if ((env[name] ?? '').trim() !== '' && (env[needed] ?? '').trim() === '')
      problems.push(`${name} needs ${needed} too`);
  }
  if ((env.MicrosoftAppId ?? '').trim()) {
    const type = (env.MicrosoftAppType ?? '').trim() || 'SingleTenant';
    if (type !== 'MultiTenant' && !(env.MicrosoftAppTenantId ?? '').trim())
      problems.push(`MicrosoftAppTenantId must be set for MicrosoftAppType ${type}`);
    if (type !== 'UserAssignedMSI' && !(env.MicrosoftAppPassword ?? '').trim())
      problems.push('MicrosoftAppPassword must be set with MicrosoftAppId');
  }
  if (problems.length > 0) {
    throw new DoraflowError('DORAFLOW_ERR_CONFIG', `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config as Config;
}
