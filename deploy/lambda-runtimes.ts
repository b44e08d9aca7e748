/**
 * AWS Lambda's runtime deprecation table for the Node.js runtimes, kept here so a test can fail
 * *before* AWS refuses our templates (test/unit/deploy-runtime.test.ts: no template may use a
 * runtime that is deprecated, or blocked for create/update, within 90 days of the day the test runs).
 *
 * Source: AWS Lambda Developer Guide, "Lambda runtimes" — the "Supported runtimes" and "Deprecated
 * runtimes" tables (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), read
 * 2026-12-06. Phases as AWS defines them (runtime-support-policy): at `deprecation` Lambda stops
 * patching; from `blockCreate` no new function may use it (cfn-lint E2533 "runtime deprecated");
 * from `blockUpdate` existing functions cannot be updated either.
 * When AWS moves a date, update the row and `READ_ON`; add the next runtime when AWS lists it.
 */
export interface LambdaRuntimeDates {
  runtime: string;
  /** ISO dates (yyyy-MM-dd, UTC). */
  deprecation: string;
  blockCreate: string;
  blockUpdate: string;
}

export const LAMBDA_RUNTIMES_SOURCE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html';
export const READ_ON = '2026-12-06';

export const NODE_LAMBDA_RUNTIMES: readonly LambdaRuntimeDates[] = [
  { runtime: 'nodejs24.x', deprecation: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01' },
  { runtime: 'nodejs22.x', deprecation: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01' },
  { runtime: 'nodejs20.x', deprecation: '2026-04-30', blockCreate: '2026-06-01', blockUpdate: '2026-07-01' },
  { runtime: 'nodejs18.x', deprecation: '2025-09-01', blockCreate: '2026-02-03', blockUpdate: '2026-03-09' },
];

/** The first phase of `runtime` that starts on or before `horizonMs`, or undefined when none does (an unknown runtime is an error). */
export function runtimeProblem(runtime: string, horizonMs: number): string | undefined {
  const row = NODE_LAMBDA_RUNTIMES.find((r) => r.runtime === runtime);
  if (!row) return `${runtime} is not in the Lambda runtime table (deploy/lambda-runtimes.ts); add it from ${LAMBDA_RUNTIMES_SOURCE}`;
  const phases: Array<[keyof Omit<LambdaRuntimeDates, 'runtime'>, string]> = [
    ['deprecation', 'deprecated'],
    ['blockCreate', 'blocked for function create'],
    ['blockUpdate', 'blocked for function update'],
  ];
  for (const [k, what] of phases) if (Date.parse(`${row[k]}T00:00:00Z`) <= horizonMs) return `${runtime} is ${what} on ${row[k]} (${LAMBDA_RUNTIMES_SOURCE})`;
  return undefined;
}
