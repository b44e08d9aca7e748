import type { GenesysClient } from '../genesys/client.js';
import { allUsers, findUsers, UserLookupError, type UserRef } from '../resources/users.js';
import { UserError } from './errors.js';

/** `--user U…` (or every user): a name the org does not have is the usual one line naming the fix. */
export async function usersNamed(client: GenesysClient, refs: readonly string[] | 'all'): Promise<UserRef[]> {
  try {
    return refs === 'all' ? await allUsers(client) : await findUsers(client, refs);
  } catch (e) {
    throw e instanceof UserLookupError ? new UserError(e.message) : e;
  }
}
