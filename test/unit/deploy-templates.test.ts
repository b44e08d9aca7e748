import { parse as parseHcl } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yamlParse } from 'yaml-cfn';
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, LAMBDA_ZIP } from '../../deploy/package-lambda.js';
import { JobEnvSchema } from '../../src/jobs/pre-break/config.js';

/**
 * No aws or terraform binary here: the templates are parsed with a CloudFormation-aware YAML schema
 * and @cdktf/hcl2json, and checked for the things a deploy would trip on — references that point
 * nowhere, a zip path the package step does not write, settings the handler does not read, or a
 * secret passed as a plain parameter.
 */
const CFN_FILE = join(process.cwd(), 'deploy', 'cloudformation', 'pre-break.yaml');
const TF_DIR = join(process.cwd(), 'deploy', 'terraform');

type Cfn = {
  Parameters: Record<string, { Type: string; Default?: unknown; NoEcho?: boolean }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string | string[] }>;
  Outputs: Record<string, unknown>;
};
const cfn = yamlParse(readFileSync(CFN_FILE, 'utf8')) as Cfn;

type Blocks = Record<string, Record<string, Array<Record<string, unknown>>> & Array<Record<string, unknown>>>;

async function terraform() {
  const out: { resource?: Blocks; variable?: Blocks; output?: Blocks; data?: Blocks; locals: Array<Record<string, string>> } = { locals: [] };
  for (const f of readdirSync(TF_DIR).filter((n) => n.endsWith('.tf'))) {
    const j = (await parseHcl(f, readFileSync(join(TF_DIR, f), 'utf8'))) as Record<string, unknown>;
    for (const [k, v] of Object.entries(j)) {
      if (k === 'locals') out.locals.push(...(v as Array<Record<string, string>>));
      else if (k === 'resource' || k === 'variable' || k === 'output' || k === 'data') out[k] = { ...(out[k] ?? {}), ...(v as Blocks) };
    }
  }
  return out;
}

/** Every `Ref`, `Fn::GetAtt` and `${X}` inside `Fn::Sub`, anywhere in a value. */
function references(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => references(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref') out.push(String(x));
      else if (k === 'Fn::GetAtt') out.push(String(Array.isArray(x) ? x[0] : String(x).split('.')[0]));
      else if (k === 'Fn::Sub') for (const m of String(Array.isArray(x) ? x[0] : x).matchAll(/\$\{([\w:]+)(\.\w+)?\}/g)) out.push(m[1]!);
      else references(x, out);
    }
  return out;
}

/** The settings the Lambda handler reads: GENESYSCLOUD_* (client layer) + the secret parameter + PRE_BREAK_*. */
const HANDLER_ENV = new Set(['GENESYSCLOUD_REGION', 'GENESYSCLOUD_OAUTHCLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER', ...Object.keys(JobEnvSchema.shape)]);

describe('CloudFormation template', () => {
  const fn = cfn.Resources.PreBreakFunction!;

  it('has the function, role, log group with retention, schedule and permission', () => {
    expect(Object.fromEntries(Object.entries(cfn.Resources).map(([k, r]) => [k, r.Type]))).toEqual({
      PreBreakLogGroup: 'AWS::Logs::LogGroup',
      PreBreakRole: 'AWS::IAM::Role',
      PreBreakFunction: 'AWS::Lambda::Function',
      PreBreakInvokeConfig: 'AWS::Lambda::EventInvokeConfig',
      PreBreakSchedule: 'AWS::Events::Rule',
      PreBreakInvokePermission: 'AWS::Lambda::Permission',
      PreBreakErrorsAlarm: 'AWS::CloudWatch::Alarm',
    });
    // A failed tick is a Lambda error: the alarm on Errors is what a missing permission raises.
    expect(cfn.Resources.PreBreakErrorsAlarm!.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'PreBreakFunction' } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(cfn.Resources.PreBreakLogGroup!.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    expect(cfn.Parameters.ScheduleExpression!.Default).toBe('rate(1 minute)');
    expect(cfn.Resources.PreBreakInvokePermission!.Properties).toMatchObject({ Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['PreBreakSchedule', 'Arn'] } });
    expect(fn.DependsOn).toBe('PreBreakLogGroup');
  });

  it('deploys the zip the package step writes, with its handler, on Node 22 (the LTS presence-kit ships on)', () => {
    expect(resolve(dirname(CFN_FILE), String(fn.Properties.Code))).toBe(LAMBDA_ZIP);
    expect(fn.Properties.Handler).toBe(LAMBDA_HANDLER);
    expect(fn.Properties.Runtime).toBe(LAMBDA_RUNTIME);
    expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties.Runtime))![1])).toBeGreaterThanOrEqual(22);
  });

  it('every reference points at a parameter, a resource or a pseudo parameter; every parameter is used', () => {
    const known = new Set([...Object.keys(cfn.Parameters), ...Object.keys(cfn.Resources), 'AWS::NoValue', 'AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::StackName']);
    const refs = references([cfn.Resources, cfn.Outputs, cfn.Conditions]);
    expect(refs.filter((r) => !known.has(r))).toEqual([]);
    expect(Object.keys(cfn.Parameters).filter((p) => !refs.includes(p))).toEqual([]);
  });

  it('takes region, management units, presence and lead as parameters, and the secret only by SSM name', () => {
    expect(Object.keys(cfn.Parameters)).toEqual(expect.arrayContaining(['GenesysRegion', 'ManagementUnitIds', 'PreBreakPresenceId', 'LeadTime', 'GenesysClientSecretParameter']));
    expect(Object.keys(cfn.Parameters).filter((p) => /secret/i.test(p))).toEqual(['GenesysClientSecretParameter']);
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.GENESYSCLOUD_OAUTHCLIENT_SECRET).toBeUndefined();
    expect(Object.keys(env).filter((k) => !HANDLER_ENV.has(k))).toEqual([]);
    const policy = JSON.stringify(cfn.Resources.PreBreakRole!.Properties);
    expect(policy).toContain('ssm:GetParameter');
    expect(policy).toContain('parameter${GenesysClientSecretParameter}');
  });

  it('grants kms:Decrypt on a customer-managed key when one is named (through SSM only), and nothing for the default aws/ssm key', () => {
    expect(cfn.Parameters.ParameterKmsKeyArn).toMatchObject({ Type: 'String', Default: '' });
    expect(cfn.Conditions.CustomerKey).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ParameterKmsKeyArn' }, ''] }] });
    const statements = (cfn.Resources.PreBreakRole!.Properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>)[0]!.PolicyDocument.Statement;
    expect(statements).toContainEqual({
      'Fn::If': [
        'CustomerKey',
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { Ref: 'ParameterKmsKeyArn' }, Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } } } },
        { Ref: 'AWS::NoValue' },
      ],
    });
  });
});

describe('Terraform module', () => {
  it('parses, and mirrors the CloudFormation template: same resources, names, code and settings', async () => {
    const tf = await terraform();
    const res = tf.resource!;
    expect(Object.keys(res).sort()).toEqual(
      [
        'aws_cloudwatch_event_rule',
        'aws_cloudwatch_event_target',
        'aws_cloudwatch_log_group',
        'aws_iam_role',
        'aws_iam_role_policy',
        'aws_lambda_function',
        'aws_lambda_function_event_invoke_config',
        'aws_lambda_permission',
        'aws_cloudwatch_metric_alarm',
      ].sort(),
    );
    const fn = res.aws_lambda_function!.pre_break![0]!;
    const cfnFn = cfn.Resources.PreBreakFunction!.Properties;
    expect(fn).toMatchObject({ function_name: cfnFn.FunctionName, runtime: cfnFn.Runtime, handler: cfnFn.Handler, timeout: cfnFn.Timeout, memory_size: cfnFn.MemorySize });
    expect(res.aws_cloudwatch_log_group!.pre_break![0]!.name).toBe(cfn.Resources.PreBreakLogGroup!.Properties.LogGroupName);
    expect(res.aws_cloudwatch_event_rule!.pre_break![0]!.name).toBe(cfn.Resources.PreBreakSchedule!.Properties.Name);
    expect(res.aws_lambda_permission!.pre_break![0]!.principal).toBe('events.amazonaws.com');
    const alarm = res.aws_cloudwatch_metric_alarm!.pre_break_errors![0]!;
    expect(alarm).toMatchObject({ alarm_name: cfn.Resources.PreBreakErrorsAlarm!.Properties.AlarmName, namespace: 'AWS/Lambda', metric_name: 'Errors', threshold: 1 });

    // The zip: the module's default resolves to what `npm run package:lambda` writes.
    const locals = tf.locals;
    const zipExpr = String(locals.map((l) => l.lambda_zip).find(Boolean));
    const relative = /"\$\{path\.module\}\/([^"]+)"/.exec(zipExpr)?.[1];
    expect(relative, zipExpr).toBeDefined();
    expect(resolve(TF_DIR, relative!)).toBe(LAMBDA_ZIP);
    expect(String(fn.filename)).toBe('${local.lambda_zip}');
    expect(String(fn.source_code_hash)).toContain('filebase64sha256(local.lambda_zip)');

    // Settings: the same environment variables as the CloudFormation function, and all read by the handler.
    const envBlock = JSON.stringify(locals.map((l) => l.environment));
    const tfEnv = [...envBlock.matchAll(/\b(GENESYSCLOUD_\w+|PRE_BREAK_\w+)\b/g)].map((m) => m[1]!);
    const cfnEnv = Object.keys((cfnFn.Environment as { Variables: Record<string, unknown> }).Variables);
    expect(new Set(tfEnv)).toEqual(new Set(cfnEnv));

    // Variables mirror the parameters, defaults included; no variable carries the secret itself.
    const vars = tf.variable!;
    const pairs: Array<[string, string]> = [
      ['genesys_region', 'GenesysRegion'],
      ['genesys_client_id', 'GenesysClientId'],
      ['genesys_client_secret_parameter', 'GenesysClientSecretParameter'],
      ['management_unit_ids', 'ManagementUnitIds'],
      ['pre_break_presence_id', 'PreBreakPresenceId'],
      ['pre_break_presence_name', 'PreBreakPresenceName'],
      ['lead_time', 'LeadTime'],
      ['tick_duration', 'TickDuration'],
      ['schedule_expression', 'ScheduleExpression'],
      ['log_retention_days', 'LogRetentionDays'],
      ['parameter_kms_key_arn', 'ParameterKmsKeyArn'],
      ['alarm_topic_arn', 'AlarmTopicArn'],
    ];
    for (const [v, p] of pairs) {
      expect(vars[v], v).toBeDefined();
      expect(vars[v]![0]!.default, v).toEqual(cfn.Parameters[p]!.Default);
    }
    expect(Object.keys(vars).filter((v) => /secret/.test(v))).toEqual(['genesys_client_secret_parameter']);

    // The same kms:Decrypt, only when a customer-managed key is named.
    const policy = JSON.stringify(res.aws_iam_role_policy!.pre_break![0]!.policy);
    expect(policy).toMatch(/var\.parameter_kms_key_arn == \\"\\" \? \[\] :/);
    expect(policy).toContain('kms:Decrypt');
    expect(policy).toContain('kms:ViaService');
  });
});
