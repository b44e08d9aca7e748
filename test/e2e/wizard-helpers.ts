import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scriptedPrompter, type Prompter } from '../../src/wizard/prompter.js';
import type { Target } from '../../src/wizard/where.js';
import type { WizardIO } from '../../src/wizard/io.js';
import type { TestTarget } from '../helpers/target.js';

/** Shared by the wizard's end-to-end tests: a recorded IO, the test sandbox as "the embedded sandbox", the CLI as a child. */
export const strip = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

export function recordedIO(prompter?: Prompter): WizardIO & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return { prompter, lines, say: (l) => lines.push(strip(l)), text: () => lines.join('\n') };
}

export const scripted = (script: Record<string, unknown>) => scriptedPrompter(script);

/** The test's sandbox, handed to the wizard as the embedded one; closing it is the test's job. */
export const sandboxOpener = (t: TestTarget) => async (): Promise<Target> => ({
  client: await t.client(),
  kind: 'sandbox',
  sandbox: { url: t.sandbox!.url },
  close: async () => undefined,
});

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** Inventory without what logging in and reading leave behind. */
export async function inventoryOf(t: TestTarget): Promise<Record<string, unknown[]>> {
  const inv = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/inventory`)).json()) as Record<string, unknown[]>;
  return inv;
}

const BIN = fileURLToPath(new URL('../../bin/presence-kit.mjs', import.meta.url));

/** Environment with no GENESYSCLOUD_* at all (the "fresh clone" case). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GENESYSCLOUD_') && !k.startsWith('PRESENCE_KIT_')));
  return { ...env, FORCE_COLOR: '0', ...extra };
}

/** Runs the CLI as a child with no TTY (stdin closed), as CI and pipes do. */
export function runCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
