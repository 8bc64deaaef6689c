import type { ActionContext } from '../actions/action.js';
import { ActionFailure } from '../actions/action.js';
import type { ActionRegistry } from '../actions/registry.js';
import type { OutboundHttp } from '../http/outbound.js';
import type { Logger } from '../logger.js';
import { ConcurrencyConflict } from '../store/commands.js';
import type { ActionRecord, JobRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { ActionResult } from './decide.js';
import type { Engine } from './engine.js';
import { evaluateIn, taskInputData } from './evaluation.js';

/**
 * Runs the action of a `run_action` job and hands its result to the engine. An action found
 * RUNNING was started by an earlier life of the process: it runs again only if its task is
 * safe-rerun; otherwise the engine fails the task, saying so.
 */
export class ActionExecutor {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly actions: ActionRegistry,
    private readonly http: OutboundHttp,
    private readonly logger: Logger,
  ) {}

  readonly handle = async (job: JobRecord): Promise<void> => {
    if (this.running.has(job.ref)) return;
    const action = await this.store.getAction(job.ref);
    if (!action || (action.state !== 'SCHEDULED' && action.state !== 'RUNNING')) {
      await this.store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: 'run_action' }]);
      return;
    }
    const definition = this.actions.get(action.name);
    if (definition?.async) return this.start(action, job);
    const rerunnable = definition?.rerunnable === true;
    if (action.state === 'RUNNING' && !rerunnable && !(await this.isSafeRerun(action))) {
      await this.engine.handle(action.executionId, { kind: 'action_interrupted', actionId: action.id });
      return;
    }
    if (!rerunnable && !(await this.markRunning(action))) return;
    const result = await this.run(action);
    await this.engine.handle(action.executionId, { kind: 'action_result', actionId: action.id, result });
  };

  /**
   * An asynchronous action is started once and then waits, RUNNING and without a job, for its
   * result to be delivered; found RUNNING after a restart, it keeps waiting.
   */
  private async start(action: ActionRecord, job: JobRecord): Promise<void> {
    if (action.state === 'SCHEDULED' && (await this.markRunning(action))) {
      const started = await this.run(action);
      if (!started.ok) return void (await this.engine.handle(action.executionId, { kind: 'action_result', actionId: action.id, result: started }));
    }
    await this.store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: 'run_action' }]);
  }

  /** Committed before the action runs, so a crash from here on is known to have maybe run it. */
  private async markRunning(action: ActionRecord): Promise<boolean> {
    const attempt = action.state === 'RUNNING' ? action.attempt + 1 : action.attempt;
    try {
      await this.store.apply([{
        kind: 'update_action', id: action.id, expectState: action.state, patch: { state: 'RUNNING', attempt, updatedAt: Date.now() },
      }]);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return false; // cancelled meanwhile
      throw error;
    }
  }

  /** Aborts actions whose executions were cancelled or timed out. */
  abort(actionIds: readonly string[]): void {
    for (const id of actionIds) this.running.get(id)?.abort(new Error('the execution was cancelled'));
  }

  /** Aborts everything running, for shutdown. */
  abortAll(): void {
    this.abort([...this.running.keys()]);
  }

  private async run(action: ActionRecord): Promise<ActionResult> {
    const definition = this.actions.get(action.name);
    if (!definition) return { ok: false, error: `Failed to find action [action_name=${action.name}]` };
    const controller = new AbortController();
    this.running.set(action.id, controller);
    try {
      const input = this.actions.prepareInput(definition, action.input);
      const data = await definition.run(input, this.contextFor(action, controller.signal));
      return { ok: true, data: data === undefined ? null : data };
    } catch (error) {
      if (error instanceof ActionFailure) return { ok: false, error: error.data };
      const message = (error as Error)?.message ?? String(error);
      return { ok: false, error: `The action raised an exception [action=${action.name}, action_ex_id=${action.id}, msg='${message}']` };
    } finally {
      this.running.delete(action.id);
    }
  }

  private contextFor(action: ActionRecord, signal: AbortSignal): ActionContext {
    return {
      logger: this.logger.child({ executionId: action.executionId, taskId: action.taskId, actionId: action.id, action: action.name }),
      idempotencyKey: action.id,
      signal,
      execution: { id: action.executionId, taskId: action.taskId, actionId: action.id },
      http: this.http,
    };
  }

  private async isSafeRerun(action: ActionRecord): Promise<boolean> {
    const snapshot = await this.store.getExecutionSnapshot(action.executionId);
    const task = snapshot?.tasks.find((t) => t.id === action.taskId);
    if (!snapshot || !task) return false;
    const spec = this.engine.specs.specFor(snapshot.execution).tasks.get(task.name);
    const value = evaluateIn(spec?.safeRerun ?? false, snapshot, taskInputData(snapshot, task), task);
    return value.ok && value.value === true;
  }
}
