import { loadBlueprints } from '../../src/engine/blueprints.js';

/**
 * How many resources the shipped blueprints declare when none is named (opt-in ones left out):
 * what a first `apply`/`setup` creates and `destroy` deletes. Derived from the manifests, so a
 * blueprint that gains a resource does not break every count in the suite.
 */
export const SHIPPED_RESOURCES = loadBlueprints({}).nodes.length;
