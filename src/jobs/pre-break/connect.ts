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
    const file = settings.credentialsFile ?? 'the pre-break credentials file';
    // A gateway from the file is where apply ran (a sandbox, most often, long stopped): not GENESYSCLOUD_API_URL.
    if (settings.source === 'credentials-file' && e instanceof GenesysError && (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND') && settings.connection.gatewayUrl)
      throw e.with({
        hint: `${file} was written by \`presence-kit apply --blueprint pre-break\` against the sandbox at ${settings.connection.gatewayUrl}, which no longer answers: start that sandbox again, or run the apply again against the org the job should use (it rewrites the file)`,
      });
    if (settings.source === 'credentials-file' && e instanceof GenesysError && (e.status === 400 || e.status === 401))
      throw e.with({ hint: `the OAuth client in ${settings.credentialsFile ?? 'the pre-break credentials file'} was refused: run \`presence-kit apply --blueprint pre-break\` to rewrite the file, or set GENESYSCLOUD_* for another client` });
    throw e;
  }
}
