import { describe, expect, it } from 'vitest';
import { ConfigError, targetFromEnv } from '../../src/genesys/config.js';

const ID = 'GENESYSCLOUD_OAUTHCLIENT_ID';
const SECRET = 'GENESYSCLOUD_OAUTHCLIENT_SECRET';
const REGION = 'GENESYSCLOUD_REGION';
const URL_ = 'GENESYSCLOUD_API_URL';

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    targetFromEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('connection from the environment', () => {
  it('uses the embedded sandbox when no GENESYSCLOUD_* variable is set (blank counts as unset)', () => {
    expect(targetFromEnv({})).toEqual({ kind: 'sandbox' });
    expect(targetFromEnv({ [ID]: '  ', PATH: '/bin' })).toEqual({ kind: 'sandbox' });
  });

  it('names each missing variable', () => {
    const full = { [ID]: 'id', [SECRET]: 'secret-value', [REGION]: 'eu-west-1' };
    for (const name of [ID, SECRET, REGION]) {
      const env = { ...full, [name]: undefined };
      const message = errorOf(env);
      expect(message).toContain(`${name} is not set`);
      for (const other of [ID, SECRET, REGION].filter((n) => n !== name)) expect(message).not.toContain(other + ' is');
    }
    const message = errorOf({ [REGION]: 'eu-west-1' });
    expect(message).toContain(`${ID} and ${SECRET} are not set`);
  });

  it('needs no region when a gateway URL is given', () => {
    const t = targetFromEnv({ [ID]: 'id', [SECRET]: 'secret-value', [URL_]: 'http://127.0.0.1:8787/' });
    expect(t).toMatchObject({ kind: 'org', connection: { clientId: 'id', gatewayUrl: 'http://127.0.0.1:8787', region: undefined } });
  });

  it('resolves the region, and refuses a bad one listing the valid names', () => {
    const t = targetFromEnv({ [ID]: 'id', [SECRET]: 'secret-value', [REGION]: 'mypurecloud.ie' });
    expect(t.kind === 'org' && t.connection.region?.name).toBe('eu-west-1');
    const message = errorOf({ [ID]: 'id', [SECRET]: 'secret-value', [REGION]: 'moon-1' });
    expect(message).toContain(REGION);
    expect(message).toContain('ap-northeast-3');
  });

  it('refuses a gateway URL that is not http(s), naming the variable', () => {
    expect(errorOf({ [ID]: 'id', [SECRET]: 'secret-value', [URL_]: 'localhost:8787' })).toContain(URL_);
    expect(errorOf({ [ID]: 'id', [SECRET]: 'secret-value', [URL_]: 'ftp://x' })).toContain(URL_);
  });

  it('reads the tuning variables and refuses bad ones by name', () => {
    const t = targetFromEnv({ [ID]: 'id', [SECRET]: 'secret-value', [REGION]: 'us-east-1', PRESENCE_KIT_RATE_LIMIT: '120', PRESENCE_KIT_CONCURRENCY: '2', PRESENCE_KIT_TIMEOUT_MS: '5000' });
    expect(t).toMatchObject({ connection: { requestsPerMinute: 120, concurrency: 2, timeoutMs: 5000 } });
    expect(errorOf({ [ID]: 'id', [SECRET]: 'secret-value', [REGION]: 'us-east-1', PRESENCE_KIT_RATE_LIMIT: 'fast' })).toContain('PRESENCE_KIT_RATE_LIMIT');
    expect(errorOf({ [ID]: 'id', [SECRET]: 'secret-value', [REGION]: 'us-east-1', PRESENCE_KIT_CONCURRENCY: '0' })).toContain('PRESENCE_KIT_CONCURRENCY');
  });

  it('never puts the secret in an error', () => {
    const message = errorOf({ [SECRET]: 'do-not-print-me', [REGION]: 'nowhere' });
    expect(message).not.toContain('do-not-print-me');
  });
});
