import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withGeneratedTables } from './table.js';

/** Regenerates the tables in docs/presence-policy.md from the policy data (src/model/presence-policy.ts). */
const file = fileURLToPath(new URL('../../docs/presence-policy.md', import.meta.url));
writeFileSync(file, withGeneratedTables(readFileSync(file, 'utf8')));
console.error(`wrote ${file}`);
