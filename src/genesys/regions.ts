/**
 * The 18 Genesys Cloud regions (SDK `PureCloudRegionHosts`). Users may name a region the AWS way
 * (`eu-west-1`, as CX as Code accepts), the SDK way (`eu_west_1`) or by host (`mypurecloud.ie`,
 * `api.mypurecloud.ie`, `https://login.mypurecloud.ie`).
 */
export const REGION_HOSTS = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
} as const;

export type RegionName = keyof typeof REGION_HOSTS;

export interface Region {
  name: RegionName;
  /** The SDK's `PureCloudRegionHosts` key, e.g. `eu_west_1`. */
  sdkKey: string;
  host: string;
  apiBase: string;
  loginBase: string;
}

const region = (name: RegionName): Region => ({
  name,
  sdkKey: name.replace(/-/g, '_'),
  host: REGION_HOSTS[name],
  apiBase: `https://api.${REGION_HOSTS[name]}`,
  loginBase: `https://login.${REGION_HOSTS[name]}`,
});

export const ALL_REGIONS: Region[] = (Object.keys(REGION_HOSTS) as RegionName[]).map(region);

export class UnknownRegionError extends Error {}

/** Resolves any accepted spelling to a region, or throws a one-line error listing the valid names. */
export function resolveRegion(input: string): Region {
  const raw = input.trim().toLowerCase();
  if (raw === '') throw new UnknownRegionError(`GENESYSCLOUD_REGION is empty; use one of ${Object.keys(REGION_HOSTS).join(', ')} (or its host, e.g. mypurecloud.ie)`);
  const asName = raw.replace(/_/g, '-');
  if (asName in REGION_HOSTS) return region(asName as RegionName);
  const host = raw.replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^(api|login|apps)\./, '');
  const byHost = ALL_REGIONS.find((r) => r.host === host);
  if (byHost) return byHost;
  throw new UnknownRegionError(
    `GENESYSCLOUD_REGION "${input}" is not a Genesys Cloud region; use one of ${Object.keys(REGION_HOSTS).join(', ')} (or its host, e.g. mypurecloud.ie)`,
  );
}
