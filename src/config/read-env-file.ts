import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * The environment with `.env` of `directory` under it: variables already set win over the file.
 * Without a `.env` the environment is returned as it is.
 */
export function withEnvFile(
  env: Readonly<Record<string, string | undefined>>,
  directory: string,
): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(`${directory}/.env`, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { ...env };
    throw error;
  }
  return { ...parseEnv(text), ...env };
}
