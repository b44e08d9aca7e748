/**
 * `npm run package:lambda`: bundles the pre-break Lambda handler (scripts/lambda.ts) with esbuild
 * into one file and zips it as dist/pre-break-lambda.zip — the file the CloudFormation template
 * (`aws cloudformation package`) and the Terraform module both deploy. Handler: `lambda.handler`,
 * runtime nodejs22.x (deploy/lambda-runtimes.ts says until when AWS takes it). The AWS SDK is left
 * out: the Lambda Node.js runtimes ship it. The zip is deterministic (fixed entry time, mode and
 * order), so the same source gives the same bytes and the same Terraform `source_code_hash`.
 */
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LAMBDA_ZIP = join(ROOT, 'dist', 'pre-break-lambda.zip');
export const LAMBDA_HANDLER = 'lambda.handler';
export const LAMBDA_RUNTIME = 'nodejs22.x';
/** esbuild's target for the bundle: the runtime's Node major. */
export const LAMBDA_NODE_TARGET = `node${/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)![1]}`;

/**
 * Zip entry time: 1980-01-01 00:00, the first instant a DOS timestamp holds. Built from local
 * fields because the zip format stores local wall-clock fields: the bytes are the same in every
 * time zone.
 */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** One-file Lambda zip: deflated, Unix mode 0644 (Lambda reads it as another user), fixed time. */
export function lambdaZip(name: string, data: Uint8Array): Buffer {
  return Buffer.from(zipSync({ [name]: [data, { level: 9, mtime: ENTRY_TIME, os: 3, attrs: (0o100644 << 16) >>> 0 }] }));
}

export async function packageLambda(outFile = LAMBDA_ZIP): Promise<{ file: string; bytes: number; bundleBytes: number }> {
  const result = await build({
    entryPoints: [join(ROOT, 'scripts', 'lambda.ts')],
    bundle: true,
    platform: 'node',
    target: LAMBDA_NODE_TARGET,
    format: 'cjs',
    write: false,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    logLevel: 'error',
  });
  const bundle = Buffer.from(result.outputFiles[0]!.contents);
  const archive = lambdaZip('lambda.js', bundle);
  // Read it back before anyone deploys it.
  const back = unzipSync(archive)['lambda.js'];
  if (!back || !Buffer.from(back).equals(bundle)) throw new Error('the zip does not read back');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, archive);
  return { file: outFile, bytes: archive.length, bundleBytes: bundle.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const r = await packageLambda(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`${r.file}: ${(r.bytes / 1024).toFixed(0)} KiB (bundle ${(r.bundleBytes / 1024).toFixed(0)} KiB), handler ${LAMBDA_HANDLER}, runtime ${LAMBDA_RUNTIME}`);
}
