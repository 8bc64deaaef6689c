import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.js';
import { expectSameShape, input, pollUntilDone, recorded } from './support.js';

let sh: TestService;

beforeEach(async () => {
  sh = await startTestService();
});

afterEach(async () => {
  await sh?.stop();
});

const yamlPost = (path: string, text: string) => sh.http.post(path).set('content-type', 'text/plain').send(text);

async function uploadDemo() {
  const res = await yamlPost('/v2/workbooks?scope=private', input('demo.baremetal.v1.yaml'));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Record<string, unknown>;
}

async function uploadGreet() {
  expect((await yamlPost('/v2/workflows?scope=private&namespace=', input('standalone_greet.yaml'))).status).toBe(201);
}

/** greet (standalone_greet.yaml): two std.echo tasks, input defaults, publish and output. */
async function runGreet() {
  const res = await sh.http.post('/v2/executions').send({ description: '', workflow_name: 'greet', input: '{"name": "World"}' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return pollUntilDone(sh, String(res.body.id));
}

describe('the Mistral v2 API against Mistral 15\'s recorded answers', () => {
  it('given the version documents, when / and /v2 are read, then they name the v2 endpoint', async () => {
    const root = await sh.http.get('/');
    expectSameShape(root.body, recorded('http-extra/001').response.body_json);
    expect(root.body.versions[0].links[0].href).toBe(`${sh.service.url}/v2`);
    expect((await sh.http.get('/v2')).body).toEqual({ uri: `${sh.service.url}/v2` });
  });

  it('given a workbook, when created, listed and read, then the answers have Mistral\'s fields and the workflows are listed as <workbook>.<name>', async () => {
    const created = await uploadDemo();
    expectSameShape(created, recorded('http/001').response.body_json);
    expect(created.definition).toBe(input('demo.baremetal.v1.yaml'));
    const list = await sh.http.get('/v2/workbooks?sort_keys=created_at&sort_dirs=asc');
    expectSameShape(list.body.workbooks[0], (recorded('http/002').response.body_json as { workbooks: unknown[] }).workbooks[0], ['updated_at']);
    const one = await sh.http.get('/v2/workbooks/demo.baremetal.v1');
    expectSameShape(one.body, recorded('http/003').response.body_json, ['updated_at']);
    const wf = await sh.http.get('/v2/workflows/demo.baremetal.v1.tag_node?namespace=');
    const mistral = recorded('http/006').response.body_json as Record<string, unknown>;
    expectSameShape(wf.body, mistral, ['updated_at']);
    for (const key of ['name', 'input', 'interface', 'definition', 'namespace', 'scope', 'project_id']) expect(wf.body[key]).toEqual(mistral[key]);
    const dup = await yamlPost('/v2/workbooks?scope=private', input('demo.baremetal.v1.yaml'));
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual(recorded('http/053').response.body_json);
    const missing = await sh.http.get('/v2/workbooks/nope.nope');
    expect([missing.status, missing.body]).toEqual([404, recorded('http/056').response.body_json]);
  });

  it('given a workflow list, when created, duplicated, validated and updated, then the answers match Mistral\'s', async () => {
    const created = await yamlPost('/v2/workflows?scope=private&namespace=', input('standalone_greet.yaml'));
    const mistral = recorded('http/026').response.body_json as { workflows: Record<string, unknown>[] };
    expect(created.status).toBe(201);
    expectSameShape(created.body.workflows[0], mistral.workflows[0]);
    for (const key of ['name', 'input', 'interface', 'definition']) expect(created.body.workflows[0][key]).toEqual(mistral.workflows[0]![key]);
    const dup = await yamlPost('/v2/workflows?scope=private&namespace=', input('standalone_greet.yaml'));
    expect([dup.status, dup.body]).toEqual([409, recorded('http/052').response.body_json]);
    const bad = await yamlPost('/v2/workflows?scope=private&namespace=', input('invalid_workflow.yaml'));
    expect([bad.status, bad.body]).toEqual([400, recorded('http/050').response.body_json]);
    const valid = await yamlPost('/v2/workflows/validate', input('standalone_greet.yaml'));
    expect(valid.body).toEqual({ valid: true });
    const updated = await sh.http.put('/v2/workflows?namespace=&scope=private').set('content-type', 'text/plain').send(input('standalone_greet.yaml'));
    expect(updated.status).toBe(200);
    expectSameShape(updated.body.workflows[0], (recorded('http/059').response.body_json as { workflows: unknown[] }).workflows[0], ['updated_at']);
  });

  it('given an uploaded workflow, when an execution is created, polled, listed and its tasks and action executions read, then each has Mistral\'s shape', async () => {
    await uploadGreet();
    const done = await runGreet();
    const mistral = recorded('http/029').response.body_json as Record<string, unknown>;
    expectSameShape(done, mistral);
    expect(done.state).toBe('SUCCESS');
    expect(done.input).toBe(mistral.input);
    expect(JSON.parse(String(done.output))).toEqual(JSON.parse(String(mistral.output)));
    const list = await sh.http.get('/v2/executions?limit=100&sort_keys=created_at&sort_dirs=desc&fields=id%2Cworkflow_id%2Cworkflow_name%2Cworkflow_namespace%2Cdescription%2Ctask_execution_id%2Croot_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cupdated_at');
    expectSameShape(list.body.executions[0], (recorded('http/009').response.body_json as { executions: unknown[] }).executions[0]);
    expect(list.body.next).toBeUndefined();
    const tasks = await sh.http.get(`/v2/executions/${String(done.id)}/tasks?limit=100&sort_keys=created_at&sort_dirs=desc&fields=id%2Cname%2Cworkflow_name%2Cworkflow_namespace%2Cworkflow_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cstarted_at%2Cfinished_at`);
    expect(tasks.body.tasks.map((t: { name: string }) => t.name).sort()).toEqual(['compose', 'repeat']);
    expectSameShape(tasks.body.tasks[0], (recorded('http/015').response.body_json as { tasks: unknown[] }).tasks[0]);
    const taskId = tasks.body.tasks.find((t: { name: string }) => t.name === 'compose').id;
    const task = await sh.http.get(`/v2/tasks/${taskId}`);
    expectSameShape(task.body, recorded('http/016').response.body_json);
    expect(JSON.parse(task.body.published)).toEqual({ text: 'Hello, World!' });
    expect(task.body.result).toBe('"Hello, World!"');
    const actions = await sh.http.get(`/v2/tasks/${taskId}/action_executions`);
    const action = await sh.http.get(`/v2/action_executions/${actions.body.action_executions[0].id}`);
    expectSameShape(action.body, recorded('http/020').response.body_json);
    const all = await sh.http.get('/v2/action_executions?limit=100&sort_keys=created_at&sort_dirs=desc');
    expectSameShape(all.body.action_executions[0], (recorded('http/013').response.body_json as { action_executions: unknown[] }).action_executions[0]);
  });

  it('given list paging, when limit is smaller than the rows, then a next link with the marker pages on', async () => {
    await uploadGreet();
    for (let i = 0; i < 3; i++) await runGreet();
    const page = await sh.http.get('/v2/executions?limit=2&sort_keys=created_at&sort_dirs=asc');
    expect(page.body.executions).toHaveLength(2);
    expect(page.body.next).toBe(`${sh.service.url}/v2/executions?sort_keys=created_at,id&sort_dirs=asc,asc&limit=2&marker=${page.body.executions[1].id}`);
    const next = await sh.http.get(page.body.next.replace(sh.service.url, ''));
    expect(next.body.executions).toHaveLength(1);
    expect(next.body.next).toBeUndefined();
    const success = await sh.http.get('/v2/executions?state=SUCCESS&workflow_name=greet');
    expect(success.body.executions).toHaveLength(3);
    expect(success.body.executions[0].output).toBeUndefined();
    expect((await sh.http.get('/v2/executions?limit=0')).status).toBe(400);
  });

  it('given bad execution requests, when posted, then Mistral\'s status codes and faults come back', async () => {
    await yamlPost('/v2/workflows?scope=private&namespace=', input('standalone_greet.yaml'));
    const cases: [Record<string, unknown> | string, string][] = [
      [{ description: '', workflow_name: 'no.such.workflow' }, 'http/045'],
      [{ description: '', workflow_name: 'greet', input: '{}' }, 'http/046'],
      [{ description: '', workflow_name: 'greet', input: '{"name": "x", "bogus": 1}' }, 'http/047'],
      [{ input: '{}' }, 'http-extra/026'],
      ['{not json', 'http-extra/027'],
    ];
    for (const [body, fixture] of cases) {
      const res = await sh.http.post('/v2/executions').set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
      const want = recorded(fixture).response;
      expect([res.status, res.body]).toEqual([want.status, want.body_json]);
    }
    const unknown = await sh.http.get('/v2/executions/00000000-0000-0000-0000-000000000000');
    expect([unknown.status, unknown.body]).toEqual([404, recorded('http/048').response.body_json]);
    const task = await sh.http.get('/v2/tasks/00000000-0000-0000-0000-000000000000');
    expect([task.status, task.body]).toEqual([404, recorded('http/049').response.body_json]);
  });

  it('given actions, when one runs directly, then the sync answer, the saved run and the errors are Mistral\'s', async () => {
    const echo = await sh.http.post('/v2/action_executions').send({ name: 'std.echo', input: '{"output": "hi"}' });
    expect([echo.status, echo.body]).toEqual([201, recorded('http/034').response.body_json]);
    const saved = await sh.http.post('/v2/action_executions').send({ name: 'std.echo', input: '{"output": "saved"}', params: '{"save_result": true}' });
    expectSameShape(saved.body, recorded('http/035').response.body_json, ['updated_at', 'output']);
    const unknown = await sh.http.post('/v2/action_executions').send({ name: 'std.nonexistent' });
    expect([unknown.status, unknown.body]).toEqual([400, recorded('http/054').response.body_json]);
    const bad = await sh.http.post('/v2/action_executions').send({ name: 'std.echo', input: '{"nope": 1}' });
    expect(bad.status).toBe(400);
    expect(bad.body.faultstring).toBe("Invalid input [name=std.echo, missing=['output'], unexpected=['nope']]");
    const action = await sh.http.get('/v2/actions/std.echo/');
    expectSameShape(action.body, recorded('http/039').response.body_json, ['tags', 'scope', 'project_id']);
    expect(action.body.input).toBe('output, delay=0');
  });

  it('given environments, when one is created and used by name in params.env, then the execution sees its variables', async () => {
    const created = await sh.http.post('/v2/environments').send({ name: 'probe_env', description: 'e', variables: '{"greeting":"from-named-env"}' });
    expect([created.status, Object.keys(created.body)]).toEqual([201, Object.keys(recorded('http-extra/017').response.body_json as object)]);
    expect(created.body.variables).toBe('{"greeting": "from-named-env"}');
    const one = await sh.http.get('/v2/environments/probe_env');
    expectSameShape(one.body, recorded('http-extra/018').response.body_json);
    await yamlPost('/v2/workflows?scope=private&namespace=', input('standalone_greet.yaml'));
    const exec = await sh.http.post('/v2/executions').send({ workflow_name: 'greet', input: { name: 'env' }, params: { env: 'probe_env' } });
    expect(exec.status).toBe(201);
    expect(JSON.parse(exec.body.params).env).toEqual({ greeting: 'from-named-env' });
    const missing = await sh.http.post('/v2/executions').send({ workflow_name: 'greet', input: { name: 'env' }, params: { env: 'no_such_env' } });
    expect([missing.status, missing.body]).toEqual([400, recorded('http-extra/029').response.body_json]);
    expect((await sh.http.delete('/v2/environments/probe_env')).status).toBe(204);
  });

  it('given a finished execution, when its description is changed and it is deleted, then 200 and 204', async () => {
    await uploadGreet();
    const done = await runGreet();
    const put = await sh.http.put(`/v2/executions/${String(done.id)}`).send({ description: 'new description' });
    expect([put.status, put.body.description]).toEqual([200, 'new description']);
    const del = await sh.http.delete(`/v2/executions/${String(done.id)}`);
    expect(del.status).toBe(204);
    expect((await sh.http.get(`/v2/executions/${String(done.id)}`)).status).toBe(404);
  });
});

describe('changing an execution\'s state', () => {
  it('given a running execution, when paused, resumed and then cancelled by PUT, then it goes PAUSED, RUNNING and CANCELLED with the reason', async () => {
    const wf = "---\nversion: '2.0'\nsleepy:\n  tasks:\n    a:\n      action: std.sleep seconds=2\n      on-success: b\n    b:\n      action: std.sleep seconds=2\n";
    expect((await yamlPost('/v2/workflows?scope=private&namespace=', wf)).status).toBe(201);
    const created = await sh.http.post('/v2/executions').send({ workflow_name: 'sleepy' });
    const id = String(created.body.id);
    const paused = await sh.http.put(`/v2/executions/${id}`).send({ state: 'PAUSED' });
    expect([paused.status, paused.body.state]).toEqual([200, 'PAUSED']);
    const resumed = await sh.http.put(`/v2/executions/${id}`).send({ state: 'RUNNING' });
    expect([resumed.status, resumed.body.state]).toEqual([200, 'RUNNING']);
    const cancelled = await sh.http.put(`/v2/executions/${id}`).send({ state: 'CANCELLED', state_info: 'cancelled by probe' });
    expect([cancelled.status, cancelled.body.state, cancelled.body.state_info]).toEqual([200, 'CANCELLED', 'cancelled by probe']);
    const again = await sh.http.put(`/v2/executions/${id}`).send({ state: 'SUCCESS' });
    expect(again.status).toBe(400);
    const both = await sh.http.put(`/v2/executions/${id}`).send({ state: 'PAUSED', description: 'x' });
    expect([both.status, both.body]).toEqual([400, recorded('http-extra/038').response.body_json]);
  });
});
