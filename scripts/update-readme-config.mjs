// Rewrites the configuration table of README.md and .env.example from the schema (npm run docs:config).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from '../dist/src/config/render-config-table.js';
import { renderEnvExample } from '../dist/src/config/render-env-example.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync(path, `${before}\n${renderConfigTable()}\n${after}`);
console.log('README.md configuration table updated');
writeFileSync(new URL('../.env.example', import.meta.url), renderEnvExample());
console.log('.env.example updated');
