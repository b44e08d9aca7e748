import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/sandbox/core/store.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { createRole } from '../../src/sandbox/services/authorization/roles.js';

describe('sandbox store', () => {
  it('inserts a new id, refuses a taken one and leaves its holder alone; put replaces', () => {
    const roles = new Store().collection<{ id: string; name: string }>('roles');
    roles.insert({ id: 'r1', name: 'Master Admin' });
    expect(() => roles.insert({ id: 'r1', name: 'Intruder' })).toThrow('roles: id r1 is already taken');
    expect(roles.get('r1')?.name).toBe('Master Admin');
    roles.put({ id: 'r1', name: 'Renamed' });
    expect(roles.list()).toEqual([{ id: 'r1', name: 'Renamed' }]);
  });

  it('a restored --data org never draws the ids its seed drew, nor the ones another restore of it draws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-store-'));
    try {
      const file = join(dir, 'org.json');
      const seeded = await startSandbox({ port: 0, users: 3, seed: 1, dataFile: file });
      const freshRoleId = createRole(seeded.ctx, { name: 'First custom role' }).id;
      await seeded.close();
      const takenIds = new Set(Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<{ id: string }>>).flat().map((e) => e.id));
      copyFileSync(file, join(dir, 'copy.json'));

      const drawn: string[] = [];
      for (const dataFile of [file, join(dir, 'copy.json')]) {
        const restored = await startSandbox({ port: 0, users: 3, seed: 1, dataFile });
        drawn.push(createRole(restored.ctx, { name: 'Second custom role' }).id);
        await restored.close();
      }
      expect(takenIds).toContain(freshRoleId);
      expect(drawn.filter((id) => takenIds.has(id))).toEqual([]);
      expect(drawn[0]).not.toBe(drawn[1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
