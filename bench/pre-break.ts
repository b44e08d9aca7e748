/**
 * `npm run bench -- pre-break [--sizes 1000,10000,50000] [--json]`: the pre-break job in a busy
 * minute, against the sandbox at Genesys's 300 requests/min, for contact centers of 10
 * management units over 3 business units. Each algorithm runs in its own process
 * so its peak memory is its own:
 *  - new: the packaged Lambda (the zip `npm run package:lambda` builds) under plain Node, one
 *    process kept warm across ticks like a container — a cold tick (first, reads the schedules),
 *    the busy minute as a steady tick (schedules from memory), then a refresh tick (the bench sets
 *    PRE_BREAK_REFRESH=2m so a refresh falls right after the steady tick);
 *  - today: the algorithm before this change (re-reads 12 h of schedules every tick), and
 *  - original: the original blueprint's call pattern, both in bench/pre-break-worker.ts (under
 *    tsx, whose own ~150 MB is in their peak memory).
 * Between two ticks of one worker the bench waits until its 300/min budget has refilled what the
 * previous tick used (a real schedule leaves a minute). Figures only: nothing here passes or
 * fails on time; the targets are printed beside them.
 */
import { unzipSync } from 'fflate';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { packageLambda } from '../deploy/package-lambda.js';
import { GenesysClient } from '../src/genesys/client.js';
import { startSandbox } from '../src/sandbox/server.js';
import { agentBreaksStarting } from '../src/sandbox/services/workforcemanagement/models.js';

const SEEDED_AT = '2026-03-02T09:45:00Z';
/** An hour after the schedules' anchor: ≥ 3 % of the agents have a break entering the window each minute. */
const BUSY = Date.parse(SEEDED_AT) + 60 * 60_000;
const LEAD = 15 * 60_000;
const MIN = 60_000;
const MUS = 10;
const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'pre-break-worker.ts');

/**
 * The Lambda runtime's part for the `new` worker: load the bundle once, call the handler per
 * command with a 55 s invocation budget, answer as the tsx worker does.
 */
const LAMBDA_RUNNER = `
const { handler } = require('./lambda.js');
const rl = require('node:readline').createInterface({ input: process.stdin });
console.log = () => {};
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
(async () => {
  for await (const line of rl) {
    const cmd = JSON.parse(line);
    if (cmd.end) { out({ maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }); break; }
    const t0 = performance.now();
    const started = Date.now();
    let r;
    try { r = await handler({ time: cmd.tick }, { getRemainingTimeInMillis: () => started + 55000 - Date.now() }); }
    catch (e) { if (!e.result) throw e; r = e.result; }
    out({ calls: r.apiCalls, due: r.due, changed: r.changed, refreshed: r.refreshed, cold: r.cold, notDone: r.notDone, callsByEndpoint: r.callsByEndpoint, wallMs: Math.round(performance.now() - t0) });
  }
})();`;

let bundleDir: string | undefined;
async function lambdaBundle(): Promise<string> {
  if (bundleDir) return bundleDir;
  const dir = mkdtempSync(join(tmpdir(), 'pk-bench-lambda-'));
  const pkg = await packageLambda(join(dir, 'pre-break-lambda.zip'));
  writeFileSync(join(dir, 'lambda.js'), unzipSync(readFileSync(pkg.file))['lambda.js']!);
  return (bundleDir = dir);
}

interface TickOut {
  calls: number;
  due: number;
  changed: number;
  wallMs: number;
  bytes: number;
  refreshed?: boolean;
  cold?: boolean;
  notDone?: string[];
  callsByEndpoint?: Record<string, number>;
}

interface Run {
  algorithm: string;
  ticks: Array<TickOut & { at: string }>;
  maxRssMB: number;
  got429: number;
}

async function runAlgorithm(algorithm: 'new' | 'today' | 'original', agents: number, ticks: number[]): Promise<Run> {
  const s = await startSandbox({ port: 0, now: SEEDED_AT, wfmAgents: agents, wfmManagementUnits: MUS, seed: 7 });
  try {
    const admin = await GenesysClient.connect({ clientId: s.adminClient.id, clientSecret: s.adminClient.secret, gatewayUrl: s.url });
    const preBreak = (await admin.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } })).id;
    let bytes = 0;
    let got429 = 0;
    s.onExchange((e) => {
      if (e.internal) return;
      bytes += Buffer.byteLength(e.responseBody);
      if (e.status === 429) got429++;
    });
    const command = algorithm === 'new' ? ['-e', LAMBDA_RUNNER] : ['--import', 'tsx', WORKER, algorithm];
    const child = spawn(process.execPath, command, {
      cwd: algorithm === 'new' ? await lambdaBundle() : process.cwd(),
      env: {
        ...process.env,
        GENESYSCLOUD_OAUTHCLIENT_ID: s.adminClient.id,
        GENESYSCLOUD_OAUTHCLIENT_SECRET: s.adminClient.secret,
        GENESYSCLOUD_API_URL: s.url,
        PRE_BREAK_ALL_MANAGEMENT_UNITS: 'true',
        PRE_BREAK_PRESENCE_ID: preBreak,
        PRE_BREAK_LEAD: '15m',
        PRE_BREAK_TICK: '1m',
        PRE_BREAK_REFRESH: '2m',
      },
    }) as ChildProcessWithoutNullStreams;
    child.stderr.on('data', (b: Buffer) => process.stderr.write(b));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ask = async (cmd: object) => {
      child.stdin.write(JSON.stringify(cmd) + '\n');
      const { value } = await lines.next();
      return JSON.parse(String(value)) as Record<string, unknown>;
    };
    const out: Run['ticks'] = [];
    for (const at of ticks) {
      const prev = out.at(-1);
      if (prev) await new Promise((r) => setTimeout(r, Math.max(0, (prev.calls / 300) * 60_000 - prev.wallMs)));
      await s.ctx.clock.set(new Date(at).toISOString());
      const before = bytes;
      const r = (await ask({ tick: new Date(at).toISOString() })) as unknown as TickOut;
      out.push({ ...r, bytes: bytes - before, at: new Date(at).toISOString() });
    }
    const { maxRssMB } = (await ask({ end: true })) as { maxRssMB: number };
    child.stdin.end();
    return { algorithm, ticks: out, maxRssMB, got429 };
  } finally {
    await s.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');
const kb = (n: number) => `${fmt(Math.round(n / 1024))} KB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, j) => (j === 1 ? w.map((x) => '-'.repeat(x)).join('-|-') + '\n' : '') + r.map((c, i) => c.padEnd(w[i]!)).join(' | ')).join('\n');
}

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--sizes');
  const sizes = at >= 0 ? args[at + 1]!.split(',').map(Number) : [1000, 10_000, 50_000];
  const json = args.includes('--json');
  const results: Array<{ agents: number; newlyDue: number; runs: Run[] }> = [];
  for (const n of sizes) {
    // How busy the minute is, from the sandbox's own model (a throwaway org with the same seed).
    const probe = await startSandbox({ port: 0, now: SEEDED_AT, wfmAgents: n, wfmManagementUnits: MUS, seed: 7 });
    const newlyDue = agentBreaksStarting(probe.ctx, { startMs: BUSY + LEAD - MIN, endMs: BUSY + LEAD }).size;
    await probe.close();
    const runs = [await runAlgorithm('new', n, [BUSY - MIN, BUSY, BUSY + MIN]), await runAlgorithm('today', n, [BUSY]), await runAlgorithm('original', n, [BUSY])];
    results.push({ agents: n, newlyDue, runs });
    if (!json) {
      const [mine, today, original] = runs as [Run, Run, Run];
      const [cold, steady, refresh] = mine.ticks as [Run['ticks'][0], Run['ticks'][0], Run['ticks'][0]];
      const bound = 1 + 2 * Math.ceil(steady.due / 50);
      console.log(`\n${fmt(n)} agents, ${MUS} MUs in 3 BUs; busy minute ${new Date(BUSY).toISOString()}: ${fmt(newlyDue)} agents (${((100 * newlyDue) / n).toFixed(1)} %) have a break entering the window; sandbox at 300 req/min`);
      console.log(
        table([
          ['algorithm', 'tick', 'due', 'switched', 'calls', 'bytes read', 'wall', 'peak memory', '429s'],
          ['new', 'cold (first)', fmt(cold.due), fmt(cold.changed), fmt(cold.calls), kb(cold.bytes), sec(cold.wallMs), `${mine.maxRssMB} MB`, String(mine.got429)],
          ['new', `steady (bound ${bound})`, fmt(steady.due), fmt(steady.changed), fmt(steady.calls), kb(steady.bytes), sec(steady.wallMs), '', ''],
          ['new', 'refresh', fmt(refresh.due), fmt(refresh.changed), fmt(refresh.calls), kb(refresh.bytes), sec(refresh.wallMs), '', ''],
          ['today', 'every tick', fmt(today.ticks[0]!.due), fmt(today.ticks[0]!.changed), fmt(today.ticks[0]!.calls), kb(today.ticks[0]!.bytes), sec(today.ticks[0]!.wallMs), `${today.maxRssMB} MB`, String(today.got429)],
          ['original', 'every tick', fmt(original.ticks[0]!.due), fmt(original.ticks[0]!.changed), fmt(original.ticks[0]!.calls), kb(original.ticks[0]!.bytes), sec(original.ticks[0]!.wallMs), `${original.maxRssMB} MB`, String(original.got429)],
        ]),
      );
      for (const t of mine.ticks) if (t.notDone?.length) console.log(`  new, tick ${t.at}: deadline reached — ${t.notDone.join('; ')}`);
      console.log(`  new, steady tick calls: ${JSON.stringify(steady.callsByEndpoint)}`);
      console.log(`  new, refresh tick calls: ${JSON.stringify(refresh.callsByEndpoint)}`);
    }
  }
  if (json) console.log(JSON.stringify(results, null, 2));
}
