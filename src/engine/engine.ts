import type { ActionRegistry } from '../actions/registry.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { ConcurrencyConflict, type StoreCommand } from '../store/commands.js';
import type { ExecutionRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { decide, type EngineEvent } from './decide.js';
import type { Dispatcher } from './dispatcher.js';
import { KeyedLock } from './keyed-lock.js';
import { SpecCache } from './spec-cache.js';
import { planStart, type StartRequest } from './start.js';
import { InMemoryWorkflowCatalog, type WorkflowCatalog } from './workflow-catalog.js';
import type { Completion, DecideDeps, WorkingCopy } from './working-copy.js';

/** Whoever started an execution learns how it ended inside the same transaction. */
export type CompletionHook = (execution: ExecutionRecord, completion: Completion) => Promise<StoreCommand[]>;

const MAX_CONFLICT_RETRIES = 20;

/**
 * Runs executions: each event is decided under a per-execution lock against a fresh snapshot,
 * and the decision is applied in one transaction guarded by the execution's version.
 */
export class Engine {
  private readonly locks = new KeyedLock();
  readonly specs = new SpecCache();
  private completionHook: CompletionHook = async () => [];

  constructor(
    private readonly store: Store,
    private readonly dispatcher: Dispatcher,
    private readonly actions: ActionRegistry,
    private readonly logger: Logger,
    private catalog: WorkflowCatalog = new InMemoryWorkflowCatalog(),
  ) {}

  onCompletion(hook: CompletionHook): void {
    this.completionHook = hook;
  }

  /** Where sub-workflows and ad-hoc actions are found; the service sets it once definitions are loaded. */
  useCatalog(catalog: WorkflowCatalog): void {
    this.catalog = catalog;
  }

  decideDeps(): DecideDeps {
    return { now: Date.now(), newId: () => newId(), actionExists: (name) => this.actions.has(name), catalog: this.catalog };
  }

  /** Pauses a RUNNING execution; throws ExecutionStateError from any other state but PAUSED. */
  pause(executionId: string): Promise<ExecutionRecord | undefined> {
    return this.handle(executionId, { kind: 'pause' });
  }

  /** Resumes a PAUSED execution; throws ExecutionStateError from any other state but RUNNING. */
  resume(executionId: string): Promise<ExecutionRecord | undefined> {
    return this.handle(executionId, { kind: 'resume' });
  }

  /** Cancels a running or paused execution, its timers, actions and sub-workflows; an ended one is left as it is. */
  cancel(executionId: string, reason: string | null = null): Promise<ExecutionRecord | undefined> {
    return this.handle(executionId, { kind: 'cancel', state: 'CANCELLED', reason });
  }

  /**
   * Plans an execution's start; the caller applies `work.finish()` with its own commands, and
   * handles `work.completion` itself when the workflow ended at once.
   */
  planStart(request: StartRequest): WorkingCopy {
    const work = planStart(request, this.decideDeps());
    this.specs.remember(work.execution.id, request.spec);
    return work;
  }

  /** Decides one event and commits the decision; returns the execution as it then is. */
  async handle(executionId: string, event: EngineEvent): Promise<ExecutionRecord | undefined> {
    return this.locks.run(executionId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.decideAndApply(executionId, event);
        } catch (error) {
          if (!(error instanceof ConcurrencyConflict) || attempt >= MAX_CONFLICT_RETRIES) throw error;
          this.logger.debug({ executionId, attempt }, 'execution changed concurrently; deciding again');
        }
      }
    });
  }

  private async decideAndApply(executionId: string, event: EngineEvent): Promise<ExecutionRecord | undefined> {
    const snapshot = await this.store.getExecutionSnapshot(executionId);
    if (!snapshot) {
      this.logger.warn({ executionId, event: event.kind }, 'event for an unknown execution ignored');
      return undefined;
    }
    const work = decide(this.specs.specFor(snapshot.execution), snapshot, event, this.decideDeps());
    let commands = work.finish(snapshot.execution.version);
    if (work.completion) {
      commands = [...commands, ...(await this.completionHook(work.execution, work.completion))];
      this.specs.forget(executionId);
    }
    await this.dispatcher.apply(commands, work.abortActions);
    return work.execution;
  }
}
