import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runsOf } from '../support/runs.js';
import { startTestService, type TestService } from '../support/service.js';
import { pollUntilDone } from './support.js';

let sh: TestService;

beforeEach(async () => {
  sh = await startTestService();
});

afterEach(async () => {
  await sh?.stop();
});

async function run(workflow: string, input: Record<string, unknown>, resourceId?: string) {
  const body: Record<string, unknown> = { workflow_name: workflow, input: JSON.stringify(input) };
  if (resourceId) body.params = JSON.stringify({ env: { heat_extresource_data: { resource_id: resourceId } } });
  const res = await sh.http.post('/v2/executions').set('content-type', 'application/json').send(JSON.stringify(body));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const done = await pollUntilDone(sh, String(res.body.id));
  return { state: done.state, output: JSON.parse(String(done.output)) as Record<string, unknown>, stateInfo: done.state_info };
}

const inventory = async (type: string) =>
  (await sh.http.get(`/v1/resources?type=${type}`)).body.resources.map((r: { physical_id: string; status: string }) => [r.physical_id, r.status]);

describe('replacement when Heat drives stackhook', () => {
  it('given a decide workflow that replaces, when Heat updates, then stackhook creates the new resource, deletes the old one itself and returns the new id', async () => {
    const created = await run('stackhook.Test.Volume.create', { size: 10 });
    const oldId = String(created.output.resource_id);
    const updated = await run('stackhook.Test.Volume.update', { size: 5 }, oldId);
    expect(updated.state).toBe('SUCCESS');
    expect(updated.output.resource_id).not.toBe(oldId);
    expect(await inventory('Custom::Test::Volume')).toEqual([[updated.output.resource_id, 'CREATE_COMPLETE'], [oldId, 'DELETE_COMPLETE']]);
    const executions = (await sh.http.get('/v1/executions?type=Custom::Test::Volume')).body.executions.map((e: { step: string }) => e.step);
    expect(executions).toEqual(['delete_old', 'create', 'decide', 'create']);
  });

  it('given Heat replaced a resource whose new incarnation has the same physical id, when it deletes the old one, then nothing is deleted and the new one stays', async () => {
    await run('stackhook.Test.Counter.create', { name: 'same-name' });
    const again = await run('stackhook.Test.Counter.create', { name: 'same-name', value: 'v2' });
    expect(again.output.resource_id).toBe('counter-same-name');
    const deleted = await run('stackhook.Test.Counter.delete', { name: 'same-name' }, 'counter-same-name');
    expect(deleted.state).toBe('SUCCESS');
    expect(runsOf(sh.config.filesRoot, 'same-name', 'delete')).toBe(0);
    expect(await inventory('Custom::Test::Counter')).toEqual([['counter-same-name', 'CREATE_COMPLETE'], ['counter-same-name', 'DELETE_COMPLETE']]);
    const last = await run('stackhook.Test.Counter.delete', { name: 'same-name' }, 'counter-same-name');
    expect(last.state).toBe('SUCCESS');
    expect(runsOf(sh.config.filesRoot, 'same-name', 'delete')).toBe(1);
  });
});
