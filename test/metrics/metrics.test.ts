import { describe, expect, it } from 'vitest';
import { waitUntil, type Receiver } from '../support/receiver.js';
import { serviceWithReceiver } from '../support/fixture.js';
import type { TestService } from '../support/service.js';
import { signal } from '../support/signals.js';

let sh: TestService;
let receiver: Receiver;
serviceWithReceiver((service, r) => ((sh = service), (receiver = r)));

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)
    ? wanted.every((w) => l.includes(w)) : false);
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('/metrics', () => {
  it('given signals that succeed and fail and a report retried, when scraped, then each is counted', async () => {
    receiver.failNext(500);
    await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url() })).expect(202);
    await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'm', fail: 'create' } })).expect(202);
    await receiver.waitFor(2);
    const text = await waitUntil(async () => {
      const res = await sh.http.get('/metrics');
      return sample(res.text, 'stackhook_report_deliveries_total', { result: 'delivered' }) === 2 ? res.text : undefined;
    }, 5000, 'two deliveries counted');
    expect(sample(text, 'stackhook_signals_total', { type: 'Custom::Test::Echo', request_type: 'Create', outcome: 'SUCCESS' })).toBe(1);
    expect(sample(text, 'stackhook_signals_total', { type: 'Custom::Test::Counter', outcome: 'FAILED' })).toBe(1);
    expect(sample(text, 'stackhook_report_deliveries_total', { result: 'retry' })).toBe(1);
    expect(sample(text, 'stackhook_actions_total', { action: 'std.fail', state: 'ERROR' })).toBe(1);
    expect(sample(text, 'stackhook_execution_duration_seconds_count', { state: 'SUCCESS' })).toBe(1);
    expect(sample(text, 'stackhook_execution_duration_seconds_count', { state: 'ERROR' })).toBe(1);
    expect(sample(text, 'stackhook_task_duration_seconds_count', { state: 'SUCCESS' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'stackhook_outbox_depth')).toBe(0);
    expect(sample(text, 'stackhook_store_operation_seconds_count', { operation: 'applyBatches' })).toBeGreaterThan(0);
    expect(sample(text, 'stackhook_http_request_duration_seconds_count', { method: 'POST', route: '/v1/signals', status: '202' })).toBe(2);
  });
});

describe('health', () => {
  it('given a running service, when probed, then healthz is ok and readyz is ready with the type count', async () => {
    await sh.http.get('/healthz').expect(200, { status: 'ok' });
    const ready = await sh.http.get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', problems: [], pending_reports: 0 });
    expect(ready.body.resource_types).toBeGreaterThan(0);
  });


});
