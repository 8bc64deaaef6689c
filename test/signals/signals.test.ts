import { describe, expect, it } from 'vitest';
import { defaultPhysicalId } from '../../src/lifecycle/outcome.js';
import { waitUntil, type Receiver } from '../support/receiver.js';
import { runsOf } from '../support/runs.js';
import { serviceWithReceiver } from '../support/fixture.js';
import type { TestService } from '../support/service.js';
import { signal } from '../support/signals.js';

let sh: TestService;
let receiver: Receiver;
serviceWithReceiver((service, r) => ((sh = service), (receiver = r)));

async function send(body: Record<string, unknown>, status = 202) {
  const res = await sh.http.post('/v1/signals').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

describe('the signal endpoint (CloudFormation custom-resource protocol)', () => {
  it('given a create signal, when the workflow succeeds, then SUCCESS with the physical id and attributes is PUT to ResponseURL', async () => {
    const body = signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url('/r1'), ResourceProperties: { message: 'hi' } });
    const accepted = await send(body);
    expect(accepted.execution_id).toMatch(/^[0-9a-f-]{36}$/);
    const [report] = await receiver.waitFor(1);
    expect(report!.method).toBe('PUT');
    expect(report!.path).toBe('/r1');
    expect(report!.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: defaultPhysicalId(String(body.StackId), 'Thing', String(body.RequestId)),
      StackId: body.StackId, RequestId: body.RequestId, LogicalResourceId: 'Thing',
      NoEcho: false, Data: { message: 'hi', payload: null },
    });
  });

  it('given a signal already handled, when the same StackId+RequestId arrives again, then the workflow does not run twice and the same outcome is reported again', async () => {
    const body = signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url('/first'), ResourceProperties: { name: 'idem' } });
    const first = await send(body);
    await receiver.waitFor(1);
    const again = await send({ ...body, ResponseURL: receiver.url('/second') });
    const reports = await receiver.waitFor(2);
    expect(again.repeated).toBe(true);
    expect(again.execution_id).toBe(first.execution_id);
    expect(reports[1]!.path).toBe('/second');
    expect(reports[1]!.body).toEqual(reports[0]!.body);
    expect(runsOf(sh.config.filesRoot, 'idem', 'create')).toBe(1);
  });

  it('given a signal still running, when it is repeated with another ResponseURL, then one execution reports to both', async () => {
    const body = signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url('/a'), ResourceProperties: { name: 'twice', sleep: 0.3 } });
    const first = await send(body);
    const again = await send({ ...body, ResponseURL: receiver.url('/b') });
    expect(again.execution_id).toBe(first.execution_id);
    const reports = await receiver.waitFor(2);
    expect(reports.map((r) => r.path).sort()).toEqual(['/a', '/b']);
    expect(runsOf(sh.config.filesRoot, 'twice', 'create')).toBe(1);
  });

  it('given a StackId+RequestId already used, when a different request reuses it, then it is refused with 409', async () => {
    const body = signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url() });
    await send(body);
    const res = await sh.http.post('/v1/signals').send({ ...body, LogicalResourceId: 'Other' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('given properties that violate the schema, when signalled, then FAILED is reported naming the property', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), ResourceProperties: { size: 500, colour: 'red' } }));
    const [report] = await receiver.waitFor(1);
    expect(report!.body.Status).toBe('FAILED');
    expect(report!.body.Reason).toContain('property size must be <= 100');
    expect(report!.body.Reason).toContain('property colour is not allowed');
  });

  it('given properties as CloudFormation sends them (strings) and some missing, when validated, then they are coerced and defaults applied', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), ResourceProperties: { size: '7' } }));
    const [report] = await receiver.waitFor(1);
    expect(report!.body.Status).toBe('SUCCESS');
    expect(report!.body.Data).toEqual({ message: 'hello', payload: null });
    const resources = await sh.http.get('/v1/resources');
    expect(resources.body.resources[0].properties).toEqual({ message: 'hello', size: 7 });
  });

  it('given an unknown resource type, when signalled, then FAILED is reported naming the type and what is served', async () => {
    await send(signal({ ResourceType: 'Custom::Nope', ResponseURL: receiver.url() }));
    const [report] = await receiver.waitFor(1);
    expect(report!.body.Status).toBe('FAILED');
    expect(report!.body.Reason).toMatch(/Unknown resource type Custom::Nope; this stackhook serves: .*Custom::Test::Echo/);
  });

  it('given a create whose workflow names no physical id, when it succeeds, then the id is derived from stack, logical id and request (never random)', async () => {
    const body = signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), LogicalResourceId: 'Web' });
    await send(body);
    const [report] = await receiver.waitFor(1);
    const expected = defaultPhysicalId(String(body.StackId), 'Web', String(body.RequestId));
    expect(report!.body.PhysicalResourceId).toBe(expected);
    expect(expected).toBe(defaultPhysicalId(String(body.StackId), 'Web', String(body.RequestId)));
    expect(expected).not.toBe(defaultPhysicalId(String(body.StackId), 'Web', 'another-request'));
  });

  it('given a delete, when its workflow succeeds, then the reported physical id is the one the stack named', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'gone' } }));
    await receiver.waitFor(1);
    await send(signal({ RequestType: 'Delete', ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), PhysicalResourceId: 'counter-gone', ResourceProperties: { name: 'gone' } }));
    const reports = await receiver.waitFor(2);
    expect(reports[1]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'counter-gone' });
    expect(runsOf(sh.config.filesRoot, 'gone', 'delete')).toBe(1);
  });

  it('given a create that failed, when the stack deletes it, then SUCCESS is acknowledged without running the delete workflow', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'broken', fail: 'create' } }));
    const [failed] = await receiver.waitFor(1);
    expect(failed!.body.Status).toBe('FAILED');
    expect(failed!.body.Reason).toContain('create of broken failed on purpose');
    await send(signal({ RequestType: 'Delete', ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), PhysicalResourceId: String(failed!.body.PhysicalResourceId), ResourceProperties: { name: 'broken' } }));
    const reports = await receiver.waitFor(2);
    expect(reports[1]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: failed!.body.PhysicalResourceId });
    expect(runsOf(sh.config.filesRoot, 'broken', 'delete')).toBe(0);
  });

  it('given a physical id stackhook never created, when the stack deletes it, then SUCCESS is acknowledged without running the delete workflow', async () => {
    await send(signal({ RequestType: 'Delete', ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), PhysicalResourceId: 'counter-stranger', ResourceProperties: { name: 'stranger' } }));
    const [report] = await receiver.waitFor(1);
    expect(report!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'counter-stranger' });
    expect(runsOf(sh.config.filesRoot, 'stranger', 'delete')).toBe(0);
  });

  it('given a ServiceTimeout shorter than the workflow, when the deadline nears, then the workflow is cancelled and FAILED is reported before the stack gives up', async () => {
    const sent = Date.now();
    const accepted = await send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ServiceTimeout: 2, ResourceProperties: { name: 'slow', sleep: 30 } }));
    const [report] = await receiver.waitFor(1, 5000);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(report!.body.Status).toBe('FAILED');
    expect(report!.body.Reason).toContain('ServiceTimeout of 2 s');
    const execution = await sh.http.get(`/v1/executions/${accepted.execution_id}`);
    expect(execution.body.state).toBe('ERROR');
    expect(execution.body.tasks.find((t: { name: string }) => t.name === 'wait').state).toBe('CANCELLED');
  });

  it('given a type phase timeout, when the workflow runs past it, then it is cancelled and FAILED names the timeout', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'tardy' } }));
    await receiver.waitFor(1);
    await send(signal({ RequestType: 'Update', ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), PhysicalResourceId: 'counter-tardy', ResourceProperties: { name: 'tardy', sleep: 30 }, OldResourceProperties: { name: 'tardy' } }));
    const reports = await receiver.waitFor(2, 5000);
    expect(reports[1]!.body.Status).toBe('FAILED');
    expect(reports[1]!.body.Reason).toContain('timed out after 1 s');
  });

  it('given attributes that cannot fit in 4096 bytes, when reported, then FAILED names the largest attribute and the body fits', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), ResourceProperties: { payload: 'x'.repeat(5000) } }));
    const [report] = await receiver.waitFor(1);
    expect(Buffer.byteLength(report!.raw)).toBeLessThanOrEqual(4096);
    expect(report!.body.Status).toBe('FAILED');
    expect(report!.body.Reason).toMatch(/over the 4096-byte limit.*payload \(5002 bytes\)/);
  });

  it('given a type with a secret attribute, when it is reported, then NoEcho is true', async () => {
    await send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'hush' } }));
    const [report] = await receiver.waitFor(1);
    expect(report!.body).toMatchObject({ Status: 'SUCCESS', NoEcho: true, Data: { token: 'token-of-hush', value: 'v1' } });
  });

  it('given a secret property, when the signal, execution and resource are read back, then the secret appears nowhere', async () => {
    const accepted = await send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'keys', api_key: 'sekret-123' } }));
    await receiver.waitFor(1);
    const answers = await Promise.all([
      sh.http.get(`/v1/signals/${accepted.signal_id}`), sh.http.get(`/v1/executions/${accepted.execution_id}`),
      sh.http.get('/v1/executions'), sh.http.get('/v1/resources'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('sekret-123');
    }
    expect(answers[3]!.body.resources[0].properties.api_key).toBe('***');
    expect(answers[3]!.body.resources[0].attributes.token).toBe('***');
  });
});

describe('bad input to the signal endpoint', () => {
  async function nothingWritten() {
    const [executions, resources] = await Promise.all([sh.http.get('/v1/executions'), sh.http.get('/v1/resources')]);
    expect(executions.body.executions).toEqual([]);
    expect(resources.body.resources).toEqual([]);
  }

  it('given a body that is not JSON, when posted, then 400 BAD_JSON and nothing is written', async () => {
    const res = await sh.http.post('/v1/signals').set('content-type', 'application/json').send('{"RequestType":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_JSON' });
    expect(res.body.request_id).toBeTruthy();
    await nothingWritten();
  });

  it('given a body that is not JSON at all, when posted as text, then 415 and nothing is written', async () => {
    const res = await sh.http.post('/v1/signals').set('content-type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await nothingWritten();
  });

  it('given missing fields, when posted, then 400 names each of them and nothing is written', async () => {
    const res = await sh.http.post('/v1/signals').send({ RequestType: 'Create', ResourceType: 'Custom::Test::Echo' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['LogicalResourceId', 'RequestId', 'ResponseURL', 'StackId']);
    await nothingWritten();
  });

  it('given fields of the wrong type, when posted, then 400 names the field and nothing is written', async () => {
    const res = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), ResourceProperties: 'zone=a' as never, RequestType: 'Explode' }));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('ResourceProperties must be object');
    expect(res.body.message).toContain('RequestType must be equal to one of the allowed values');
    await nothingWritten();
  });

  it('given an update without PhysicalResourceId, when posted, then 400 names it', async () => {
    const res = await sh.http.post('/v1/signals').send(signal({ RequestType: 'Update', ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url() }));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'PhysicalResourceId', problem: 'is required' }]);
  });

  it('given a body over the size limit, when posted, then 413 and nothing is written', async () => {
    const res = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), ResourceProperties: { payload: 'x'.repeat(1_100_000) } }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('BODY_TOO_LARGE');
    await nothingWritten();
  });

  it('given a ResponseURL whose host is not allowed, when posted, then 403 and nothing is written or sent', async () => {
    const res = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: 'http://192.0.2.10/report' }));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CALLBACK_HOST_NOT_ALLOWED');
    await nothingWritten();
  });

  it('given a ResponseURL that is not http(s), when posted, then 403', async () => {
    const res = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: 'file:///etc/passwd' }));
    expect(res.status).toBe(403);
  });

  it('given an unknown route, when requested, then 404 with the error shape', async () => {
    const res = await sh.http.get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'request_id']);
  });

  it('given an X-Request-Id, when an error is answered, then the same id is in the body and header', async () => {
    const res = await sh.http.get('/v1/executions/nope').set('x-request-id', 'req-42');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'EXECUTION_NOT_FOUND', request_id: 'req-42' });
    expect(res.headers['x-request-id']).toBe('req-42');
  });
});

describe('report delivery', () => {
  it('given a receiver failing twice, when the report is delivered, then it is retried until it arrives once', async () => {
    receiver.failNext(500, 503);
    const accepted = await send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url() }));
    const [report] = await receiver.waitFor(1);
    expect(report!.body.Status).toBe('SUCCESS');
    const view = await waitUntil(async () => {
      const res = await sh.http.get(`/v1/signals/${accepted.signal_id}`);
      return res.body.reports[0].state === 'DELIVERED' ? res.body : undefined;
    }, 5000, 'delivered state');
    expect(view.reports[0]).toMatchObject({ attempts: 3, state: 'DELIVERED', last_error: 'HTTP 503' });
    expect(view.reports[0].target).toBe(`http://127.0.0.1:${receiver.port}/…`);
  });
});
