import { GenesysClient } from '../../genesys/client.js';
import { GenesysError } from '../../genesys/errors.js';
import type { JobSettings } from './config.js';

/**
 * Logs the job in. When its client comes from the credentials file and Genesys refuses it, the
 * fix is to rewrite that file — not the GENESYSCLOUD_* variables the client layer's hint names.
 */
export async function connectJob(
  settings: Pick<JobSettings, 'source' | 'credentialsFile'> & { connection: NonNullable<JobSettings['connection']> },
  connect: typeof GenesysClient.connect = (c) => GenesysClient.connect(c),
): Promise<GenesysClient> {
  try {
    return await connect(settings.connection);
  } catch (e) {
    if (settings.source === 'credentials-file' && e instanceof GenesysError && (e.status === 400 || e.status === 401))
      throw e.with({ hint: `the OAuth client in ${settings.credentialsFile ?? 'the pre-break credentials file'} was refused: run \`presence-kit apply --blueprint pre-break\` to rewrite the file, or set GENESYSCLOUD_* for another client` });
    throw e;
  }
}
