import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/receiver.js';
import { startTestService, tempDir, type TestService } from '../support/service.js';
import { pollUntilDone } from './support.js';

let sh: TestService | undefined;

afterEach(async () => {
  await sh?.stop();
});

const WORKFLOW = `---
version: '2.0'
wait_for_callback:
  tasks:
    wait:
      action: std.async_noop
      publish:
        answer: <% task().result %>
  output:
    answer: <% $.answer %>
`;

async function runningAction(service: TestService, executionId: string): Promise<Record<string, unknown>> {
  return waitUntil(async () => {
    const tasks = await service.http.get(`/v2/executions/${executionId}/tasks`);
    const task = tasks.body.tasks?.[0];
    if (!task) return undefined;
    const actions = await service.http.get(`/v2/tasks/${task.id}/action_executions`);
    const action = actions.body.action_executions?.[0];
    return action?.state === 'RUNNING' ? action : undefined;
  }, 5000, 'the async action RUNNING');
}

describe('asynchronous actions', () => {
  it('given std.async_noop, when the service restarts while it waits and its result is then PUT, then the workflow completes with that result', async () => {
    const dataDir = tempDir();
    sh = await startTestService({ dataDir });
    await sh.http.post('/v2/workflows').set('content-type', 'text/plain').send(WORKFLOW).expect(201);
    const started = await sh.http.post('/v2/executions').send({ workflow_name: 'wait_for_callback' }).expect(201);
    const waiting = await runningAction(sh, started.body.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await sh.http.get(`/v2/executions/${started.body.id}`)).body.state).toBe('RUNNING');

    await sh.stop();
    sh = await startTestService({ dataDir });
    expect((await runningAction(sh, started.body.id)).id).toBe(waiting.id);

    const put = await sh.http.put(`/v2/action_executions/${String(waiting.id)}`).send({ state: 'SUCCESS', output: '{"ticket": 42}' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.state).toBe('SUCCESS');
    const done = await pollUntilDone(sh, started.body.id);
    expect(done.state).toBe('SUCCESS');
    expect(JSON.parse(String(done.output))).toEqual({ answer: { ticket: 42 } });
  });

  it('given a waiting async action, when an ERROR is PUT, then the task fails with that error; and a second PUT is refused', async () => {
    sh = await startTestService();
    await sh.http.post('/v2/workflows').set('content-type', 'text/plain').send(WORKFLOW).expect(201);
    const started = await sh.http.post('/v2/executions').send({ workflow_name: 'wait_for_callback' }).expect(201);
    const waiting = await runningAction(sh, started.body.id);
    await sh.http.put(`/v2/action_executions/${String(waiting.id)}`).send({ state: 'ERROR', output: '"the operator said no"' }).expect(200);
    const done = await pollUntilDone(sh, started.body.id);
    expect(done.state).toBe('ERROR');
    expect(String(done.state_info)).toContain('the operator said no');
    const again = await sh.http.put(`/v2/action_executions/${String(waiting.id)}`).send({ state: 'SUCCESS', output: '{}' });
    expect(again.status).toBe(400);
    expect(again.body.faultstring).toContain('not RUNNING');
  });
});
