import type { StoreCommand } from '../store/commands.js';
import type {
  ActionRecord, ExecutionRecord, ExecutionSnapshot, ExecutionState, JobRecord, TaskRecord,
} from '../store/records.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import { JOB_LEASE_MS } from './leases.js';
import { ACTION_TRANSITIONS, EXECUTION_TRANSITIONS, TASK_TRANSITIONS, assertTransition } from './states.js';
import type { WorkflowCatalog } from './workflow-catalog.js';

export interface DecideDeps {
  now: number;
  newId: () => string;
  /** Whether an action of that name can run here. */
  actionExists: (name: string) => boolean;
  /** Sub-workflows and ad-hoc actions by name. */
  catalog: WorkflowCatalog;
}

export interface Completion {
  state: Extract<ExecutionState, 'SUCCESS' | 'ERROR' | 'CANCELLED'>;
  output: unknown;
  stateInfo: string | null;
}

/**
 * The decider's scratch state: an in-memory copy of the execution that every decision updates
 * as it records the command for it, so later steps of the same decision (the completion check)
 * see the effect of earlier ones. Nothing here touches the store.
 */
export class WorkingCopy {
  readonly commands: StoreCommand[] = [];
  readonly abortActions: string[] = [];
  completion?: Completion;
  readonly execution: ExecutionRecord;
  readonly tasks: TaskRecord[];
  readonly actions: ActionRecord[];

  /** The execution as read; the row's update carries only the fields that differ from it. */
  private readonly original: ExecutionRecord;

  constructor(readonly spec: WorkflowSpec, snapshot: ExecutionSnapshot, readonly deps: DecideDeps) {
    this.original = snapshot.execution;
    this.execution = { ...snapshot.execution };
    this.tasks = snapshot.tasks.map((t) => ({ ...t }));
    this.actions = snapshot.actions.map((a) => ({ ...a }));
  }

  get snapshot(): ExecutionSnapshot {
    return { execution: this.execution, tasks: this.tasks, actions: this.actions };
  }

  get isRunning(): boolean {
    return this.execution.state === 'RUNNING';
  }

  task(id: string): TaskRecord | undefined {
    return this.tasks.find((t) => t.id === id);
  }

  insertTask(task: TaskRecord): void {
    this.tasks.push(task);
    this.commands.push({ kind: 'insert_task', task: { ...task } });
  }

  updateTask(task: TaskRecord, patch: Partial<TaskRecord>): void {
    if (patch.state) assertTransition(TASK_TRANSITIONS, `task ${task.name}`, task.state, patch.state);
    Object.assign(task, patch);
    this.commands.push({ kind: 'update_task', id: task.id, patch });
  }

  action(id: string): ActionRecord | undefined {
    return this.actions.find((a) => a.id === id);
  }

  /** The task's action runs (and sub-workflow runs), in creation order. */
  actionsOf(taskId: string): ActionRecord[] {
    return this.actions.filter((a) => a.taskId === taskId);
  }

  insertAction(action: ActionRecord): void {
    this.actions.push(action);
    this.commands.push({ kind: 'insert_action', action: { ...action } });
  }

  updateAction(action: ActionRecord, patch: Partial<ActionRecord>): void {
    if (patch.state) assertTransition(ACTION_TRANSITIONS, `action ${action.name}`, action.state, patch.state);
    Object.assign(action, patch, { updatedAt: this.deps.now });
    this.commands.push({ kind: 'update_action', id: action.id, patch: { ...patch, updatedAt: this.deps.now } });
  }

  /** A job due now is held by this process from birth and handed to its runner after the commit. */
  scheduleJob(kind: JobRecord['kind'], ref: string, runAt: number): void {
    const lockedUntil = runAt <= this.deps.now ? this.deps.now + JOB_LEASE_MS : null;
    this.commands.push({ kind: 'schedule_job', job: { id: this.deps.newId(), kind, ref, runAt, lockedUntil } });
  }

  deleteJobs(ref: string, jobKind?: JobRecord['kind']): void {
    this.commands.push(jobKind ? { kind: 'delete_jobs', ref, jobKind } : { kind: 'delete_jobs', ref });
  }

  updateExecution(patch: Partial<ExecutionRecord>): void {
    if (patch.state) assertTransition(EXECUTION_TRANSITIONS, 'workflow execution', this.execution.state, patch.state);
    Object.assign(this.execution, patch);
  }

  /** Ends the execution; the completion is what the lifecycle (or any other owner) is told. */
  complete(completion: Completion): void {
    this.updateExecution({
      state: completion.state, stateInfo: completion.stateInfo, output: completion.output, finishedAt: this.deps.now,
    });
    this.completion = completion;
    this.commands.push({ kind: 'delete_jobs', ref: this.execution.id, jobKind: 'execution_deadline' });
  }

  /**
   * The execution row's changes go last, guarded by the version read, so a concurrent writer
   * (another replica, a late action result) makes the whole batch fail and be decided again.
   */
  finish(expectVersion: number | undefined): StoreCommand[] {
    // Every change replaces a field with a new value (updateExecution), so identity tells what
    // changed; the definition, input, env and context are not written again on every event. The
    // state always goes along: it says what the guarded update asserts.
    const patch: Partial<ExecutionRecord> = { state: this.execution.state, updatedAt: this.deps.now };
    for (const key of Object.keys(this.execution) as (keyof ExecutionRecord)[]) {
      if (key === 'id' || key === 'version' || key === 'createdAt') continue;
      if (this.execution[key] !== this.original[key]) (patch as Record<string, unknown>)[key] = this.execution[key];
    }
    const update: StoreCommand = { kind: 'update_execution', id: this.execution.id, patch };
    if (expectVersion !== undefined) update.expectVersion = expectVersion;
    return [...this.commands, update];
  }
}
