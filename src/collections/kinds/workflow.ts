import { importedYaml, type WorkflowSpec } from '../../resources/workflow.js';
import { ph, V } from '../names.js';
import { api, idOf, lookupStep, queryValue, request, teardownStep } from '../requests.js';
import { json, pollAgain, recordCreated, skipWhen, stepTest } from '../scripts.js';
import { stableId } from '../postman.js';
import type { KindSteps } from './types.js';

/**
 * An Architect workflow, imported the way a real org takes Archy YAML: register a flows job, PUT
 * the YAML (our `workflows/*.yaml`, substitutions filled from the environment) to the presigned
 * URL with exactly the headers the job returned, poll the job until Success or Failure (Archy's
 * messages shown on failure), then make sure the flow is published.
 */
export const workflow: KindSteps = {
  variables: (n) => ['jobId', 'uploadUrl', 'uploadHeaders'].map((w) => V.of(n.logical, w)),
  setup: (n, c) => {
    const spec = n.spec as WorkflowSpec;
    const yaml = importedYaml(n.name, spec);
    const base = `${c.blueprint}/setup/${n.logical}`;
    const found = `pm.collectionVariables.get(${json(V.id(n.logical))})`;
    const exists = `workflow “${n.title}” exists: not imported again`;
    const published = V.of(n.logical, 'published');
    const readId = stableId(`${base}/read`);
    return [
      lookupStep(c, n, {
        list: `/api/v2/flows?type=workflow&name=${queryValue(n.name)}`,
        paging: 'pages',
        match: 'e.name === name && !e.deleted',
      }),
      request(`${base}/job`, {
        name: `Register an Architect import job for “${n.title}”`,
        method: 'POST',
        url: api('/api/v2/flows/jobs'),
        prerequest: skipWhen(found, exists),
        test: stepTest({
          what: 'POST /api/v2/flows/jobs',
          shape: `pm.test('the job has an id and an upload URL', () => { pm.expect(body.id).to.be.a('string'); pm.expect(body.presignedUrl).to.be.a('string'); });`,
          onOk: `pm.collectionVariables.set(${json(V.of(n.logical, 'jobId'))}, body.id);
  pm.collectionVariables.set(${json(V.of(n.logical, 'uploadUrl'))}, body.presignedUrl);
  pm.collectionVariables.set(${json(V.of(n.logical, 'uploadHeaders'))}, JSON.stringify(body.headers || {}));
  pm.variables.set(${json(V.polls)}, 0);`,
        }),
      }),
      request(`${base}/upload`, {
        name: `Upload the Archy YAML of “${n.title}”`,
        method: 'PUT',
        url: ph(V.of(n.logical, 'uploadUrl')),
        // A presigned (S3) URL: its signature is in the URL and the signed headers, never a bearer token.
        auth: { type: 'noauth' },
        body: { mode: 'raw', raw: yaml, options: { raw: { language: 'text' } } },
        prerequest: `${skipWhen(found, exists)}
// Exactly the headers the job registration returned: the upload is refused otherwise.
const signed = JSON.parse(pm.collectionVariables.get(${json(V.of(n.logical, 'uploadHeaders'))}) || '{}');
for (const [key, value] of Object.entries(signed)) pm.request.headers.upsert({ key, value });`,
        test: stepTest({ what: 'PUT to the presigned URL', codes: [200] }),
      }),
      request(`${base}/poll`, {
        name: `Wait for the import job of “${n.title}”`,
        method: 'GET',
        url: api(`/api/v2/flows/jobs/${ph(V.of(n.logical, 'jobId'))}?expand=messages`),
        prerequest: skipWhen(found, exists),
        test: stepTest({
          what: 'GET /api/v2/flows/jobs/{id}',
          shape: `pm.test('the job has a status', () => pm.expect(body.status).to.be.oneOf(['Registered', 'Started', 'Success', 'Failure']));`,
          onOk: `if (body.status === 'Success') {
    pm.variables.set(${json(V.polls)}, 0);
    const flowId = body.flow && body.flow.id;
    pm.test('the import job names the flow', () => pm.expect(flowId).to.be.a('string'));
    if (flowId) {
      pm.collectionVariables.set(${json(V.id(n.logical))}, flowId);
      ${recordCreated(c.blueprint, n.logical, 'flowId').trim().split('\n').join('\n      ')}
      console.log(${json(`workflow “${n.title}” imported (`)} + flowId + ')');
    }
  } else if (body.status === 'Failure') {
    pm.variables.set(${json(V.polls)}, 0);
    const messages = (body.messages || []).filter((m) => m.text).map((m) => (m.type || 'Error') + ': ' + m.text).join(' | ');
    pm.test(${json(`Archy imports workflow “${n.title}”`)}, () => pm.expect.fail(messages || 'the job failed without a message'));
    pm.execution.setNextRequest(null);
  } else {
    ${pollAgain(`the import job of “${n.title}” finishes`).trim().split('\n').join('\n    ')}
  }`,
        }),
      }),
      request(`${base}/read`, {
        name: `Read workflow “${n.title}”`,
        method: 'GET',
        url: api(`/api/v2/flows/${idOf(n.logical)}`),
        test: stepTest({
          what: 'GET /api/v2/flows/{id}',
          shape: `pm.test('the flow is a workflow', () => pm.expect(String(body.type).toUpperCase()).to.eql('WORKFLOW'));`,
          onOk: `const isPublished = !!(body.publishedVersion && body.publishedVersion.id);
  pm.variables.set(${json(published)}, isPublished ? 'yes' : '');
  if (isPublished) pm.variables.set(${json(V.polls)}, 0);`,
        }),
      }),
      request(`${base}/publish`, {
        name: `Publish workflow “${n.title}” (only when not published)`,
        method: 'POST',
        url: api(`/api/v2/flows/actions/publish?flow=${idOf(n.logical)}`),
        prerequest: skipWhen(`pm.variables.get(${json(published)})`, `workflow “${n.title}” is published`),
        test: stepTest({
          what: 'POST /api/v2/flows/actions/publish',
          onOk: `// Publishing is asynchronous: read the flow again until it shows a published version.
  ${pollAgain(`workflow “${n.title}” is published`, json(readId)).trim().split('\n').join('\n  ')}`,
        }),
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/flows/${idOf(n.logical)}`)],
};
