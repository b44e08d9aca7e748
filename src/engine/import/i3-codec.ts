import { ImportError } from './import-error.js';

/**
 * The Architect UI's export format: `base64(encodeURIComponent(JSON.stringify(flow)))`, one line
 * of ASCII. Decoding then encoding reproduces the original files byte for byte (the JSON keeps
 * its key order), so a decoded flow can be patched and written back safely.
 */
export function decodeI3WorkFlow(text: string, file = 'the file'): unknown {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new ImportError(`${file}: not an Architect export (.i3WorkFlow files are one line of base64) — export the flow again from Architect`);
  }
  let uri: string;
  try {
    uri = decodeURIComponent(Buffer.from(trimmed, 'base64').toString('latin1'));
  } catch {
    throw new ImportError(`${file}: the base64 does not hold URI-encoded text, so it is not an Architect export — export the flow again from Architect`);
  }
  try {
    return JSON.parse(uri) as unknown;
  } catch (e) {
    throw new ImportError(`${file}: the decoded flow is not valid JSON (${(e as Error).message}) — export the flow again from Architect`);
  }
}

export function encodeI3WorkFlow(flow: unknown): string {
  return Buffer.from(encodeURIComponent(JSON.stringify(flow)), 'latin1').toString('base64');
}
