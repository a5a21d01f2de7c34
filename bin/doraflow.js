#!/usr/bin/env node
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('doraflow is not built yet: run `npm run build` (npm start does it for you).');
  process.exit(1);
}
await import(main.href);
