import { expect, it } from 'vitest';
import { GenesysError } from '../../src/genesys/errors.js';
import { datatableRows, rowId } from '../../src/sandbox/services/architect/models.js';
import { describeSandbox, withTestTarget } from '../helpers/target.js';

/**
 * The data-table limits the presence policy's call memory lives within (one row per user on an
 * answered Communicate call): 5,000 rows, 256-character keys — what Genesys documents.
 */
describeSandbox('model (rows seeded directly)', 'sandbox data tables: the documented limits', () => {
  it('refuses a 257-character key and the 5,001st row; a 256-character key and the 5,000th row are fine', () =>
    withTestTarget({}, async (t) => {
      const c = await t.client();
      const table = await c.request<{ id: string }>('POST', '/api/v2/flows/datatables', {
        body: { name: 'Limits', schema: { type: 'object', required: ['key'], properties: { key: { type: 'string' }, PresenceId: { type: 'string' } }, additionalProperties: false } },
      });
      const add = (key: string) => c.request('POST', `/api/v2/flows/datatables/${table.id}/rows`, { body: { key, PresenceId: 'x' } });
      await add('k'.repeat(256));
      await expect(add('k'.repeat(257))).rejects.toSatisfy((e) => e instanceof GenesysError && e.status === 400 && /at most 256 characters/.test(e.message));
      // 4,998 more rows straight into the model (5,000 requests would only make the test slow).
      const rows = datatableRows(t.sandbox!.ctx);
      for (let i = 0; i < 4998; i++) rows.insert({ id: rowId(table.id, `u${i}`), tableId: table.id, key: `u${i}`, values: { key: `u${i}`, PresenceId: 'x' } });
      await add('the-5000th');
      await expect(add('one-too-many')).rejects.toSatisfy((e) => e instanceof GenesysError && e.status === 400 && /already holds 5000 rows/.test(e.message));
    }));
});
