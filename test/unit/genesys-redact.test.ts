import { describe, expect, it } from 'vitest';
import { GenesysError } from '../../src/genesys/errors.js';
import { redact, redactValue, registerBasicCredentials, registerSecret } from '../../src/genesys/redact.js';

describe('redaction', () => {
  it('removes every registered secret, also URL-encoded', () => {
    registerSecret('s3cr3t/with+plus');
    expect(redact('a s3cr3t/with+plus b')).toBe('a [REDACTED] b');
    expect(redact('client_id=x&x=s3cr3t%2Fwith%2Bplus')).not.toContain('s3cr3t');
  });

  it('removes Bearer and Basic header values even when never registered', () => {
    expect(redact('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('{"Authorization":"Basic dXNlcjpwYXNz"}')).toBe('{"Authorization":"Basic [REDACTED]"}');
  });

  it('removes values of secret-named fields', () => {
    expect(redact('{"access_token":"tok123456","x":1}')).not.toContain('tok123456');
    expect(redact('client_secret=abcdefg&grant_type=client_credentials')).toBe('client_secret=[REDACTED]&grant_type=client_credentials');
  });

  it('registers Basic credentials as they travel (base64 of id:secret)', () => {
    registerBasicCredentials('client-1', 'pair-secret-99');
    const b64 = Buffer.from('client-1:pair-secret-99').toString('base64');
    expect(redact(`header ${b64}`)).toBe('header [REDACTED]');
    expect(redact('pair-secret-99')).toBe('[REDACTED]');
  });

  it('leaves short values alone, so ordinary text is not garbled', () => {
    registerSecret('abc');
    expect(redact('abc abc')).toBe('abc abc');
  });

  it('deep-redacts values and always yields valid JSON', () => {
    registerSecret('deep-secret-42');
    const out = redactValue({ a: ['x deep-secret-42 y'], secret: 'plain', clientSecret: null, password: 12, nested: { accessToken: 'zzz', ok: true } });
    expect(JSON.stringify(out)).not.toMatch(/deep-secret-42|plain|zzz/);
    expect(out).toEqual({ a: ['x [REDACTED] y'], secret: '[REDACTED]', clientSecret: null, password: 12, nested: { accessToken: '[REDACTED]', ok: true } });
  });

  it('GenesysError redacts its message, hint and details when built', () => {
    registerSecret('err-secret-77');
    const e = new GenesysError({ status: 400, code: 'bad.request', message: 'echo err-secret-77', hint: 'Bearer abcdef', details: { body: 'err-secret-77' } });
    expect(e.message).toBe('echo [REDACTED]');
    expect(e.oneLine()).not.toMatch(/err-secret-77|abcdef/);
    expect(JSON.stringify(e.details)).not.toContain('err-secret-77');
    expect(JSON.stringify(e)).not.toContain('err-secret-77');
  });
});
