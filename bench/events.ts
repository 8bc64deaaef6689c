/**
 * What live progress costs. (1) Events per second one execution's stream delivers to each of
 * 100 listeners. (2) The engine's throughput of no-op creates with and without 100 listeners on
 * /v1/events, alternating runs so the machine's noise falls on both. Prints a table.
 *
 *   npm run bench:events [-- --listeners 100 --seconds 4 --concurrency 64 --rounds 3]
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { Receiver, startStackhookProcess, type Target } from './support.js';

const { values } = parseArgs({
  options: {
    listeners: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
  },
});
const LISTENERS = Number(values.listeners);

/** An SSE listener that counts events and notes when its execution has ended. */
class Listener {
  events = 0;
  /** What a count-only listener received; it does no more work than a network peer's kernel would. */
  bytes = 0;
  /** Parse each event (to see the end), or only count frames (cheap, for throughput runs). */
  constructor(private readonly parse = true) {}

  private buffer = '';
  private ended = false;
  private request!: http.ClientRequest;
  private onEnd: () => void = () => undefined;

  open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.read(chunk));
        resolve();
      });
      this.request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    });
  }

  /** Resolves once an execution.state event with a final state has arrived (or already had). */
  untilEnded(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => (this.onEnd = resolve));
  }

  close(): void {
    this.request.destroy();
  }

  private read(chunk: string): void {
    if (!this.parse) {
      this.bytes += chunk.length;
      return;
    }
    this.buffer += chunk;
    let end;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      this.events++;
      if (!this.parse) continue;
      const event = JSON.parse(data.slice(6)) as { type: string; data: { state?: string } };
      if (event.type === 'execution.state' && ['SUCCESS', 'ERROR', 'CANCELLED'].includes(event.data.state ?? '')) {
        this.ended = true;
        this.onEnd();
      }
    }
  }
}

async function post(pool: Pool, body: object): Promise<{ execution_id: string }> {
  const res = await pool.request({ method: 'POST', path: '/v1/signals', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.body.json()) as { execution_id: string };
  if (res.statusCode !== 202) throw new Error(`signal answered ${res.statusCode}`);
  return json;
}

const create = (type: string, port: number, i: number): Record<string, unknown> & { RequestId: string } => ({
  RequestType: 'Create', RequestId: crypto.randomUUID(), StackId: 'bench-events', ResourceType: type,
  LogicalResourceId: `R${i}`, ResponseURL: `http://127.0.0.1:${port}/r`, ResourceProperties: {},
});

/**
 * One 100-task execution watched live by every listener (they subscribe to its stack before it
 * starts): events per second each of them received.
 */
async function oneStream(target: Target, pool: Pool, receiver: Receiver) {
  const stackId = `one-stream-${crypto.randomUUID()}`;
  const listeners = Array.from({ length: LISTENERS }, () => new Listener());
  await Promise.all(listeners.map((l) => l.open(`${target.url}/v1/events?stack_id=${stackId}`)));
  const started = performance.now();
  await post(pool, { ...create('Custom::Bench::Chain', receiver.port, 0), StackId: stackId });
  await Promise.all(listeners.map((l) => l.untilEnded()));
  const seconds = (performance.now() - started) / 1000;
  for (const l of listeners) l.close();
  const perListener = listeners.reduce((sum, l) => sum + l.events, 0) / listeners.length;
  return { perListener, seconds };
}

interface Run {
  perSecond: number;
  /** The service process's CPU time per completed create: what listeners cost it, wherever they run. */
  cpuMsPerCreate: number;
}

/** Closed loop: `concurrency` creates in flight for `seconds`; completed reports per second. */
async function throughput(target: Target, pool: Pool, receiver: Receiver, seconds: number, concurrency: number): Promise<Run> {
  const before = receiver.arrivals.size;
  const cpuBefore = target.cpuSeconds();
  const deadline = performance.now() + seconds * 1000;
  let i = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = create('Custom::Bench::Noop', receiver.port, i++);
      await post(pool, body);
      while (!receiver.arrivals.has(body.RequestId)) await new Promise((r) => setTimeout(r, 1));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const done = receiver.arrivals.size - before;
  return { perSecond: done / ((performance.now() - started) / 1000), cpuMsPerCreate: ((target.cpuSeconds() - cpuBefore) * 1000) / done };
}

async function withListeners<T>(url: string, work: () => Promise<T>): Promise<T> {
  const listeners = Array.from({ length: LISTENERS }, () => new Listener(false));
  await Promise.all(listeners.map((l) => l.open(url)));
  try {
    return await work();
  } finally {
    for (const l of listeners) l.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const receiver = new Receiver();
  await receiver.start();
  const target = await startStackhookProcess('warn');
  const pool = new Pool(target.url, { connections: 128 });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  await throughput(target, pool, receiver, 1, concurrency); // warm-up
  const stream = await oneStream(target, pool, receiver);
  console.log(`\nOne execution (100 tasks) streamed to ${LISTENERS} listeners\n`);
  console.log('| events per listener | seconds | events/s per listener | events/s delivered in all |');
  console.log('|---|---|---|---|');
  console.log(`| ${stream.perListener.toFixed(0)} | ${stream.seconds.toFixed(3)} | ${(stream.perListener / stream.seconds).toFixed(0)} | ${(stream.perListener * LISTENERS / stream.seconds).toFixed(0)} |`);

  // Watchers: people following one deployment (a stack) while the engine works for everyone.
  // Firehose: listeners that take every event of the whole service.
  const modes: [string, (work: () => Promise<Run>) => Promise<Run>][] = [
    ['none', (work) => work()],
    [`${LISTENERS} on one stack's stream`, (work) => withListeners(`${target.url}/v1/events?stack_id=watched`, work)],
    [`${LISTENERS} on /v1/events (everything)`, (work) => withListeners(`${target.url}/v1/events`, work)],
  ];
  const runs = new Map<string, Run[]>(modes.map(([name]) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, attach] of modes) runs.get(name)!.push(await attach(() => throughput(target, pool, receiver, seconds, concurrency)));
  }
  const rate = (r: Run[]) => median(r.map((x) => x.perSecond));
  const cpu = (r: Run[]) => median(r.map((x) => x.cpuMsPerCreate));
  const base = runs.get('none')!;
  console.log(`\nEngine throughput, no-op creates, ${concurrency} in flight, ${seconds} s per run, ${values.rounds} rounds alternating the modes\n`);
  console.log('| listeners | runs (creates/s) | median creates/s | throughput cost | service CPU ms per create | CPU cost |');
  console.log('|---|---|---|---|---|---|');
  for (const [name] of modes) {
    const r = runs.get(name)!;
    const cost = (x: number) => (name === 'none' ? '' : `${(x * 100).toFixed(1)}%`);
    console.log(`| ${name} | ${r.map((x) => x.perSecond.toFixed(0)).join(', ')} | ${rate(r).toFixed(0)} | ${cost(1 - rate(r) / rate(base))} | ${cpu(r).toFixed(3)} | ${cost(cpu(r) / cpu(base) - 1)} |`);
  }
  console.log('\ntarget: listeners cost the engine under 10% of its throughput\n');
  await pool.close();
  await target.stop();
  await receiver.stop();
}

await main();
