/**
 * Postman/newman collections generated from the blueprint manifests: the fallback for admins who
 * cannot run the CLI. `collections build` writes them, `collections check` proves they match.
 */
export { buildCollection, buildEnvironment, environmentVariables, type BuildOptions } from './build.js';
export { checkCollections, collectionFile, COLLECTIONS_DIR, ENVIRONMENT_FILE, generate, render, writeCollections, type CheckResult, type BuildResult } from './files.js';
export { ledgerKey, V, KNOBS, CONNECTION_VARIABLES } from './names.js';
export { GeneratorError } from './template.js';
