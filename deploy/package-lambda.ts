/**
 * `npm run package:lambda`: bundles the pre-break Lambda handler (scripts/lambda.ts) with esbuild
 * into one file and zips it as dist/pre-break-lambda.zip — the file the CloudFormation template
 * (`aws cloudformation package`) and the Terraform module both deploy. Handler: `lambda.handler`,
 * runtime nodejs22.x (Node 22 LTS, what presence-kit ships on). The AWS SDK is left out: the Lambda Node.js runtimes ship it.
 */
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzip, zip } from './zip.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LAMBDA_ZIP = join(ROOT, 'dist', 'pre-break-lambda.zip');
export const LAMBDA_HANDLER = 'lambda.handler';
export const LAMBDA_RUNTIME = 'nodejs22.x';

export async function packageLambda(outFile = LAMBDA_ZIP): Promise<{ file: string; bytes: number; bundleBytes: number }> {
  const result = await build({
    entryPoints: [join(ROOT, 'scripts', 'lambda.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    write: false,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    logLevel: 'error',
  });
  const bundle = Buffer.from(result.outputFiles[0]!.contents);
  const archive = zip([{ name: 'lambda.js', data: bundle }]);
  // Read it back before anyone deploys it.
  if (!unzip(archive)[0]!.data.equals(bundle)) throw new Error('the zip does not read back');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, archive);
  return { file: outFile, bytes: archive.length, bundleBytes: bundle.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const r = await packageLambda(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`${r.file}: ${(r.bytes / 1024).toFixed(0)} KiB (bundle ${(r.bundleBytes / 1024).toFixed(0)} KiB), handler ${LAMBDA_HANDLER}, runtime ${LAMBDA_RUNTIME}`);
}
