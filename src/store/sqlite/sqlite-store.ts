import type Database from 'better-sqlite3';
import { ConcurrencyConflict, UniqueViolation, type StoreCommand } from '../commands.js';
import type {
  ActionRecord, ExecutionRecord, ExecutionSnapshot, JobRecord, ReportRecord, ResourceRecord,
  SignalRecord, TaskRecord,
} from '../records.js';
import type { ExecutionFilter, ReportAttempt, ResourceFilter, Store } from '../store.js';
import {
  ACTIONS, EXECUTIONS, JOBS, REPORTS, RESOURCES, SIGNALS, TASKS, fromRow, type TableMap,
} from '../tables.js';
import { openSqliteDatabase, type SqliteDatabase } from './database.js';
import { Checkpointer } from './checkpointer.js';
import { SqliteDefinitionStore } from './definition-store.js';
import { TableStatements } from './statements.js';

type Row = Record<string, unknown>;
type Statement = Database.Statement<unknown[]>;

/** The embedded store: one process, one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  private readonly db: SqliteDatabase;
  private readonly tables: Record<'signals' | 'resources' | 'executions' | 'tasks' | 'actions' | 'jobs' | 'reports', TableStatements>;
  private readonly applyBatch: (commands: readonly StoreCommand[]) => void;
  private readonly applyGroup: (batches: readonly (readonly StoreCommand[])[]) => (Error | undefined)[];
  private readonly claimJobs: (now: number, limit: number, leaseMs: number) => JobRecord[];
  private readonly claimReports: (now: number, limit: number, leaseMs: number) => ReportRecord[];
  private readonly statements = new Map<string, Statement>();

  private readonly checkpointer: Checkpointer | undefined;
  readonly definitions: SqliteDefinitionStore;

  constructor(file: string) {
    const inMemory = file === ':memory:';
    this.db = openSqliteDatabase(file, { autoCheckpoint: inMemory });
    this.checkpointer = inMemory ? undefined : new Checkpointer(file);
    const table = (name: string, map: TableMap) => new TableStatements(this.db, name, map);
    this.tables = {
      signals: table('signals', SIGNALS), resources: table('resources', RESOURCES),
      executions: table('executions', EXECUTIONS), tasks: table('tasks', TASKS),
      actions: table('actions', ACTIONS), jobs: table('jobs', JOBS), reports: table('reports', REPORTS),
    };
    this.applyBatch = this.db.transaction((commands: readonly StoreCommand[]) => {
      for (const command of commands) this.applyOne(command);
    });
    // Inside the group's transaction each batch is a savepoint: it rolls back alone on failure.
    this.applyGroup = this.db.transaction((batches: readonly (readonly StoreCommand[])[]) => batches.map((batch) => {
      try {
        this.applyBatch(batch);
        return undefined;
      } catch (error) {
        return storeError(error);
      }
    }));
    this.definitions = new SqliteDefinitionStore(this.db);
    this.claimJobs = this.claimJobsTransaction();
    this.claimReports = this.claimReportsTransaction();
  }

  async apply(commands: readonly StoreCommand[]): Promise<void> {
    try {
      this.applyBatch(commands);
    } catch (error) {
      throw storeError(error);
    }
  }

  async applyBatches(batches: readonly (readonly StoreCommand[])[]): Promise<(Error | undefined)[]> {
    try {
      return this.applyGroup(batches);
    } catch (error) {
      return batches.map(() => storeError(error));
    }
  }

  private applyOne(command: StoreCommand): void {
    const t = this.tables;
    switch (command.kind) {
      case 'insert_signal': return t.signals.insert(command.signal);
      case 'update_signal': t.signals.update(command.id, command.patch); return;
      case 'insert_resource': return t.resources.insert(command.resource);
      case 'update_resource': t.resources.update(command.id, command.patch); return;
      case 'insert_execution': return t.executions.insert(command.execution);
      case 'update_execution': return this.updateExecution(command.id, command.patch, command.expectVersion);
      case 'insert_task': return t.tasks.insert(command.task);
      case 'update_task': t.tasks.update(command.id, command.patch); return;
      case 'insert_action': return t.actions.insert(command.action);
      case 'update_action': return this.updateAction(command.id, command.patch, command.expectState);
      case 'schedule_job': return t.jobs.insert(command.job);
      case 'delete_jobs': return this.deleteJobs(command.ref, command.jobKind);
      case 'enqueue_report': return t.reports.insert(command.report);
      case 'insert_api_execution': return this.definitions.apiExecutions.insert(command.execution);
    }
  }

  private updateExecution(id: string, patch: object, expectVersion: number | undefined): void {
    const guard = expectVersion === undefined ? undefined : { sql: 'version = ?', value: expectVersion };
    const changed = this.tables.executions.update(id, patch, guard);
    if (changed === 0) throw new ConcurrencyConflict(`execution ${id} changed since version ${expectVersion}`);
  }

  private updateAction(id: string, patch: object, expectState: string | undefined): void {
    const guard = expectState === undefined ? undefined : { sql: 'state = ?', value: expectState };
    const changed = this.tables.actions.update(id, patch, guard);
    if (changed === 0 && guard) throw new ConcurrencyConflict(`action ${id} is no longer ${expectState}`);
  }

  private deleteJobs(ref: string, kind: string | undefined): void {
    if (kind) this.stmt('DELETE FROM jobs WHERE ref = ? AND kind = ?').run(ref, kind);
    else this.stmt('DELETE FROM jobs WHERE ref = ?').run(ref);
  }

  /** Prepared once per SQL text: preparing costs more than running on the hot path. */
  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private one<T>(map: TableMap, sql: string, ...params: unknown[]): T | undefined {
    const row = this.stmt(sql).get(...params) as Row | undefined;
    return row ? fromRow<T>(map, row) : undefined;
  }

  private many<T>(map: TableMap, sql: string, ...params: unknown[]): T[] {
    return (this.stmt(sql).all(...params) as Row[]).map((row) => fromRow<T>(map, row));
  }

  async findSignal(stackId: string, requestId: string): Promise<SignalRecord | undefined> {
    return this.one(SIGNALS, 'SELECT * FROM signals WHERE stack_id = ? AND request_id = ?', stackId, requestId);
  }

  async getSignal(id: string): Promise<SignalRecord | undefined> {
    return this.one(SIGNALS, 'SELECT * FROM signals WHERE id = ?', id);
  }

  async getResource(id: string): Promise<ResourceRecord | undefined> {
    return this.one(RESOURCES, 'SELECT * FROM resources WHERE id = ?', id);
  }

  async listResourcesByPhysicalId(type: string, physicalId: string): Promise<ResourceRecord[]> {
    return this.many(RESOURCES,
      'SELECT * FROM resources WHERE type = ? AND physical_id = ? ORDER BY created_at DESC, rowid DESC', type, physicalId);
  }

  async findResourceByPhysicalId(type: string, physicalId: string): Promise<ResourceRecord | undefined> {
    return this.one(RESOURCES,
      'SELECT * FROM resources WHERE type = ? AND physical_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
      type, physicalId);
  }

  async listResources(filter: ResourceFilter): Promise<ResourceRecord[]> {
    const { where, params } = conditions([
      ['stack_id = ?', filter.stackId], ['type = ?', filter.type], ['status = ?', filter.status],
      ['rowid < (SELECT rowid FROM resources WHERE id = ?)', filter.after],
    ]);
    return this.many(RESOURCES, `SELECT * FROM resources ${where} ORDER BY rowid DESC LIMIT ?`, ...params, filter.limit);
  }

  async getExecution(id: string): Promise<ExecutionRecord | undefined> {
    return this.one(EXECUTIONS, 'SELECT * FROM executions WHERE id = ?', id);
  }

  async getExecutionSnapshot(id: string): Promise<ExecutionSnapshot | undefined> {
    const execution = await this.getExecution(id);
    if (!execution) return undefined;
    const tasks = this.many<TaskRecord>(TASKS, 'SELECT * FROM tasks WHERE execution_id = ? ORDER BY rowid', id);
    return { execution, tasks, actions: await this.listActions(id) };
  }

  async listExecutions(filter: ExecutionFilter): Promise<ExecutionRecord[]> {
    const { where, params } = conditions([
      ['stack_id = ?', filter.stackId], ['resource_type = ?', filter.resourceType],
      ['state = ?', filter.state], ['signal_id = ?', filter.signalId],
      ['rowid < (SELECT rowid FROM executions WHERE id = ?)', filter.after],
    ]);
    return this.many(EXECUTIONS, `SELECT * FROM executions ${where} ORDER BY rowid DESC LIMIT ?`, ...params, filter.limit);
  }

  async listActions(executionId: string): Promise<ActionRecord[]> {
    return this.many(ACTIONS, 'SELECT * FROM actions WHERE execution_id = ? ORDER BY rowid', executionId);
  }

  async getTask(id: string): Promise<TaskRecord | undefined> {
    return this.one(TASKS, 'SELECT * FROM tasks WHERE id = ?', id);
  }

  async listTasks(filter: { executionIds?: readonly string[]; limit: number }): Promise<TaskRecord[]> {
    const ids = filter.executionIds;
    if (ids && ids.length === 0) return [];
    const where = ids ? `WHERE execution_id IN (${ids.map(() => '?').join(', ')})` : '';
    return this.many<TaskRecord>(TASKS, `SELECT * FROM tasks ${where} ORDER BY rowid DESC LIMIT ?`, ...(ids ?? []), filter.limit).reverse();
  }

  async listAllActions(filter: { taskId?: string; limit: number }): Promise<ActionRecord[]> {
    const { where, params } = conditions([['task_id = ?', filter.taskId]]);
    return this.many<ActionRecord>(ACTIONS, `SELECT * FROM actions ${where} ORDER BY rowid DESC LIMIT ?`, ...params, filter.limit).reverse();
  }

  async getAction(id: string): Promise<ActionRecord | undefined> {
    return this.one(ACTIONS, 'SELECT * FROM actions WHERE id = ?', id);
  }

  async claimDueJobs(now: number, limit: number, leaseMs: number): Promise<JobRecord[]> {
    return this.claimJobs(now, limit, leaseMs);
  }

  private claimJobsTransaction(): (now: number, limit: number, leaseMs: number) => JobRecord[] {
    return this.db.transaction((now: number, limit: number, leaseMs: number) => {
      const jobs = this.many<JobRecord>(JOBS,
        `SELECT * FROM jobs WHERE locked_until IS NULL AND run_at <= ?
         UNION ALL SELECT * FROM jobs WHERE locked_until <= ? ORDER BY run_at LIMIT ?`,
        now, now, limit);
      const lock = this.stmt('UPDATE jobs SET locked_until = ? WHERE ref = ? AND kind = ? AND id = ?');
      for (const job of jobs) lock.run((job.lockedUntil = now + leaseMs), job.ref, job.kind, job.id);
      return jobs;
    });
  }

  async nextJobDueAt(): Promise<number | undefined> {
    const free = this.stmt('SELECT MIN(run_at) AS due FROM jobs WHERE locked_until IS NULL').get() as { due: number | null };
    const held = this.stmt('SELECT MIN(locked_until) AS due FROM jobs WHERE locked_until IS NOT NULL').get() as { due: number | null };
    const dues = [free.due, held.due].filter((d): d is number => d !== null);
    return dues.length ? Math.min(...dues) : undefined;
  }

  async claimDueReports(now: number, limit: number, leaseMs: number): Promise<ReportRecord[]> {
    return this.claimReports(now, limit, leaseMs);
  }

  private claimReportsTransaction(): (now: number, limit: number, leaseMs: number) => ReportRecord[] {
    return this.db.transaction((now: number, limit: number, leaseMs: number) => {
      const reports = this.many<ReportRecord>(REPORTS,
        "SELECT * FROM reports WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
        now, limit);
      const lease = this.stmt('UPDATE reports SET next_attempt_at = ? WHERE id = ?');
      for (const report of reports) lease.run(now + leaseMs, report.id);
      return reports;
    });
  }

  async nextReportDueAt(): Promise<number | undefined> {
    const row = this.stmt("SELECT MIN(next_attempt_at) AS due FROM reports WHERE state = 'PENDING'").get() as { due: number | null };
    return row.due ?? undefined;
  }

  async markReportDelivered(id: string, at: number): Promise<void> {
    this.stmt("UPDATE reports SET state = 'DELIVERED', delivered_at = ?, attempts = attempts + 1 WHERE id = ?")
      .run(at, id);
  }

  async markReportAttemptFailed(id: string, attempt: ReportAttempt): Promise<void> {
    this.tables.reports.update(id, {
      attempts: attempt.attempts, nextAttemptAt: attempt.nextAttemptAt, lastError: attempt.lastError,
      state: attempt.gaveUp ? 'GAVE_UP' : 'PENDING',
    });
  }

  async listReports(signalId: string): Promise<ReportRecord[]> {
    return this.many(REPORTS, 'SELECT * FROM reports WHERE signal_id = ? ORDER BY rowid', signalId);
  }

  async countPendingReports(): Promise<number> {
    return (this.stmt("SELECT COUNT(*) AS n FROM reports WHERE state = 'PENDING'").get() as { n: number }).n;
  }

  async releaseLeases(now: number): Promise<void> {
    this.stmt('UPDATE jobs SET locked_until = NULL WHERE locked_until IS NOT NULL').run();
    this.stmt("UPDATE reports SET next_attempt_at = ? WHERE state = 'PENDING' AND next_attempt_at > ?").run(now, now);
  }

  async ping(): Promise<void> {
    this.stmt('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.checkpointer?.stop();
    this.db.close();
  }
}

function storeError(error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new UniqueViolation(String(error));
  return error as Error;
}

/** Builds a WHERE clause from the conditions whose value is defined. */
function conditions(pairs: [string, unknown][]): { where: string; params: unknown[] } {
  const used = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return {
    where: used.length ? `WHERE ${used.map(([sql]) => sql).join(' AND ')}` : '',
    params: used.map(([, value]) => value),
  };
}
