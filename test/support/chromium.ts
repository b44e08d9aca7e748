import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global set-up: the `timeline --html` test renders the page in a real headless Chromium,
 * and `npm ci && npm test` must pass on a fresh machine as the README writes it. So the test
 * command finds Chromium (on PATH, or Debian's /usr/bin/chromium) and, where it is missing on a
 * Debian-like machine it may install on (root, or sudo without a password), installs Debian's
 * `chromium` package itself — what .ci/run did before — and says so on stderr. Elsewhere it stops
 * the run with the one line that fixes it, before any test has started.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium executable the browser test launches. */
    chromium: string;
  }
}

const NAMES = ['chromium', 'chromium-browser'];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const findChromium = (): string | undefined => NAMES.map(onPath).find(Boolean) ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** How to run apt-get as root here, if at all: directly as root, or through passwordless sudo. */
function aptRunner(): string[] | undefined {
  if (!onPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function install(prefix: string[]): void {
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(cmd!, rest, { stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
}

export default function setup(project: TestProject): void {
  let found = findChromium();
  if (!found) {
    const prefix = aptRunner();
    if (!prefix)
      throw new Error('Chromium is missing and cannot be installed from here: install it (Debian/Ubuntu: apt-get install chromium), then run the tests again — the timeline --html test renders in it');
    process.stderr.write(`test set-up: Chromium not found; installing Debian's chromium package (${[...prefix, 'apt-get install chromium'].join(' ')}) for the timeline --html test\n`);
    install(prefix);
    found = findChromium();
    if (!found) throw new Error('apt-get installed chromium but no chromium executable is on PATH: install it by hand, then run the tests again');
    process.stderr.write(`test set-up: installed ${found}\n`);
  }
  project.provide('chromium', found);
}
