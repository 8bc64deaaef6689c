import http from 'node:http';
import { waitUntil } from './receiver.js';

/** One SSE frame: its id and event name, and the stackhook event it carries. */
export interface ReceivedEvent {
  id?: string;
  event: string;
  body: { type: string; execution_id: string | null; signal_id: string | null; stack_id: string | null; data: Record<string, unknown> };
}

export interface EventStream {
  events: ReceivedEvent[];
  waitFor(predicate: (events: ReceivedEvent[]) => boolean, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): void;
  closed: Promise<void>;
}

/** A real Server-Sent Events client over node:http, parsing frames as a browser would. */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: ReceivedEvent[] = [];
    let buffer = '';
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => (resolveClosed = r));
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`event stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const parsed = parseFrame(frame);
          if (parsed) events.push(parsed);
        }
      });
      res.on('close', () => resolveClosed());
      resolve({
        events,
        waitFor: (predicate, timeoutMs = 10_000) => waitUntil(() => (predicate(events) ? events.slice() : undefined), timeoutMs, 'events'),
        close: () => req.destroy(),
        closed,
      });
    });
    req.on('error', (error) => {
      resolveClosed();
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}

function parseFrame(frame: string): ReceivedEvent | undefined {
  const fields: Record<string, string> = {};
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
  }
  if (!fields.data) return undefined;
  return { id: fields.id, event: fields.event ?? 'message', body: JSON.parse(fields.data) };
}
