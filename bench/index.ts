/**
 * `npm run bench -- <name>`: prints figures (API calls, wall time, calls per agent) to compare
 * runs. Never pass/fail on time.
 */
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  apply: () => import('./apply.js'),
  automations: () => import('./automations.js'),
  'pre-break': () => import('./pre-break.js'),
  startup: () => import('./startup.js'),
};

const [name, ...args] = process.argv.slice(2);
const names = name ? [name] : Object.keys(BENCHES);
for (const n of names) {
  const load = BENCHES[n];
  if (!load) {
    console.error(`unknown benchmark "${n}"; choose one of: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await (await load()).run(args);
}
