/**
 * The `name` filter of Genesys listings (roles, flows, data tables): case-insensitive, whole
 * name, `*` a wildcard (`presence-kit*`). No filter matches every name.
 */
export function nameMatcher(filter: string | undefined): (name: string) => boolean {
  if (!filter) return () => true;
  const re = new RegExp(`^${filter.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return (name) => re.test(name);
}
