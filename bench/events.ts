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

/** An SSE listener that counts events and notes when the one it waits for arrives. */
class Listener {
  events = 0;
  private request!: http.ClientRequest;
  private waiting?: { type: string; resolve: () => void };

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

  until(type: string): Promise<void> {
    return new Promise((resolve) => (this.waiting = { type, resolve }));
  }

  close(): void {
    this.request.destroy();
  }

  private read(chunk: string): void {
    const frames = chunk.split('\nevent: ').length - 1 + (chunk.startsWith('event: ') ? 1 : 0);
    this.events += frames;
    if (this.waiting && chunk.includes(`event: ${this.waiting.type}\n`) && chunk.includes('"state":"SUCCESS"')) this.waiting.resolve();
  }
}

async function post(pool: Pool, body: object): Promise<{ execution_id: string }> {
  const res = await pool.request({ method: 'POST', path: '/v1/signals', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.body.json()) as { execution_id: string };
  if (res.statusCode !== 202) throw new Error(`signal answered ${res.statusCode}`);
  return json;
}

const create = (type: string, port: number, i: number) => ({
  RequestType: 'Create', RequestId: crypto.randomUUID(), StackId: 'bench-events', ResourceType: type,
  LogicalResourceId: `R${i}`, ResponseURL: `http://127.0.0.1:${port}/r`, ResourceProperties: {},
});

/** One 100-task execution watched by every listener: events per second each of them received. */
async function oneStream(target: Target, pool: Pool, receiver: Receiver) {
  const { execution_id: id } = await post(pool, { ...create('Custom::Bench::Chain', receiver.port, 0), RequestType: 'Create' });
  const listeners = Array.from({ length: LISTENERS }, () => new Listener());
  const started = performance.now();
  await Promise.all(listeners.map((l) => l.open(`${target.url}/v1/executions/${id}/events`)));
  await Promise.all(listeners.map((l) => l.until('execution.state')));
  const seconds = (performance.now() - started) / 1000;
  for (const l of listeners) l.close();
  const perListener = listeners.reduce((sum, l) => sum + l.events, 0) / listeners.length;
  return { perListener, seconds };
}

/** Closed loop: `concurrency` creates in flight for `seconds`; completed reports per second. */
async function throughput(pool: Pool, receiver: Receiver, seconds: number, concurrency: number): Promise<number> {
  const before = receiver.arrivals.size;
  const deadline = performance.now() + seconds * 1000;
  let i = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = create('Custom::Bench::Noop', receiver.port, i++);
      await post(pool, body);
      while (!receiver.arrivals.has(body.RequestId)) await new Promise((r) => setImmediate(r));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (receiver.arrivals.size - before) / ((performance.now() - started) / 1000);
}

async function withListeners<T>(target: Target, work: () => Promise<T>): Promise<T> {
  const listeners = Array.from({ length: LISTENERS }, () => new Listener());
  await Promise.all(listeners.map((l) => l.open(`${target.url}/v1/events`)));
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
  await throughput(pool, receiver, 1, concurrency); // warm-up
  const stream = await oneStream(target, pool, receiver);
  console.log(`\nOne execution (100 tasks) streamed to ${LISTENERS} listeners\n`);
  console.log('| events per listener | seconds | events/s per listener | events/s delivered in all |');
  console.log('|---|---|---|---|');
  console.log(`| ${stream.perListener.toFixed(0)} | ${stream.seconds.toFixed(3)} | ${(stream.perListener / stream.seconds).toFixed(0)} | ${(stream.perListener * LISTENERS / stream.seconds).toFixed(0)} |`);

  const without: number[] = [];
  const withThem: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    without.push(await throughput(pool, receiver, seconds, concurrency));
    withThem.push(await withListeners(target, () => throughput(pool, receiver, seconds, concurrency)));
  }
  const cost = 1 - median(withThem) / median(without);
  console.log(`\nEngine throughput, no-op creates, ${concurrency} in flight, ${seconds} s per run, ${values.rounds} alternating rounds\n`);
  console.log('| listeners on /v1/events | runs (creates/s) | median creates/s |');
  console.log('|---|---|---|');
  console.log(`| 0 | ${without.map((x) => x.toFixed(0)).join(', ')} | ${median(without).toFixed(0)} |`);
  console.log(`| ${LISTENERS} | ${withThem.map((x) => x.toFixed(0)).join(', ')} | ${median(withThem).toFixed(0)} |`);
  console.log(`\nlisteners cost the engine ${(cost * 100).toFixed(1)}% of its throughput (target: under 10%)\n`);
  await pool.close();
  await target.stop();
  await receiver.stop();
}

await main();
