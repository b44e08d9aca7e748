import type { Manifest } from '../engine/manifest.js';
import type { Prompter } from './prompter.js';

/**
 * Secrets presence-kit did not make and never stores — the Entra app's client secret of
 * teams-presence-outbound — reach a credential through an environment variable read at apply time
 * (the credential's `fieldsFromEnv`). In CI that variable is set; at a terminal the wizard asks for
 * what is missing (masked), and hands the answer to this run's apply the same way, through the
 * environment of this process only: it is never saved, printed or put in the plan.
 */
export function envSecretNames(manifests: readonly Manifest[]): string[] {
  const names = manifests.flatMap((m) =>
    Object.values(m.resources).flatMap((r) => {
      const fromEnv = r.kind === 'credential' ? (r.spec as { fieldsFromEnv?: Record<string, string> } | undefined)?.fieldsFromEnv : undefined;
      return fromEnv ? Object.values(fromEnv) : [];
    }),
  );
  return [...new Set(names)].sort();
}

/**
 * Asks for each such variable the environment lacks; an empty answer leaves it unset (the
 * credential may already be in place: plan then needs no secret). Returns a function that takes
 * the answers out of the environment again.
 */
export async function askEnvSecrets(p: Prompter, names: readonly string[], env: NodeJS.ProcessEnv): Promise<() => void> {
  const set: string[] = [];
  for (const name of names.filter((n) => !env[n])) {
    const v = await p.password({ id: `env.${name}`, message: `${name} — the client secret of your Microsoft Entra app (not saved; empty: the credential is already in place)` });
    if (v) {
      env[name] = v;
      set.push(name);
    }
  }
  return () => {
    for (const n of set) delete env[n];
  };
}
