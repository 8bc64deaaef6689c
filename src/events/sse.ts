import type { Request, Response } from 'express';
import type { EventBus } from './bus.js';
import type { NewEvent } from './command-events.js';
import type { EventFilter, StackhookEvent } from './event.js';

const HEARTBEAT_MS = 15_000;
/** A listener this far behind is dropped; it reconnects with Last-Event-ID and catches up. */
const MAX_QUEUED_BYTES = 1_000_000;

export interface StreamOptions {
  bus: EventBus;
  filter: EventFilter;
  /** What happened before, for a listener that is new or that the bus can no longer catch up. */
  history: () => Promise<NewEvent[]>;
  /** Scrubs secrets from history read back from the store (live events are scrubbed at the source). */
  scrub?: (event: StackhookEvent) => StackhookEvent;
}

/**
 * One Server-Sent Events stream: the history (or what the listener missed), then live events in
 * the bus's batches, each batch's text shared by every listener with the same filter. Writes never
 * block the engine: while the socket is full, text queues up to a bound, past which the listener
 * is cut off rather than allowed to grow memory.
 */
export async function streamEvents(req: Request, res: Response, options: StreamOptions): Promise<void> {
  const { bus, filter } = options;
  const scrub = options.scrub ?? ((e: StackhookEvent) => e);
  const resumeFrom = lastEventId(req);
  const early: StackhookEvent[] = [];
  let queued: string[] = [];
  let queuedBytes = 0;
  let ready = false;
  let sentUpTo = 0;
  let closed = false;

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.flushHeaders();

  const write = (text: string) => {
    if (closed || text === '') return;
    if (!res.writableNeedDrain && queued.length === 0) {
      res.write(text);
      return;
    }
    queued.push(text);
    queuedBytes += text.length;
    if (queuedBytes > MAX_QUEUED_BYTES) close();
  };
  const drain = () => {
    const text = queued.join('');
    queued = [];
    queuedBytes = 0;
    if (text && !closed) res.write(text);
  };
  const onBatch = (events: StackhookEvent[], text: () => string) => {
    if (!ready) return void early.push(...events);
    const fresh = events[0]!.id > sentUpTo;
    const out = fresh ? text() : events.filter((e) => e.id > sentUpTo).map(format).join('');
    sentUpTo = Math.max(sentUpTo, events.at(-1)!.id);
    write(out);
  };
  const unsubscribe = bus.subscribeBatched(filter, onBatch);
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    res.end();
  };
  req.on('close', close);
  res.on('drain', drain);

  const missed = resumeFrom === undefined ? undefined : bus.since(resumeFrom, filter);
  const startId = bus.lastId;
  if (missed) {
    write(missed.map(format).join(''));
    sentUpTo = Math.max(resumeFrom!, missed.at(-1)?.id ?? 0);
  } else {
    const history = await options.history();
    write(history.map((event, i) => format(scrub({ ...event, id: i === history.length - 1 ? startId : 0 }))).join(''));
    sentUpTo = startId;
  }
  ready = true;
  write(early.filter((e) => e.id > sentUpTo).map(format).join(''));
  sentUpTo = Math.max(sentUpTo, early.at(-1)?.id ?? 0);
}

function lastEventId(req: Request): number | undefined {
  const raw = req.header('last-event-id') ?? (typeof req.query.last_event_id === 'string' ? req.query.last_event_id : undefined);
  const id = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** An event as SSE; history events before the last carry no id (id 0), so a resume starts after them. */
export function format(event: StackhookEvent): string {
  return `${event.id > 0 ? `id: ${event.id}\n` : ''}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
