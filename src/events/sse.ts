import type { Request, Response } from 'express';
import type { EventBus } from './bus.js';
import type { NewEvent } from './command-events.js';
import type { EventFilter, StackhookEvent } from './event.js';

const HEARTBEAT_MS = 15_000;
/** A listener this far behind is dropped; it reconnects with Last-Event-ID and catches up. */
const MAX_QUEUED = 1_000;

export interface StreamOptions {
  bus: EventBus;
  filter: EventFilter;
  /** What happened before, for a listener that is new or that the bus can no longer catch up. */
  history: () => Promise<NewEvent[]>;
  /** Scrubs secrets from an event before it leaves the process. */
  scrub?: (event: StackhookEvent) => StackhookEvent;
}

/**
 * One Server-Sent Events stream: the history (or what the listener missed), then live events.
 * Writes never block the engine: while the socket is full, events queue up to a bound, past which
 * the listener is cut off rather than allowed to grow memory.
 */
export async function streamEvents(req: Request, res: Response, options: StreamOptions): Promise<void> {
  const { bus, filter } = options;
  const scrub = options.scrub ?? ((e: StackhookEvent) => e);
  const resumeFrom = lastEventId(req);
  const pending: StackhookEvent[] = [];
  let ready = false;
  let sentUpTo = 0;
  let closed = false;

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.flushHeaders();

  const send = (event: StackhookEvent) => {
    if (closed || event.id <= sentUpTo) return;
    if (!ready || res.writableNeedDrain) {
      pending.push(event);
      if (pending.length > MAX_QUEUED) close();
      return;
    }
    sentUpTo = event.id;
    res.write(format(scrub(event)));
  };
  const flush = () => {
    while (pending.length && !res.writableNeedDrain && !closed) send(pending.shift()!);
  };
  const unsubscribe = bus.subscribe(filter, send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    res.end();
  };
  req.on('close', close);
  res.on('drain', flush);

  const missed = resumeFrom === undefined ? undefined : bus.since(resumeFrom, filter);
  const startId = bus.lastId;
  if (missed) {
    for (const event of missed) res.write(format(scrub(event)));
    sentUpTo = Math.max(resumeFrom!, missed.at(-1)?.id ?? 0);
  } else {
    const history = await options.history();
    history.forEach((event, i) => res.write(format(scrub({ ...event, id: i === history.length - 1 ? startId : 0 }))));
    sentUpTo = startId;
  }
  ready = true;
  flush();
}

function lastEventId(req: Request): number | undefined {
  const raw = req.header('last-event-id') ?? (typeof req.query.last_event_id === 'string' ? req.query.last_event_id : undefined);
  const id = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** An event as SSE; history events before the last carry no id (id 0), so a resume starts after them. */
function format(event: StackhookEvent): string {
  const { id, type, ...rest } = event;
  return `${id > 0 ? `id: ${id}\n` : ''}event: ${type}\ndata: ${JSON.stringify({ id, type, ...rest })}\n\n`;
}
