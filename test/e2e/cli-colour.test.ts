import { describe, expect, it } from 'vitest';
import { colourLevel } from '../../src/cli/colour.js';
import { hasScript, runBin, useAdminSandbox } from '../helpers/terminal.js';

/**
 * Colours follow the conventions: on a terminal (a real pseudo-terminal from util-linux `script`)
 * `doctor` paints its ✓ marks, and NO_COLOR=1 or --no-color turn that off; FORCE_COLOR turns it on
 * through a pipe. chalk alone ignored NO_COLOR.
 */
const ESC = '\x1b[';
const run = async (args: string[], env: Record<string, string>, opts: { terminal: boolean }) => {
  const r = await runBin(args, env, opts);
  return { code: r.code, out: r.stdout + r.stderr };
};

describe.skipIf(!hasScript)('colours on a terminal follow NO_COLOR, --no-color and FORCE_COLOR', () => {
  const sandbox = useAdminSandbox();

  it('doctor on a terminal: coloured; NO_COLOR=1: not; --no-color: not', async () => {
    const [plain, noColorEnv, noColorFlag] = await Promise.all([
      run(['doctor'], sandbox.env, { terminal: true }),
      run(['doctor'], { ...sandbox.env, NO_COLOR: '1' }, { terminal: true }),
      run(['doctor', '--no-color'], sandbox.env, { terminal: true }),
    ]);
    for (const r of [plain, noColorEnv, noColorFlag]) expect(r.out).toContain('✓');
    expect(plain.out).toContain(ESC);
    expect(noColorEnv.out).not.toContain(ESC);
    expect(noColorFlag.out).not.toContain(ESC);
  });

  it('through a pipe: no colours, unless FORCE_COLOR=1', async () => {
    const [piped, forced] = await Promise.all([run(['doctor'], sandbox.env, { terminal: false }), run(['doctor'], { ...sandbox.env, FORCE_COLOR: '1' }, { terminal: false })]);
    expect(piped.out).toContain('✓');
    expect(piped.out).not.toContain(ESC);
    expect(forced.out).toContain(ESC);
  });
});

describe('colourLevel: the order of the conventions', () => {
  const tty = { isTTY: true, getColorDepth: () => 8 };
  it('flag over FORCE_COLOR over NO_COLOR over the terminal', () => {
    expect(colourLevel({ env: {}, argv: [], stream: tty })).toBe(2);
    expect(colourLevel({ env: { NO_COLOR: '1' }, argv: [], stream: tty })).toBe(0);
    expect(colourLevel({ env: { NO_COLOR: '' }, argv: [], stream: tty })).toBe(2);
    expect(colourLevel({ env: { NO_COLOR: '1', FORCE_COLOR: '1' }, argv: [], stream: { isTTY: false } })).toBe(1);
    expect(colourLevel({ env: { FORCE_COLOR: '0' }, argv: [], stream: tty })).toBe(0);
    expect(colourLevel({ env: { FORCE_COLOR: '3' }, argv: ['--no-color'], stream: tty })).toBe(0);
    expect(colourLevel({ env: {}, argv: [], stream: { isTTY: true, getColorDepth: () => 1 } })).toBe(0);
  });
});
