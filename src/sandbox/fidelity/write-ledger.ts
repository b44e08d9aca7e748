import { writeFileSync } from 'node:fs';
import { buildLedger, LEDGER_FILE } from './ledger.js';

/** `npm run fidelity`: rewrites src/sandbox/FIDELITY.md (a test fails while the committed one is stale). */
writeFileSync(LEDGER_FILE, await buildLedger());
console.log(`wrote ${LEDGER_FILE}`);
