/**
 * AWS Lambda entry (handler `lambda.handler` in the zip `npm run package:lambda` builds): one
 * pre-break tick per EventBridge scheduled event. Settings come from the function's environment
 * (see deploy/cloudformation/pre-break.yaml); the logic lives in src/jobs/pre-break/lambda.ts.
 */
import { DEFAULT_LAMBDA_DEPS, makeHandler } from '../src/jobs/pre-break/lambda.js';

export const handler = makeHandler(DEFAULT_LAMBDA_DEPS);
