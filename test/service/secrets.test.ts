import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startReceiver, waitUntil, type Receiver } from '../support/receiver.js';
import { startTestService, type TestService } from '../support/service.js';
import { signal } from '../support/signals.js';
import { openEventStream } from '../support/sse.js';

const SECRET = 'plant-7f3a-secret';
const TOKEN = 'bearer-9c1d-token';
const KEYSTONE = 'keystone-4e2b-token';
const CAPABILITY = 'X-Amz-Signature=cap-5d8e';

let sh: TestService | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await sh?.stop();
  await receiver?.close();
});

describe('secrets', () => {
  it('given a planted secret property, tokens and a ResponseURL, when a lifecycle runs and is read back everywhere, then none appears in logs, API answers, event streams or reports', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    receiver = await startReceiver();
    sh = await startTestService({ logger: createLogger('trace', sink) });
    const events = await openEventStream(`${sh.service.url}/v1/events`);
    const responseUrl = `${receiver.url('/report')}?${CAPABILITY}`;
    const created = await sh.http.post('/v1/signals').set('authorization', `Bearer ${TOKEN}`).set('x-auth-token', KEYSTONE)
      .send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: responseUrl, ResourceProperties: { name: 'vault', api_key: SECRET } }));
    await receiver.waitFor(1);
    await sh.http.post('/v1/signals').send(signal({ RequestType: 'Update', ResourceType: 'Custom::Test::Counter', ResponseURL: responseUrl, PhysicalResourceId: 'counter-vault', ResourceProperties: { name: 'vault', api_key: SECRET, value: 'v2', fail: 'leak' }, OldResourceProperties: { name: 'vault', api_key: SECRET } }));
    const reports = await receiver.waitFor(2);
    expect(reports[1]!.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('could not use key ***') });
    await events.waitFor((e) => e.filter((x) => x.event === 'report.delivered').length === 2);
    const perExecution = await openEventStream(`${sh.service.url}/v1/executions/${created.body.execution_id}/events`);
    await perExecution.waitFor((e) => e.some((x) => x.event === 'report.delivered'));
    const answers = await Promise.all(['/v1/executions', `/v1/executions/${created.body.execution_id}`, `/v1/signals/${created.body.signal_id}`, '/v1/resources', '/metrics']
      .map((path) => sh!.http.get(path)));
    events.close();
    perExecution.close();
    await waitUntil(() => lines.some((l) => l.includes('report delivered')) || undefined, 5000, 'log lines');

    const everything = [
      ...lines, ...answers.map((a) => a.text), ...reports.map((r) => r.raw),
      JSON.stringify(events.events), JSON.stringify(perExecution.events),
    ].join('\n');
    for (const planted of [SECRET, TOKEN, KEYSTONE, CAPABILITY, '/report?']) expect(everything).not.toContain(planted);
    // The secret attribute goes to the stack (with NoEcho), and nowhere else.
    expect(reports[0]!.body).toMatchObject({ NoEcho: true, Data: { token: 'token-of-vault' } });
    expect(everything.replace(reports[0]!.raw, '')).not.toContain('token-of-vault');
    expect(lines.length).toBeGreaterThan(5);
  });
});
