import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/events/bus.js';
import type { NewEvent } from '../../src/events/command-events.js';
import { format, streamEvents } from '../../src/events/sse.js';

/** A response whose socket is full and never drains: what a listener that stopped reading looks like. */
function stuckResponse() {
  const res = Object.assign(new EventEmitter(), {
    written: [] as string[], ended: false, writableNeedDrain: true,
    writeHead: () => res, flushHeaders: () => undefined,
    write(chunk: string) {
      res.written.push(chunk);
      res.writableNeedDrain = true;
      return false;
    },
    end() {
      res.ended = true;
    },
  });
  return res;
}

const request = (headers: Record<string, string> = {}) =>
  Object.assign(new EventEmitter(), { header: (name: string) => headers[name.toLowerCase()], query: {} }) as unknown as Request;

/** The SSE ids in what was written, however the writes were batched. */
const idsIn = (written: string[]) => [...written.join('').matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);

const event = (n: number): NewEvent => ({ type: 'task.started', at: '', execution_id: 'e', signal_id: null, stack_id: null, data: { n } });

describe('event streams under backpressure', () => {
  it('given a listener whose socket stays full, when more than the bound is queued, then it is cut off and unsubscribed', async () => {
    const bus = new EventBus(undefined, format);
    const res = stuckResponse();
    await streamEvents(request(), res as unknown as Response, { bus, filter: {}, history: async () => [] });
    expect(bus.listenerCount).toBe(1);
    bus.publish(Array.from({ length: 20_000 }, (_, i) => event(i)));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(res.ended).toBe(true);
    expect(bus.listenerCount).toBe(0);
  });

  it('given a listener that catches up, when its socket drains, then the queued events are sent in order', async () => {
    const bus = new EventBus(undefined, format);
    const res = stuckResponse();
    await streamEvents(request(), res as unknown as Response, { bus, filter: {}, history: async () => [] });
    bus.publish([event(1), event(2), event(3)]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(idsIn(res.written)).toEqual([]);
    res.writableNeedDrain = false;
    res.write = (chunk: string) => (res.written.push(chunk), true);
    res.emit('drain');
    expect(idsIn(res.written)).toEqual(['1', '2', '3']);
    expect(res.ended).toBe(false);
  });

  it('given a Last-Event-ID still kept by the bus, when reconnecting, then only later events are replayed and no history is read', async () => {
    const bus = new EventBus(undefined, format);
    bus.publish([event(1), event(2), event(3)]);
    const res = stuckResponse();
    res.writableNeedDrain = false;
    res.write = (chunk: string) => (res.written.push(chunk), true);
    let historyRead = false;
    await streamEvents(request({ 'last-event-id': '1' }), res as unknown as Response, {
      bus, filter: {}, history: async () => ((historyRead = true), []),
    });
    expect(historyRead).toBe(false);
    expect(idsIn(res.written)).toEqual(['2', '3']);
  });
});
