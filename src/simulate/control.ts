/**
 * The sandbox's own simulation API (`/sandbox/v1/…`), spoken over HTTP. It is not the Genesys
 * API — an org has nothing like it — so it does not go through GenesysClient; `simulate` refuses
 * a real org before it gets here.
 */
export interface SandboxControl {
  readonly baseUrl: string;
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export class SandboxControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 120_000;

export function sandboxControl(baseUrl: string): SandboxControl {
  const base = baseUrl.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, body?: unknown, query?: Record<string, string | undefined>): Promise<T> {
    const qs = query ? new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString() : '';
    const url = `${base}/sandbox/v1/${path.replace(/^\/+/, '')}${qs ? `?${qs}` : ''}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new SandboxControlError(`cannot reach the sandbox at ${base}: ${(e as Error).message}`, 0);
    }
    const text = await res.text();
    if (res.status === 404 && !text.includes('"code"')) throw new SandboxControlError(`${base} has no sandbox control API (${method} ${path}): is it a presence-kit sandbox?`, 404);
    if (!res.ok) {
      let msg = text;
      try {
        msg = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new SandboxControlError(`sandbox ${method} /sandbox/v1/${path}: ${res.status} ${msg}`, res.status);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    baseUrl: base,
    get: (path, query) => call('GET', path, undefined, query),
    post: (path, body) => call('POST', path, body ?? {}),
  };
}
