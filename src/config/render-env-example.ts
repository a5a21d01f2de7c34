import { CONFIG_SCHEMA, type ConfigVariable } from './config-schema.js';

/**
 * `.env.example`, generated from the one schema: every variable commented out with its meaning and
 * default, so copying it to `.env` changes nothing until a line is uncommented.
 */
export function renderEnvExample(): string {
  const blocks = (Object.values(CONFIG_SCHEMA) as Array<ConfigVariable<unknown>>).map((v) =>
    [
      `# ${v.description} (${v.secret && !v.unit.includes('secret') ? `${v.unit}, secret` : v.unit})`,
      `# ${v.env}=${v.default ?? ''}`,
    ].join('\n'),
  );
  return [
    '# doraflow reads .env from the directory it starts in (npm start: this one); variables already',
    '# in the environment win. Generated from the configuration schema by `npm run docs:config`.',
    '',
    blocks.join('\n\n'),
    '',
  ].join('\n');
}
