/**
 * The workflow engine alone, in process: create -> SUCCESS latency of Mistral's benchmark
 * workflows, the wall time of 200 executions started at once, and peak RSS, on the durable
 * SQLite store through the real Engine, Dispatcher, JobRunner and ActionExecutor (wired as
 * src/service.ts wires them, without HTTP or the lifecycle core).
 *
 * The workflows are those of reference/mistral/bench.py: `bench_noop1` (one std.noop task) and
 * `bench_echo10` (t1 -> ... -> t10, `std.echo output=i`, chained by on-success). Each figure is
 * printed next to its target and next to what Mistral 15 gave on this machine, from
 * reference/mistral/REPORT.md section 5 (run sqlite-remote-20261121T050231, uncontended):
 * noop1 median 103 ms, echo10 median 517 ms, 200 x echo10 in 89.0 s, mistral RSS peak 311.1 MB.
 * Mistral's latencies are client wall clock over HTTP with 20 ms polling; ours are in process,
 * from the start call to the commit that ends the execution. Prints a table.
 *
 *   npm run bench:engine [-- --runs 200 --warmup 30 --executions 200 --log-level silent]
 *   node --cpu-prof --cpu-prof-dir=prof dist/bench/engine.js --only throughput
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ActionRegistry } from '../src/actions/registry.js';
import { STD_ACTIONS } from '../src/actions/std-actions.js';
import { ActionExecutor } from '../src/engine/action-executor.js';
import { Dispatcher } from '../src/engine/dispatcher.js';
import { Engine } from '../src/engine/engine.js';
import { JobRunner, type JobHandler } from '../src/engine/runner.js';
import { OutboundHttp } from '../src/http/outbound.js';
import { createLogger } from '../src/logger.js';
import type { ExecutionState, JobKind } from '../src/store/records.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { parseWorkflowBody } from '../src/workflow/parse.js';
import type { WorkflowSpec } from '../src/workflow/spec.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '30' },
    executions: { type: 'string', default: '200' },
    only: { type: 'string' },
    'log-level': { type: 'string', default: 'silent' },
  },
});

/** reference/mistral/bench.py, WF_NOOP1 and wf_echo10(). */
const NOOP1 = { tasks: { t1: { action: 'std.noop' } } };
const ECHO10 = {
  tasks: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [
    `t${i + 1}`, { action: `std.echo output=${i + 1}`, ...(i < 9 ? { 'on-success': `t${i + 2}` } : {}) },
  ])),
};

/** reference/mistral/REPORT.md, section 5, the uncontended SQLite run (sqlite-remote-20261121T050231). */
const MISTRAL = { noopMedianMs: 103, noopP95Ms: 133, echoMedianMs: 517, echoP95Ms: 573, throughputS: 89.0, peakRssMb: 311.1 };
const TARGET = { noopMs: 2, echoMs: 10, throughputS: 1, rssMb: 150 };

const TERMINAL: ReadonlySet<ExecutionState> = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/** The engine on a SQLite file in a temporary directory, as the service wires it. */
class Bench {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-bench-engine-'));
  readonly store = new SqliteStore(path.join(this.dir, 'stackhook.db'));
  private readonly http = new OutboundHttp();
  private readonly dispatcher = new Dispatcher(this.store);
  readonly engine: Engine;
  private readonly executor: ActionExecutor;
  private readonly runner: JobRunner;
  /** Executions being waited for: called with the time of the commit that ended them. */
  private readonly waiting = new Map<string, (state: ExecutionState, at: number) => void>();

  constructor(logLevel: string) {
    const logger = createLogger(logLevel);
    const actions = new ActionRegistry([...STD_ACTIONS]);
    this.engine = new Engine(this.store, this.dispatcher, actions, logger);
    this.executor = new ActionExecutor(this.store, this.engine, actions, this.http, logger);
    const handlers: Partial<Record<JobKind, JobHandler>> = {
      run_action: this.executor.handle,
      signal_deadline: async (job) => {
        await this.store.apply([{ kind: 'delete_jobs', ref: job.ref }]);
      },
    };
    // These workflows schedule nothing but actions; any other job kind is a surprise worth a stop.
    const anyKind = new Proxy(handlers, {
      get: (target, kind: string) => target[kind as JobKind] ?? (async () => {
        throw new Error(`bench: no handler for job kind ${kind}`);
      }),
    }) as Record<JobKind, JobHandler>;
    this.runner = new JobRunner(this.store, anyKind, logger);
    this.dispatcher.onCommitted(({ commands, abortActions }) => {
      const at = performance.now();
      if (abortActions.length) this.executor.abort(abortActions);
      for (const command of commands) {
        if (command.kind === 'schedule_job') {
          if (command.job.lockedUntil === null) this.runner.dueAt(command.job.runAt);
          else this.runner.adopt([command.job]);
        } else if (command.kind === 'update_execution' && command.patch.state && TERMINAL.has(command.patch.state)) {
          this.waiting.get(command.id)?.(command.patch.state, at);
        }
      }
    });
    this.runner.start();
  }

  /** Starts an execution as the lifecycle does; resolves with ms from the call to its end. */
  run(spec: WorkflowSpec): Promise<number> {
    const started = performance.now();
    const work = this.engine.planStart({ spec, input: {}, env: {} });
    const id = work.execution.id;
    const ended = new Promise<number>((resolve, reject) => {
      this.waiting.set(id, (state, at) => {
        this.waiting.delete(id);
        if (state === 'SUCCESS') resolve(at - started);
        else reject(new Error(`execution ${id} ended ${state}`));
      });
    });
    if (work.completion) throw new Error('the workflow ended at once; the bench expects tasks to run');
    this.dispatcher.apply(work.finish(undefined), work.abortActions).catch((error: unknown) => {
      this.waiting.get(id)?.('ERROR', performance.now());
      console.error(error);
    });
    return ended;
  }

  async close(): Promise<void> {
    this.executor.abortAll();
    await this.runner.stop();
    await this.http.close();
    await this.store.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN; // nearest rank, as bench.py
const median = (sorted: number[]) => (sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2);

async function sequential(bench: Bench, spec: WorkflowSpec, runs: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) latencies.push(await bench.run(spec));
  return latencies.sort((a, b) => a - b);
}

interface Row {
  what: string;
  value: number;
  unit: 'ms' | 's' | 'MB';
  target?: number;
  mistral: number;
}

function printTable(rows: Row[]): void {
  const fmt = (v: number, unit: string) => `${unit === 'ms' ? v.toFixed(2) : v.toFixed(unit === 's' ? 3 : 1)} ${unit}`;
  console.log('| measure | stackhook | target | met | Mistral 15 (same machine) | Mistral / stackhook |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const target = r.target === undefined ? '–' : `<= ${r.target} ${r.unit}`;
    const met = r.target === undefined ? '–' : r.value <= r.target ? 'yes' : 'NO';
    console.log(`| ${r.what} | ${fmt(r.value, r.unit)} | ${target} | ${met} | ${fmt(r.mistral, r.unit)} | ${(r.mistral / r.value).toFixed(1)}x |`);
  }
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const executions = Number(values.executions);
  const only = values.only;
  const rssAtStartMb = process.memoryUsage().rss / 1024 ** 2;
  const bench = new Bench(String(values['log-level']));
  const noop = parseWorkflowBody('bench_noop1', NOOP1);
  const echo = parseWorkflowBody('bench_echo10', ECHO10);
  const rows: Row[] = [];
  console.log(`\nEngine in process on SQLite (${bench.dir}), node ${process.version}, ${os.cpus().length} cpus; ${runs} sequential runs after ${warmup} warm-up runs each; ${executions} x echo10 at once\n`);

  // Warm-up: JIT, SQLite pages and statement caches, as bench.py's 3 warm-up runs do for Mistral.
  await sequential(bench, noop, warmup);
  await sequential(bench, echo, warmup);

  if (!only || only === 'latency') {
    const n = await sequential(bench, noop, runs);
    const e = await sequential(bench, echo, runs);
    rows.push(
      { what: 'noop1 create -> SUCCESS, median', value: median(n), unit: 'ms', target: TARGET.noopMs, mistral: MISTRAL.noopMedianMs },
      { what: 'noop1 create -> SUCCESS, p95', value: quantile(n, 0.95), unit: 'ms', target: TARGET.noopMs, mistral: MISTRAL.noopP95Ms },
      { what: 'echo10 create -> SUCCESS, median', value: median(e), unit: 'ms', target: TARGET.echoMs, mistral: MISTRAL.echoMedianMs },
      { what: 'echo10 create -> SUCCESS, p95', value: quantile(e, 0.95), unit: 'ms', target: TARGET.echoMs, mistral: MISTRAL.echoP95Ms },
    );
    console.log(`noop1 ms: min ${n[0]!.toFixed(2)}, max ${n.at(-1)!.toFixed(2)}; echo10 ms: min ${e[0]!.toFixed(2)}, max ${e.at(-1)!.toFixed(2)}`);
  }

  if (!only || only === 'throughput') {
    const started = performance.now();
    const ends = Array.from({ length: executions }, () => bench.run(echo));
    const latencies = (await Promise.all(ends)).sort((a, b) => a - b);
    const wallS = (performance.now() - started) / 1000;
    rows.push({ what: `${executions} x echo10 started at once, wall time to all SUCCESS`, value: wallS, unit: 's', target: TARGET.throughputS, mistral: MISTRAL.throughputS });
    console.log(`${executions} x echo10: first done ${latencies[0]!.toFixed(1)} ms, median ${median(latencies).toFixed(1)} ms; ${(executions / wallS).toFixed(0)} executions/s, ${(executions * 10 / wallS).toFixed(0)} tasks/s`);
  }

  // ru_maxrss: the process's peak resident set over the whole run, in kilobytes on Linux.
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const memory = process.memoryUsage();
  console.log(`RSS: ${rssAtStartMb.toFixed(1)} MB once modules were loaded, ${(memory.rss / 1024 ** 2).toFixed(1)} MB at the end (V8 heap ${(memory.heapTotal / 1024 ** 2).toFixed(1)} MB, of it used ${(memory.heapUsed / 1024 ** 2).toFixed(1)} MB; off-heap ${(memory.external / 1024 ** 2).toFixed(1)} MB)`);
  rows.push({ what: 'peak RSS of the process', value: peakMb, unit: 'MB', target: TARGET.rssMb, mistral: MISTRAL.peakRssMb });
  console.log('');
  printTable(rows);
  console.log('\nMistral 15: reference/mistral/REPORT.md section 5 (SQLite, remote executor; over HTTP, 20 ms polling; RSS of the mistral processes, without RabbitMQ)\n');
  await bench.close();
}

await main();
