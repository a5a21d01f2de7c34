import { CONFIG_SCHEMA, type ConfigVariable } from './config-schema.js';

/** The README's configuration table, generated from the one schema. */
export function renderConfigTable(): string {
  const rows = (Object.values(CONFIG_SCHEMA) as Array<ConfigVariable<unknown>>).map(
    (v) =>
      `| \`${v.env}\` | ${v.default === undefined ? '(unset)' : `\`${v.default}\``} | ${v.unit} | ${v.description} |`,
  );
  return ['| Variable | Default | Unit | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
