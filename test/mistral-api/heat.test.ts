import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runsOf } from '../support/runs.js';
import { startTestService, type TestService } from '../support/service.js';
import { expectSameShape, pollUntilDone, recorded } from './support.js';

let sh: TestService;

beforeEach(async () => {
  sh = await startTestService();
});

afterEach(async () => {
  await sh?.stop();
});

/** Heat's three calls, byte for byte as python-mistralclient sends them. */
async function validate(workflow: string) {
  return sh.http.get(`/v2/workflows/${workflow}?namespace=`).set('X-Auth-Token', 'tokA').set('Accept', '*/*');
}

async function start(workflow: string, input: Record<string, unknown>, env?: Record<string, unknown>, description = 'Heat managed') {
  const body: Record<string, unknown> = { description, workflow_name: workflow, input: JSON.stringify(input) };
  if (env) body.params = JSON.stringify({ env: { heat_extresource_data: env } });
  const res = await sh.http.post('/v2/executions').set('X-Auth-Token', 'tokA').set('content-type', 'application/json').send(JSON.stringify(body));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Record<string, unknown>;
}

describe('stock Heat (OS::Mistral::ExternalResource) through the Mistral v2 API', () => {
  it('given a resource type, when Heat validates its phase workflows, then each answers 200 and an unknown one 404 in Mistral\'s shape', async () => {
    for (const phase of ['create', 'update', 'delete', 'suspend', 'resume']) {
      const res = await validate(`stackhook.Test.Counter.${phase}`);
      expect(res.status).toBe(200);
      expectSameShape(res.body, recorded('http/006').response.body_json);
    }
    const missing = await validate('stackhook.Test.Counter.missing');
    expect(missing.status).toBe(404);
    expectSameShape(missing.body, recorded('http/044').response.body_json);
    expect(missing.body.faultstring).toBe('Workflow not found [workflow_identifier=stackhook.Test.Counter.missing, namespace=]');
  });

  it('given a create, when Heat posts and polls, then the execution ends SUCCESS with output a JSON string repeating resource_id and the attributes', async () => {
    const created = await start('stackhook.Test.Counter.create', { name: 'www' });
    expectSameShape(created, recorded('http/061').response.body_json, ['state_info', 'root_execution_id', 'task_execution_id']);
    expect(typeof created.id).toBe('string');
    const done = await pollUntilDone(sh, String(created.id));
    expectSameShape(done, recorded('http/063').response.body_json);
    expect(done.state).toBe('SUCCESS');
    expect(done.state_info).toBeNull();
    expect(typeof done.output).toBe('string');
    expect(JSON.parse(String(done.output))).toEqual({ resource_id: 'counter-www', token: 'token-of-www', value: 'v1' });
    expect(runsOf(sh.config.filesRoot, 'www', 'create')).toBe(1);
    const inventory = await sh.http.get('/v1/resources?type=Custom::Test::Counter');
    expect(inventory.body.resources.map((r: { physical_id: string; status: string }) => [r.physical_id, r.status])).toEqual([['counter-www', 'CREATE_COMPLETE']]);
  });

  it('given a created resource, when Heat updates, suspends, resumes and deletes it with heat_extresource_data, then each output keeps the physical id', async () => {
    const created = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.create', { name: 'db' })).id));
    let data = JSON.parse(String(created.output)) as Record<string, unknown>;
    const update = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.update', { name: 'db', value: 'v2' }, data)).id));
    expect(update.state).toBe('SUCCESS');
    expect(JSON.parse(String(update.output))).toMatchObject({ resource_id: 'counter-db', value: 'v2' });
    expect(runsOf(sh.config.filesRoot, 'db', 'update')).toBe(1);
    data = { ...data, ...JSON.parse(String(update.output)) };
    for (const phase of ['suspend', 'resume']) {
      const done = await pollUntilDone(sh, String((await start(`stackhook.Test.Counter.${phase}`, { name: 'db', value: 'v2' }, data)).id));
      expect(done.state).toBe('SUCCESS');
      expect(JSON.parse(String(done.output)).resource_id).toBe('counter-db');
    }
    const deleted = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.delete', { name: 'db', value: 'v2' }, data)).id));
    expect(deleted.state).toBe('SUCCESS');
    expect(JSON.parse(String(deleted.output))).toEqual({ resource_id: 'counter-db' });
    expect(runsOf(sh.config.filesRoot, 'db', 'delete')).toBe(1);
  });

  it('given an update that changes nothing, when Heat posts it, then no workflow runs and the execution is SUCCESS at once', async () => {
    const created = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.create', { name: 'same' })).id));
    const data = JSON.parse(String(created.output)) as Record<string, unknown>;
    const update = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.update', { name: 'same' }, data)).id));
    expect(update.state).toBe('SUCCESS');
    expect(JSON.parse(String(update.output)).resource_id).toBe('counter-same');
    expect(runsOf(sh.config.filesRoot, 'same', 'update')).toBe(0);
  });

  it('given a failing create workflow, when Heat polls, then the state is ERROR with a string state_info and output {"result": reason}', async () => {
    const done = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.create', { name: 'bad', fail: 'create' })).id));
    expectSameShape(done, recorded('http/067').response.body_json);
    expect(done.state).toBe('ERROR');
    expect(typeof done.state_info).toBe('string');
    expect(String(done.state_info)).toContain('create of bad failed on purpose');
    expect(JSON.parse(String(done.output))).toEqual({ result: done.state_info });
  });

  it('given invalid properties, when Heat posts a create, then the execution is ERROR naming the property (no workflow runs)', async () => {
    const done = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.create', { name: 'Not Valid!' })).id));
    expect(done.state).toBe('ERROR');
    expect(String(done.state_info)).toContain('property name');
    expect(runsOf(sh.config.filesRoot, 'Not Valid!', 'create')).toBe(0);
  });

  it('given a delete after a failed create (no env, as Heat sends it), when Heat posts it, then it is acknowledged SUCCESS without running the delete workflow', async () => {
    await pollUntilDone(sh, String((await start('stackhook.Test.Counter.create', { name: 'gone', fail: 'create' })).id));
    const deleted = await pollUntilDone(sh, String((await start('stackhook.Test.Counter.delete', { name: 'gone', fail: 'create' })).id));
    expect(deleted.state).toBe('SUCCESS');
    expect(typeof JSON.parse(String(deleted.output)).resource_id).toBe('string');
    expect(runsOf(sh.config.filesRoot, 'gone', 'delete')).toBe(0);
  });

  it('given the same execution id posted twice, when the second arrives, then it returns the same execution and the workflow ran once', async () => {
    const body = { id: 'a5c4a0f0-0000-4000-8000-000000000001', workflow_name: 'stackhook.Test.Counter.create', input: '{"name": "once"}', description: '' };
    const first = await sh.http.post('/v2/executions').send(body);
    const second = await sh.http.post('/v2/executions').send(body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    await pollUntilDone(sh, body.id);
    expect(runsOf(sh.config.filesRoot, 'once', 'create')).toBe(1);
  });

  it('given a secret property, when the execution is read back, then its value never appears in input or params', async () => {
    const created = await start('stackhook.Test.Counter.create', { name: 'sec', api_key: 's3cr3t-value' });
    const done = await pollUntilDone(sh, String(created.id));
    expect(JSON.stringify(done)).not.toContain('s3cr3t-value');
    expect(JSON.parse(String(done.input)).api_key).toBe('***');
  });

  it('given the decide workflow role or a phase as a list item, when listed, then type workflows appear with their stable names', async () => {
    const res = await sh.http.get('/v2/workflows');
    const names = res.body.workflows.map((w: { name: string }) => w.name);
    expect(names).toEqual(expect.arrayContaining(['stackhook.Test.Echo.create', 'stackhook.Test.Counter.delete']));
    const put = await sh.http.delete('/v2/workflows/stackhook.Test.Echo.create');
    expect(put.status).toBe(400);
    expect(put.body.faultstring).toBe('Attempt to delete a system workflow: stackhook.Test.Echo.create');
  });
});
