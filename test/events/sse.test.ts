import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, waitUntil, type Receiver } from '../support/receiver.js';
import { startTestService, type TestService } from '../support/service.js';
import { signal } from '../support/signals.js';
import { openEventStream, type EventStream, type ReceivedEvent } from '../support/sse.js';

let sh: TestService;
let receiver: Receiver;
let streams: EventStream[] = [];

beforeEach(async () => {
  receiver = await startReceiver();
  sh = await startTestService();
});

afterEach(async () => {
  for (const s of streams) s.close();
  streams = [];
  await sh?.stop();
  await receiver?.close();
});

async function open(path: string, headers: Record<string, string> = {}) {
  const stream = await openEventStream(`${sh.service.url}${path}`, headers);
  streams.push(stream);
  return stream;
}

const types = (events: ReceivedEvent[]) => events.map((e) => e.event === 'task.started' || e.event === 'task.finished' ? `${e.event}:${e.body.data.name}` : e.event);
const has = (type: string) => (events: ReceivedEvent[]) => events.some((e) => e.event === type);

describe('live progress', () => {
  it('given a running execution, when a listener connects, then it gets what happened so far and then live events to the end, with timings', async () => {
    const accepted = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'watched', sleep: 0.4 } }));
    const stream = await open(`/v1/executions/${accepted.body.execution_id}/events`);
    const events = await stream.waitFor(has('report.delivered'));
    expect(types(events)).toEqual([
      'execution.state', 'task.started:count', 'action.result', 'task.finished:count', 'task.started:wait',
      'action.result', 'task.finished:wait', 'execution.state', 'lifecycle.outcome', 'report.delivered',
    ]);
    const wait = events.find((e) => e.event === 'task.finished' && e.body.data.name === 'wait')!;
    expect(wait.body.data.duration_ms).toBeGreaterThanOrEqual(350);
    expect(events.at(-3)!.body.data).toMatchObject({ state: 'SUCCESS' });
    expect(events.at(-2)!.body.data).toMatchObject({ status: 'SUCCESS', physical_id: 'counter-watched' });
  });

  it('given a finished execution, when a listener connects, then the history tells the whole story from the store', async () => {
    const accepted = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url() }));
    await receiver.waitFor(1);
    await waitUntil(async () => (await sh.http.get(`/v1/signals/${accepted.body.signal_id}`)).body.reports[0]?.state === 'DELIVERED' || undefined, 5000, 'delivery');
    const stream = await open(`/v1/executions/${accepted.body.execution_id}/events`);
    const events = await stream.waitFor(has('report.delivered'));
    expect(types(events)).toEqual(['execution.state', 'task.started:noop', 'action.result', 'task.finished:noop', 'execution.state', 'lifecycle.outcome', 'report.delivered']);
  });

  it('given a listener that dropped, when it reconnects with Last-Event-ID, then it gets only what it missed', async () => {
    const first = await open('/v1/events');
    await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), StackId: 'stack-a' }));
    const seen = await first.waitFor(has('report.delivered'));
    first.close();
    await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), StackId: 'stack-b' }));
    await receiver.waitFor(2);
    const lastId = seen.filter((e) => e.id).at(-1)!.id!;
    const second = await open('/v1/events', { 'last-event-id': lastId });
    const missed = await second.waitFor(has('report.delivered'));
    expect(missed.every((e) => e.body.stack_id === 'stack-b' || e.body.stack_id === null)).toBe(true);
    expect(missed.map((e) => Number(e.id)).every((id) => id > Number(lastId))).toBe(true);
  });

  it('given a stack filter, when other stacks work, then only that stack\'s events arrive', async () => {
    const stream = await open('/v1/events?stack_id=mine');
    await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), StackId: 'other' }));
    await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), StackId: 'mine' }));
    const events = await stream.waitFor(has('lifecycle.outcome'));
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => e.body.stack_id === 'mine')).toBe(true);
  });

  it('given a secret property, when its execution streams, then the secret appears in no event', async () => {
    const stream = await open('/v1/events');
    const accepted = await sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(), ResourceProperties: { name: 'sec', api_key: 'hunter2-secret' } }));
    await stream.waitFor(has('report.delivered'));
    const perExecution = await open(`/v1/executions/${accepted.body.execution_id}/events`);
    await perExecution.waitFor(has('report.delivered'));
    expect(JSON.stringify([...stream.events, ...perExecution.events])).not.toContain('hunter2-secret');
  });

  it('given a listener that stops reading, when many signals run, then the engine does not wait for it', async () => {
    const stalled = await new Promise<http.IncomingMessage>((resolve) => {
      const req = http.get(`${sh.service.url}/v1/events`, (res) => {
        res.pause();
        resolve(res);
      });
      req.on('error', () => undefined);
    });
    const started = Date.now();
    await Promise.all(Array.from({ length: 150 }, () =>
      sh.http.post('/v1/signals').send(signal({ ResourceType: 'Custom::Test::Echo', ResponseURL: receiver.url(), ResourceProperties: { payload: 'x'.repeat(3000) } }))));
    await receiver.waitFor(150, 20_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    stalled.destroy();
  });
});
