import { mkdirSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file so that a crash never leaves it half-written (temp file + rename) and, since
 * toolkit files may hold ids of an org or credentials, readable by the owner only (0600).
 */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

export const writeJsonAtomic = (file: string, value: unknown, mode = 0o600) => writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', mode);
