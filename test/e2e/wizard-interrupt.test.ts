import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, hasScript } from '../helpers/terminal.js';

/**
 * Ctrl-C at a wizard question ends `presence-kit setup` as an interrupted program ends: exit 130
 * (128 + SIGINT) and a plain "cancelled" line — not "error: Cancelled" with exit 1. On a real
 * pseudo-terminal (util-linux `script`), Ctrl-C typed once the first question shows.
 */
describe.skipIf(!hasScript)('setup: Ctrl-C at a question', () => {
  it('exits 130 and says nothing was changed', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GENESYSCLOUD_|PRESENCE_KIT_|CI$)/.test(k))) as Record<string, string>;
    const child = spawn('script', ['-qec', `'${process.execPath}' '${BIN}' setup --no-color`, '/dev/null'], {
      cwd: mkdtempSync(join(tmpdir(), 'pk-ctrlc-')),
      env: { ...env, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      // The first question is on screen (its key help is drawn once the prompt reads keys): type Ctrl-C.
      if (!sent && /navigate/.test(out)) {
        sent = true;
        child.stdin.write('\x03');
      }
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(out).toMatch(/Cancelled \(Ctrl-C\): nothing was changed/);
    expect(out).not.toMatch(/error: Cancelled/);
  });
});
