import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ActionDefinition } from '../../src/actions/action.js';
import { ActionRegistry } from '../../src/actions/registry.js';
import { STD_ACTIONS } from '../../src/actions/std-actions.js';
import { ActionExecutor } from '../../src/engine/action-executor.js';
import { Dispatcher } from '../../src/engine/dispatcher.js';
import { Engine } from '../../src/engine/engine.js';
import { engineJobHandlers } from '../../src/engine/engine-jobs.js';
import { InMemoryWorkflowCatalog } from '../../src/engine/workflow-catalog.js';
import { JobRunner } from '../../src/engine/runner.js';
import { isExecutionTerminal } from '../../src/engine/states.js';
import { OutboundHttp } from '../../src/http/outbound.js';
import { createLogger } from '../../src/logger.js';
import type { ExecutionSnapshot, JobRecord } from '../../src/store/records.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { parseWorkflowBody } from '../../src/workflow/parse.js';
import type { WorkflowSpec } from '../../src/workflow/spec.js';

export function makeTempDir(prefix = 'stackhook-engine-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface StartOptions {
  input?: Record<string, unknown>;
  env?: Record<string, unknown>;
  params?: Record<string, unknown>;
  name?: string;
  /** An already parsed workflow (the body argument is then ignored). */
  spec?: WorkflowSpec;
  deadlineAt?: number;
}

export interface HarnessOptions {
  extraActions?: ActionDefinition[];
  startRunner?: boolean;
  /** Used by `restart()`: the directory of the store to open again, and the catalog to keep. */
  reopen?: { dir: string; catalog: InMemoryWorkflowCatalog };
}

/**
 * The engine wired as the service wires it (store, dispatcher, engine, action executor, job
 * runner), on a real SQLite file in a temporary directory, without HTTP or the lifecycle core.
 */
export class EngineHarness {
  readonly dir: string;
  readonly store: SqliteStore;
  readonly actions: ActionRegistry;
  readonly http = new OutboundHttp();
  readonly dispatcher: Dispatcher;
  readonly engine: Engine;
  readonly executor: ActionExecutor;
  readonly runner: JobRunner;
  readonly catalog: InMemoryWorkflowCatalog;
  private readonly options: HarnessOptions;
  private closed = false;
  private handedOver = false;

  constructor(options: HarnessOptions = {}) {
    this.options = options;
    this.dir = options.reopen?.dir ?? makeTempDir();
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    this.store = new SqliteStore(path.join(this.dir, 'stackhook.db'));
    this.actions = new ActionRegistry([...STD_ACTIONS, ...(options.extraActions ?? [])]);
    this.catalog = options.reopen?.catalog ?? new InMemoryWorkflowCatalog();
    this.dispatcher = new Dispatcher(this.store);
    this.engine = new Engine(this.store, this.dispatcher, this.actions, logger, this.catalog);
    this.executor = new ActionExecutor(this.store, this.engine, this.actions, this.http, logger);
    this.runner = new JobRunner(this.store, {
      run_action: this.executor.handle,
      signal_deadline: async (job) => this.store.apply([{ kind: 'delete_jobs', ref: job.ref }]),
      execution_deadline: (job) => this.onExecutionDeadline(job),
      ...engineJobHandlers(this.engine, this.store),
    }, logger, { idlePollMs: 50, leaseMs: 60_000 });
    // As the service does: jobs due now are born held by this process and handed over at commit.
    this.dispatcher.onCommitted(({ commands, abortActions }) => {
      if (abortActions.length) this.executor.abort(abortActions);
      const scheduled = commands.flatMap((c) => (c.kind === 'schedule_job' ? [c.job] : []));
      const held = scheduled.filter((job) => job.lockedUntil !== null);
      this.runner.adopt(held);
      if (held.length < scheduled.length) this.runner.wake();
    });
    if (options.startRunner !== false) this.runner.start();
  }

  /**
   * A process that dies at once (as with SIGKILL): the runner stops taking work and in-flight
   * actions are abandoned where they are; nothing is written on the way out.
   */
  async kill(): Promise<void> {
    this.closed = true;
    // The store goes first, so whatever was in flight can no longer commit anything.
    await this.store.close();
    this.executor.abortAll();
    await this.runner.stop();
    await this.http.close();
  }

  /** A new process on the same SQLite file, after `kill()`: leases are released as the service does at start. */
  async restart(options: HarnessOptions = this.options): Promise<EngineHarness> {
    if (!this.closed) await this.kill();
    this.handedOver = true;
    const next = new EngineHarness({ ...options, startRunner: false, reopen: { dir: this.dir, catalog: this.catalog } });
    await next.store.releaseLeases(Date.now());
    if (options.startRunner !== false) next.runner.start();
    return next;
  }

  spec(body: unknown, name = 'wf'): WorkflowSpec {
    return parseWorkflowBody(name, body);
  }

  /** Registers workflows (a workflow-list document's object form) for sub-workflow tasks to find. */
  define(workflows: Record<string, unknown>): void {
    for (const [name, body] of Object.entries(workflows)) this.catalog.addWorkflow(parseWorkflowBody(name, body));
  }

  /** Starts an execution as the lifecycle does: plan, then apply the plan in one batch. */
  async start(body: unknown, options: StartOptions = {}): Promise<string> {
    const spec = options.spec ?? this.spec(body, options.name);
    const work = this.engine.planStart({
      spec, input: options.input ?? {}, env: options.env ?? {},
      ...(options.params ? { params: options.params } : {}),
      ...(options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {}),
    });
    await this.dispatcher.apply(work.finish(undefined), work.abortActions);
    return work.execution.id;
  }

  /** Starts an execution and waits for it to end. */
  async run(body: unknown, options: StartOptions = {}, timeoutMs = 1500): Promise<ExecutionSnapshot> {
    const id = await this.start(body, options);
    return this.waitForEnd(id, timeoutMs);
  }

  async snapshot(id: string): Promise<ExecutionSnapshot> {
    const snapshot = await this.store.getExecutionSnapshot(id);
    if (!snapshot) throw new Error(`no execution ${id}`);
    return snapshot;
  }

  waitForEnd(id: string, timeoutMs = 1500): Promise<ExecutionSnapshot> {
    return this.waitFor(id, (s) => isExecutionTerminal(s.execution.state), timeoutMs, 'a terminal state');
  }

  async waitFor(
    id: string, probe: (snapshot: ExecutionSnapshot) => boolean, timeoutMs = 1500, what = 'a condition',
  ): Promise<ExecutionSnapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const snapshot = await this.snapshot(id);
      if (probe(snapshot)) return snapshot;
      if (Date.now() > deadline) {
        throw new Error(`execution ${id} did not reach ${what} within ${timeoutMs} ms; it is ${snapshot.execution.state}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    if (!this.closed) await this.kill();
    // After restart() the directory belongs to the new harness, which removes it.
    if (!this.handedOver) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async onExecutionDeadline(job: JobRecord): Promise<void> {
    const execution = await this.store.getExecution(job.ref);
    if (execution?.state === 'RUNNING') {
      await this.engine.handle(execution.id, { kind: 'cancel', state: 'ERROR', reason: 'deadline passed' });
    }
    await this.store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: 'execution_deadline' }]);
  }
}

/** An action that records every run, for counting reruns; its result is the run number. */
export function countingAction(name = 'test.count'): ActionDefinition & { runs: Record<string, unknown>[] } {
  const runs: Record<string, unknown>[] = [];
  return {
    name,
    description: 'Counts its runs.',
    params: [{ name: 'tag', required: false, default: null }],
    runs,
    run: async (input) => {
      runs.push(input);
      return runs.length;
    },
  };
}

/**
 * An action that blocks while its gate is shut (until aborted) and returns its `value` once
 * open; `entered` resolves when a run is blocked at the gate. Rerunnable unless told otherwise.
 */
export function gateAction(name: string, options: { shut: boolean; rerunnable?: boolean }) {
  let reached!: () => void;
  const entered = new Promise<void>((resolve) => (reached = resolve));
  const runs: unknown[] = [];
  const action: ActionDefinition = {
    name,
    description: 'Blocks at a gate.',
    params: [{ name: 'value', required: false, default: null }, { name: 'block', required: false, default: true }],
    rerunnable: options.rerunnable ?? true,
    run: async (input, context) => {
      runs.push(input['value']);
      if (!options.shut || input['block'] === false) return input['value'];
      reached();
      await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      return null;
    },
  };
  return { action, entered, runs };
}
