/**
 * Signal-to-report latency and sustained throughput of no-op creates on the embedded SQLite store.
 *
 * Runs stackhook as its own process (the built CLI) and, as a peer, a stand-in endpoint that PUTs
 * the report back as soon as it reads the signal: the floor any implementation pays for one HTTP
 * request in and one out on this machine. Both are measured in the same run, so the ratio holds
 * on a noisy machine. Prints a table.
 *
 *   npm run bench:signals [-- --signals 2000 --rate 200 --rates 250,500,750,1000 --seconds 4 --log-level info]
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { quantile, Receiver, startStackhookProcess, type Target } from './support.js';

const { values } = parseArgs({
  options: {
    signals: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '200' },
    rates: { type: 'string', default: '250,500,750,1000,1500' },
    seconds: { type: 'string', default: '4' },
    'log-level': { type: 'string', default: 'info' },
  },
});
/** The peer: reads the signal, answers 202, PUTs SUCCESS back at once. No store, no workflow. */
async function startStandIn(): Promise<Target> {
  const out = new Pool('http://127.0.0.1', { connections: 16 });
  const pools = new Map<string, Pool>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const s = JSON.parse(Buffer.concat(chunks).toString());
      res.statusCode = 202;
      res.end('{}');
      const target = new URL(s.ResponseURL);
      let pool = pools.get(target.origin);
      if (!pool) pools.set(target.origin, (pool = new Pool(target.origin, { connections: 16 })));
      const body = JSON.stringify({ Status: 'SUCCESS', PhysicalResourceId: `${s.LogicalResourceId}-1`, StackId: s.StackId, RequestId: s.RequestId, LogicalResourceId: s.LogicalResourceId, NoEcho: false, Data: {} });
      void pool.request({ method: 'PUT', path: target.pathname, body }).then((r) => r.body.dump());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    name: 'stand-in', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cpuSeconds: () => process.cpuUsage().user / 1e6,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await Promise.all([out.close(), ...[...pools.values()].map((p) => p.close())]);
    },
  };
}

/** Sends `count` no-op creates at `rate` per second; returns per-signal latencies and what was lost. */
async function run(target: Target, receiver: Receiver, count: number, rate: number) {
  const client = new Pool(target.url, { connections: 32, pipelining: 1 });
  const sent = new Map<string, number>();
  const stackId = `bench-${crypto.randomUUID()}`;
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const requestId = crypto.randomUUID();
    const body = JSON.stringify({
      RequestType: 'Create', RequestId: requestId, StackId: stackId, ResourceType: 'Custom::Bench::Noop',
      LogicalResourceId: `R${i}`, ResponseURL: `http://127.0.0.1:${receiver.port}/r/${i}`, ResourceProperties: {},
    });
    sent.set(requestId, performance.now());
    requests.push(client.request({ method: 'POST', path: '/v1/signals', headers: { 'content-type': 'application/json' }, body })
      .then(async (r) => {
        await r.body.dump();
        if (r.statusCode !== 202) throw new Error(`signal answered ${r.statusCode}`);
      }));
  }
  await Promise.all(requests);
  const sendSeconds = (performance.now() - started) / 1000;
  const deadline = performance.now() + 10_000;
  while ([...sent.keys()].some((id) => !receiver.arrivals.has(id)) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await client.close();
  const latencies = [...sent].filter(([id]) => receiver.arrivals.has(id)).map(([id, t]) => receiver.arrivals.get(id)! - t);
  const lastArrival = Math.max(...[...sent.keys()].map((id) => receiver.arrivals.get(id) ?? 0));
  return { latencies: latencies.sort((a, b) => a - b), lost: count - latencies.length, sendSeconds, drainSeconds: (lastArrival - started) / 1000 };
}

const ms = (v: number) => v.toFixed(2);

async function main(): Promise<void> {
  const receiver = new Receiver();
  await receiver.start();
  const targets = [await startStackhookProcess(String(values['log-level'])), await startStandIn()];
  const count = Number(values.signals);
  const rate = Number(values.rate);
  console.log(`\nLatency: ${count} no-op creates at ${rate}/s, signal sent -> report received (ms)\n`);
  console.log('| target | p50 | p90 | p99 | max | lost |');
  console.log('|---|---|---|---|---|---|');
  const latency: Record<string, { p50: number; p99: number }> = {};
  for (const target of targets) {
    await run(target, receiver, 200, rate); // warm-up: JIT, connections, SQLite pages
    const r = await run(target, receiver, count, rate);
    latency[target.name] = { p50: quantile(r.latencies, 0.5), p99: quantile(r.latencies, 0.99) };
    console.log(`| ${target.name} | ${ms(quantile(r.latencies, 0.5))} | ${ms(quantile(r.latencies, 0.9))} | ${ms(quantile(r.latencies, 0.99))} | ${ms(r.latencies.at(-1)!)} | ${r.lost} |`);
  }
  const ratio = (k: 'p50' | 'p99') => (latency.stackhook![k] / latency['stand-in']![k]).toFixed(2);
  console.log(`\nstackhook / stand-in: p50 ${ratio('p50')}x, p99 ${ratio('p99')}x`);

  const seconds = Number(values.seconds);
  console.log(`\nThroughput: ${seconds} s at each offered rate; sustained = every report delivered, the last within 1 s of the schedule's end, at >= 98% of the offered rate\n`);
  console.log('| offered/s | achieved/s | p50 ms | p99 ms | lost | drained in s | sustained |');
  console.log('|---|---|---|---|---|---|---|');
  let best = 0;
  for (const offered of String(values.rates).split(',').map(Number)) {
    const r = await run(targets[0]!, receiver, offered * seconds, offered);
    const achieved = (offered * seconds - r.lost) / r.drainSeconds;
    const sustained = r.lost === 0 && r.drainSeconds - seconds < 1 && achieved >= offered * 0.98;
    if (sustained) best = Math.max(best, offered);
    console.log(`| ${offered} | ${achieved.toFixed(0)} | ${ms(quantile(r.latencies, 0.5))} | ${ms(quantile(r.latencies, 0.99))} | ${r.lost} | ${r.drainSeconds.toFixed(2)} | ${sustained ? 'yes' : 'no'} |`);
    if (!sustained) break;
  }
  console.log(`\nmost signals per second sustained with every report delivered: ${best.toFixed(0)}/s\n`);
  for (const target of targets) await target.stop();
  await receiver.stop();
}

await main();
