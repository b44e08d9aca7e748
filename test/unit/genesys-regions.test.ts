import { describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { ALL_REGIONS, REGION_HOSTS, resolveRegion, UnknownRegionError } from '../../src/genesys/regions.js';

const sdkHosts = platformClient.PureCloudRegionHosts as unknown as Record<string, string>;

describe('regions', () => {
  it('knows exactly the 18 regions of the SDK, with the same hosts', () => {
    expect(ALL_REGIONS).toHaveLength(18);
    expect(Object.keys(sdkHosts)).toHaveLength(18);
    for (const r of ALL_REGIONS) expect(sdkHosts[r.sdkKey], r.name).toBe(r.host);
  });

  it.each(Object.entries(REGION_HOSTS))('resolves %s by AWS name, SDK key, host, api/login host and URL', (name, host) => {
    const sdkKey = name.replace(/-/g, '_');
    for (const spelling of [name, name.toUpperCase(), sdkKey, host, `api.${host}`, `login.${host}`, `https://api.${host}/`, ` ${name} `]) {
      const r = resolveRegion(spelling);
      expect(r.name, spelling).toBe(name);
      expect(r.host).toBe(host);
      expect(r.apiBase).toBe(`https://api.${host}`);
      expect(r.loginBase).toBe(`https://login.${host}`);
    }
  });

  it('refuses an unknown region in one line that lists every valid name', () => {
    let err: unknown;
    try {
      resolveRegion('eu-west-9');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownRegionError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('GENESYSCLOUD_REGION');
    expect(message).toContain('"eu-west-9"');
    for (const name of Object.keys(REGION_HOSTS)) expect(message).toContain(name);
  });

  it('refuses a host that merely ends like a region host', () => {
    expect(() => resolveRegion('evil-mypurecloud.com')).toThrow(UnknownRegionError);
    expect(() => resolveRegion('')).toThrow(UnknownRegionError);
  });
});
