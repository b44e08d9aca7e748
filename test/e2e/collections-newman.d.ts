// newman ships no types: the slice of its Node API the collection tests use.
declare module 'newman' {
  import type { EventEmitter } from 'node:events';

  interface VariableJSON {
    key: string;
    value: unknown;
    type?: string;
  }
  interface Scope {
    values?: VariableJSON[];
  }
  interface RunOptions {
    collection: unknown;
    environment?: Scope;
    globals?: Scope;
    envVar?: Array<{ key: string; value: string }>;
    folder?: string | string[];
    reporters?: string | string[];
    timeoutRequest?: number;
    bail?: boolean;
  }
  interface Failure {
    error: { name?: string; message: string; test?: string };
    source?: { name?: string };
    at?: string;
  }
  interface Summary {
    run: { failures: Failure[]; stats: Record<string, { total: number; failed: number }> };
    environment: { toJSON(): { values: VariableJSON[] } };
    globals: { toJSON(): { values: VariableJSON[] } };
  }
  function run(options: RunOptions, callback?: (err: Error | null, summary: Summary) => void): EventEmitter;
  const newman: { run: typeof run };
  export default newman;
}
