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

  it('keeps a capped collection at its cap by dropping the oldest row it may drop, never one it may not', () => {
    type Run = { id: string; startTime: string; running: boolean };
    const runs = new Store().collection<Run>('runs', { cap: { max: 3, age: (r) => r.startTime, evictable: (r) => !r.running } });
    runs.insert({ id: 'a', startTime: '2025-01-01T08:00:00Z', running: true });
    runs.insert({ id: 'b', startTime: '2025-01-01T09:00:00Z', running: false });
    runs.insert({ id: 'c', startTime: '2025-01-01T07:00:00Z', running: false });
    runs.insert({ id: 'd', startTime: '2025-01-01T10:00:00Z', running: false });
    expect(runs.list().map((r) => r.id).sort()).toEqual(['a', 'b', 'd']);
    runs.put({ id: 'b', startTime: '2025-01-01T09:00:00Z', running: true });
    runs.insert({ id: 'e', startTime: '2025-01-01T11:00:00Z', running: false });
    expect(runs.list().map((r) => r.id).sort()).toEqual(['a', 'b', 'e']);
  });

  it('forgets expired tokens when it issues a new one (a long-lived --data org kept every login)', async () => {
    const s = await startSandbox({ port: 0, users: 1, now: '2025-03-03T09:00:00Z' });
    try {
      const login = async () => {
        const res = await fetch(`${s.url}/oauth/token`, {
          method: 'POST',
          headers: { Authorization: `Basic ${Buffer.from(`${s.adminClient.id}:${s.adminClient.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        });
        expect(res.status).toBe(200);
      };
      const held = () => s.ctx.store.collection('tokens').size;
      await login();
      await login();
      expect(held()).toBe(2);
      await s.ctx.clock.advance(86_400_000);
      await login();
      expect(held()).toBe(1);
    } finally {
      await s.close();
    }
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
