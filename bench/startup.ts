/**
 * `npm run bench -- startup [--runs 7] [--json]`: how long `presence-kit --help`, `--version`, a
 * usage error and `whoami` (against a sandbox started here) take as a new process, from spawn to
 * exit — the compiled dist/ (what ships, built first so the figures are of the current sources)
 * side by side with the previous start, the sources through tsx — and what importing the Genesys
 * SDK alone costs (wall and CPU, measured inside a fresh process). Median and slowest of N runs.
 * Figures only: nothing passes or fails on time (the targets it prints are the issue's, < 0.5 s
 * and < 1 s).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/sandbox/server.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The previous bin/presence-kit.mjs: tsx transpiles every source file on each start. */
const VIA_TSX = `import { register } from 'tsx/esm/api'; register(); const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv);`;

interface Figure {
  command: string;
  target: string;
  compiledMedianMs: number;
  compiledMaxMs: number;
  tsxMedianMs: number;
  tsxMaxMs: number;
}

const run1 = promisify(execFile);

/** Spawned asynchronously: the sandbox answering whoami lives in this process's event loop. */
async function timeRuns(argv: string[], env: NodeJS.ProcessEnv, cwd: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    // A usage error exits 2 by design: timed all the same.
    await run1(process.execPath, argv, { cwd, env }).catch((e: { code?: unknown }) => {
      if (typeof e.code !== 'number') throw e;
    });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const median = (xs: number[]) => Math.round(xs[Math.floor(xs.length / 2)]!);

/** Importing the Genesys SDK in a fresh process: wall and CPU (user + system) milliseconds of the import alone. */
const SDK_IMPORT = `const c = process.cpuUsage(); const t = performance.now(); await import('purecloud-platform-client-v2'); const u = process.cpuUsage(c); console.log(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (u.user + u.system) / 1000 }));`;

async function sdkImport(runs: number): Promise<{ wallMedianMs: number; cpuMedianMs: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run1(process.execPath, ['--input-type=module', '-e', SDK_IMPORT], { cwd: ROOT });
    const m = JSON.parse(stdout) as { wallMs: number; cpuMs: number };
    wall.push(m.wallMs);
    cpu.push(m.cpuMs);
  }
  return { wallMedianMs: median(wall.sort((a, b) => a - b)), cpuMedianMs: median(cpu.sort((a, b) => a - b)) };
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args[i + 1]) : 7;
  const loadBefore = loadavg()[0]!;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const sandbox = await startSandbox({ port: 0 });
  const cwd = mkdtempSync(join(tmpdir(), 'pk-bench-startup-'));
  try {
    const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const k of Object.keys(base)) if (k.startsWith('GENESYSCLOUD_')) delete base[k];
    const sandboxEnv = { ...base, GENESYSCLOUD_API_URL: sandbox.url, GENESYSCLOUD_OAUTHCLIENT_ID: sandbox.adminClient.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: sandbox.adminClient.secret };
    const cases: Array<{ command: string[]; env: NodeJS.ProcessEnv; target: string }> = [
      { command: ['--help'], env: base, target: '< 0.5 s' },
      { command: ['--version'], env: base, target: '< 0.5 s' },
      { command: ['plan', '--bogus'], env: base, target: '< 0.5 s' },
      { command: ['whoami'], env: sandboxEnv, target: '< 1 s' },
    ];
    const figures: Figure[] = [];
    for (const c of cases) {
      // dist/ is fresh (built above), so the bin runs the compiled files.
      const compiled = await timeRuns([join(ROOT, 'bin/presence-kit.mjs'), ...c.command], c.env, cwd, runs);
      const viaTsx = await timeRuns(['--input-type=module', '-e', VIA_TSX, 'presence-kit', ...c.command], c.env, ROOT, runs);
      figures.push({
        command: `presence-kit ${c.command.join(' ')}`,
        target: c.target,
        compiledMedianMs: median(compiled),
        compiledMaxMs: Math.round(compiled.at(-1)!),
        tsxMedianMs: median(viaTsx),
        tsxMaxMs: Math.round(viaTsx.at(-1)!),
      });
    }
    const sdk = await sdkImport(runs);
    if (json) {
      process.stdout.write(JSON.stringify({ bench: 'startup', runs, cores: cpus().length, cpu: cpus()[0]?.model, loadavgBefore: loadBefore, loadavg: loadavg(), node: process.version, figures, sdkImport: sdk }, null, 2) + '\n');
      return;
    }
    // The machine's load is part of the figure: the same start takes several times longer on a busy 2-core box.
    const load = `${loadBefore.toFixed(1)} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end`;
    console.log(`startup: process spawn to exit, ${runs} runs each, median (slowest); whoami against a sandbox on ${sandbox.url}`);
    console.log(`  machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${load} (1 / 5 / 15 min), Node ${process.version}`);
    console.log(`  ${'command'.padEnd(26)} ${'compiled dist/'.padEnd(18)} ${'before: tsx sources'.padEnd(22)} target`);
    for (const f of figures) {
      console.log(`  ${f.command.padEnd(26)} ${`${f.compiledMedianMs} ms (${f.compiledMaxMs})`.padEnd(18)} ${`${f.tsxMedianMs} ms (${f.tsxMaxMs})`.padEnd(22)} ${f.target}`);
    }
    console.log(`  importing the Genesys SDK alone (what whoami and every command that talks to Genesys add): ${sdk.wallMedianMs} ms wall, ${sdk.cpuMedianMs} ms CPU (medians)`);
  } finally {
    await sandbox.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}
