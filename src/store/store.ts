import type { StoreCommand } from './commands.js';
import type { DefinitionStore } from './definition-store.js';
import type {
  ActionRecord, ExecutionRecord, ExecutionSnapshot, ExecutionState, JobRecord, ReportRecord,
  ResourceRecord, SignalRecord, TaskRecord,
} from './records.js';

export interface ExecutionFilter {
  stackId?: string;
  resourceType?: string;
  state?: ExecutionState;
  signalId?: string;
  limit: number;
  /** Keyset paging: executions created before this id's position. */
  after?: string;
}

export interface ResourceFilter {
  stackId?: string;
  type?: string;
  status?: string;
  limit: number;
  after?: string;
}

export interface ReportAttempt {
  attempts: number;
  nextAttemptAt: number;
  lastError: string;
  gaveUp: boolean;
}

/**
 * The store's whole surface, in domain terms. Only adapters (SQLite, PostgreSQL) touch SQL.
 * Every method is async so both adapters fit; SQLite answers synchronously inside.
 */
export interface Store {
  /** Applies the batch in one transaction: all of it commits, or none of it. */
  apply(commands: readonly StoreCommand[]): Promise<void>;
  /**
   * Applies several independent batches together (group commit): each is all-or-nothing on its
   * own, and one that fails (a conflict) does not stop the others. Returns each batch's error.
   */
  applyBatches(batches: readonly (readonly StoreCommand[])[]): Promise<(Error | undefined)[]>;

  findSignal(stackId: string, requestId: string): Promise<SignalRecord | undefined>;
  getSignal(id: string): Promise<SignalRecord | undefined>;

  getResource(id: string): Promise<ResourceRecord | undefined>;
  /** The newest resource of that type with that physical id. */
  findResourceByPhysicalId(type: string, physicalId: string): Promise<ResourceRecord | undefined>;
  /** Every resource of that type that has had that physical id, newest first. */
  listResourcesByPhysicalId(type: string, physicalId: string): Promise<ResourceRecord[]>;
  listResources(filter: ResourceFilter): Promise<ResourceRecord[]>;

  getExecution(id: string): Promise<ExecutionRecord | undefined>;
  getExecutionSnapshot(id: string): Promise<ExecutionSnapshot | undefined>;
  listExecutions(filter: ExecutionFilter): Promise<ExecutionRecord[]>;
  listActions(executionId: string): Promise<ActionRecord[]>;
  getTask(id: string): Promise<TaskRecord | undefined>;
  /** Tasks of the given executions (all when none given), the newest `limit`, oldest first. */
  listTasks(filter: { executionIds?: readonly string[]; limit: number }): Promise<TaskRecord[]>;
  /** Action executions of every execution (or one task), the newest `limit`, oldest first. */
  listAllActions(filter: { taskId?: string; limit: number }): Promise<ActionRecord[]>;
  /** The Mistral v2 API's definitions, environments and views. */
  readonly definitions: DefinitionStore;
  getAction(id: string): Promise<ActionRecord | undefined>;

  /** Leases up to `limit` jobs due at `now` so no other worker takes them until `leaseMs` passes. */
  claimDueJobs(now: number, limit: number, leaseMs: number): Promise<JobRecord[]>;
  /** When the earliest job not yet leased falls due; undefined when there is none. */
  nextJobDueAt(): Promise<number | undefined>;

  claimDueReports(now: number, limit: number, leaseMs: number): Promise<ReportRecord[]>;
  nextReportDueAt(): Promise<number | undefined>;
  markReportDelivered(id: string, at: number): Promise<void>;
  markReportAttemptFailed(id: string, attempt: ReportAttempt): Promise<void>;
  listReports(signalId: string): Promise<ReportRecord[]>;
  countPendingReports(): Promise<number>;

  /**
   * After a restart of the only process using the store: jobs and reports it held are free again
   * and due now, so nothing waits for a dead process's lease to run out.
   */
  releaseLeases(now: number): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
