import type {
  ActionRecord, ExecutionRecord, JobRecord, ReportRecord, ResourceRecord, SignalRecord, TaskRecord,
} from './records.js';
import type { ApiExecutionRecord } from './definition-records.js';

/**
 * Every state change is one of these. Deciders (the lifecycle core, the engine) return commands;
 * the store applies a batch in one transaction, so a decision and its consequences (an outcome and
 * the report that carries it, a task and the job that runs its action) commit together or not at all.
 */
export type StoreCommand =
  | { kind: 'insert_signal'; signal: SignalRecord }
  | { kind: 'update_signal'; id: string; patch: Partial<Omit<SignalRecord, 'id' | 'createdAt'>> }
  | { kind: 'insert_resource'; resource: ResourceRecord }
  | { kind: 'update_resource'; id: string; patch: Partial<Omit<ResourceRecord, 'id' | 'createdAt'>> }
  | { kind: 'insert_execution'; execution: ExecutionRecord }
  /** With `expectVersion`, the batch fails with a ConcurrencyConflict if another writer got there first. */
  | { kind: 'update_execution'; id: string; expectVersion?: number; patch: Partial<Omit<ExecutionRecord, 'id' | 'createdAt' | 'version'>> }
  | { kind: 'insert_task'; task: TaskRecord }
  | { kind: 'update_task'; id: string; patch: Partial<Omit<TaskRecord, 'id' | 'executionId' | 'createdAt'>> }
  | { kind: 'insert_action'; action: ActionRecord }
  /** With `expectState`, the batch fails with a ConcurrencyConflict if the action moved on meanwhile. */
  | { kind: 'update_action'; id: string; expectState?: ActionRecord['state']; patch: Partial<Omit<ActionRecord, 'id' | 'createdAt'>> }
  | { kind: 'schedule_job'; job: JobRecord }
  | { kind: 'delete_jobs'; ref: string; jobKind?: JobRecord['kind'] }
  | { kind: 'enqueue_report'; report: ReportRecord }
  /** The Mistral API's view of an execution it started, committed with the execution or signal. */
  | { kind: 'insert_api_execution'; execution: ApiExecutionRecord };

export type StoreCommandKind = StoreCommand['kind'];

/** Another writer changed the execution between our read and our write; re-read and decide again. */
export class ConcurrencyConflict extends Error {
  override readonly name = 'ConcurrencyConflict';
}

/** A unique key was taken (a signal's StackId+RequestId raced with a twin). */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
}
