import { parse as parseHcl } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yamlParse } from 'yaml-cfn';
import { LAMBDA_NODE_TARGET, LAMBDA_RUNTIME } from '../../deploy/package-lambda.js';
import { NODE_LAMBDA_RUNTIMES, runtimeProblem } from '../../deploy/lambda-runtimes.js';

/**
 * "Deployable today": AWS refuses to create functions on a deprecated runtime (cfn-lint E2533), so
 * every runtime we ship must stay clear of AWS's deprecation table for the next 90 days from the
 * day this test runs. When it fails, move the templates and the package step to the next runtime.
 */
const DAY = 86_400_000;
const HORIZON_DAYS = 90;

async function templateRuntimes(): Promise<Record<string, string>> {
  const cfn = yamlParse(readFileSync(join(process.cwd(), 'deploy', 'cloudformation', 'pre-break.yaml'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: { Runtime?: string } }> };
  const out: Record<string, string> = {};
  for (const [k, r] of Object.entries(cfn.Resources)) if (r.Type === 'AWS::Lambda::Function') out[`cloudformation ${k}`] = String(r.Properties.Runtime);
  const tf = (await parseHcl('main.tf', readFileSync(join(process.cwd(), 'deploy', 'terraform', 'main.tf'), 'utf8'))) as {
    resource: { aws_lambda_function: Record<string, Array<{ runtime: string }>> };
  };
  for (const [k, [fn]] of Object.entries(tf.resource.aws_lambda_function)) out[`terraform ${k}`] = fn!.runtime;
  out['package step'] = LAMBDA_RUNTIME;
  return out;
}

describe('Lambda runtime', () => {
  it(`no template uses a runtime AWS deprecates or blocks within ${HORIZON_DAYS} days of today`, async () => {
    const runtimes = await templateRuntimes();
    expect(Object.keys(runtimes)).toEqual(['cloudformation PreBreakFunction', 'terraform pre_break', 'package step']);
    const horizon = Date.now() + HORIZON_DAYS * DAY;
    const problems = Object.entries(runtimes).flatMap(([where, rt]) => {
      const p = runtimeProblem(rt, horizon);
      return p ? [`${where}: ${p}`] : [];
    });
    expect(problems).toEqual([]);
    expect(new Set(Object.values(runtimes)).size).toBe(1);
  });

  it('the bundle targets the runtime\'s Node major', () => {
    expect(LAMBDA_NODE_TARGET).toBe(`node${/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)![1]}`);
  });

  it('reads the table by phase: the runtime the issue found blocked is refused, an unknown one too', () => {
    // nodejs20.x: deprecated 2026-04-30, create blocked 2026-06-01 (what made the templates undeployable).
    expect(runtimeProblem('nodejs20.x', Date.parse('2026-03-01T00:00:00Z'))).toBeUndefined();
    expect(runtimeProblem('nodejs20.x', Date.parse('2026-04-30T00:00:00Z'))).toMatch(/deprecated on 2026-04-30/);
    expect(runtimeProblem('nodejs22.x', Date.parse('2026-12-06T00:00:00Z') + HORIZON_DAYS * DAY)).toBeUndefined();
    expect(runtimeProblem('nodejs22.x', Date.parse('2027-02-01T00:00:00Z') + HORIZON_DAYS * DAY)).toMatch(/deprecated on 2027-04-30/);
    expect(runtimeProblem('nodejs16.x', 0)).toMatch(/not in the Lambda runtime table/);
    for (const r of NODE_LAMBDA_RUNTIMES) expect(r.deprecation <= r.blockCreate && r.blockCreate <= r.blockUpdate, r.runtime).toBe(true);
  });
});
