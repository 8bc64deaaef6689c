import { UniqueViolation } from '../commands.js';
import type {
  ActionRunRecord, AdHocActionRecord, ApiExecutionRecord, EnvironmentRecord, WorkbookRecord,
  WorkflowDefinitionRecord,
} from '../definition-records.js';
import type { CreatedRef, DefinitionStore } from '../definition-store.js';
import { fromRow, type TableMap } from '../tables.js';
import type { SqliteDatabase } from './database.js';
import { TableStatements } from './statements.js';

type Row = Record<string, unknown>;

export const WORKBOOKS: TableMap = {
  id: ['id', 'plain'], name: ['name', 'plain'], namespace: ['namespace', 'plain'], definition: ['definition', 'plain'],
  tags: ['tags', 'json'], scope: ['scope', 'plain'], createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

export const WORKFLOW_DEFINITIONS: TableMap = {
  id: ['id', 'plain'], name: ['name', 'plain'], namespace: ['namespace', 'plain'], workbookName: ['workbook_name', 'plain'],
  definition: ['definition', 'plain'], body: ['body', 'json'], input: ['input', 'plain'], interface: ['interface', 'json'],
  tags: ['tags', 'json'], scope: ['scope', 'plain'], createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

export const ADHOC_ACTIONS: TableMap = {
  id: ['id', 'plain'], name: ['name', 'plain'], namespace: ['namespace', 'plain'], workbookName: ['workbook_name', 'plain'],
  definition: ['definition', 'plain'], body: ['body', 'json'], input: ['input', 'plain'], description: ['description', 'plain'],
  tags: ['tags', 'json'], scope: ['scope', 'plain'], createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

export const ENVIRONMENTS: TableMap = {
  id: ['id', 'plain'], name: ['name', 'plain'], description: ['description', 'plain'], variables: ['variables', 'json'],
  scope: ['scope', 'plain'], createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

export const API_EXECUTIONS: TableMap = {
  id: ['id', 'plain'], signalId: ['signal_id', 'plain'], workflowId: ['workflow_id', 'plain'],
  workflowName: ['workflow_name', 'plain'], namespace: ['namespace', 'plain'], description: ['description', 'plain'],
  params: ['params', 'json'], input: ['input', 'json'], tags: ['tags', 'json'], createdAt: ['created_at', 'plain'],
};

export const ACTION_RUNS: TableMap = {
  id: ['id', 'plain'], name: ['name', 'plain'], namespace: ['namespace', 'plain'], description: ['description', 'plain'],
  input: ['input', 'json'], state: ['state', 'plain'], stateInfo: ['state_info', 'plain'], output: ['output', 'json'],
  createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

/** The Mistral API's tables in the embedded database; used by SqliteStore. */
export class SqliteDefinitionStore implements DefinitionStore {
  private readonly workbooks: TableStatements;
  private readonly workflows: TableStatements;
  private readonly actions: TableStatements;
  private readonly environments: TableStatements;
  readonly apiExecutions: TableStatements;
  private readonly actionRuns: TableStatements;

  constructor(private readonly db: SqliteDatabase) {
    this.workbooks = new TableStatements(db, 'mistral_workbooks', WORKBOOKS);
    this.workflows = new TableStatements(db, 'mistral_workflows', WORKFLOW_DEFINITIONS);
    this.actions = new TableStatements(db, 'mistral_actions', ADHOC_ACTIONS);
    this.environments = new TableStatements(db, 'mistral_environments', ENVIRONMENTS);
    this.apiExecutions = new TableStatements(db, 'mistral_executions', API_EXECUTIONS);
    this.actionRuns = new TableStatements(db, 'mistral_action_runs', ACTION_RUNS);
  }

  private one<T>(map: TableMap, sql: string, ...params: unknown[]): T | undefined {
    const row = this.db.prepare(sql).get(...params) as Row | undefined;
    return row ? fromRow<T>(map, row) : undefined;
  }

  private many<T>(map: TableMap, sql: string, ...params: unknown[]): T[] {
    return (this.db.prepare(sql).all(...params) as Row[]).map((row) => fromRow<T>(map, row));
  }

  private transaction<T>(body: () => T): T {
    try {
      return this.db.transaction(body)();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UniqueViolation(String(error));
      throw error;
    }
  }

  async createWorkbook(workbook: WorkbookRecord, workflows: readonly WorkflowDefinitionRecord[], actions: readonly AdHocActionRecord[]): Promise<void> {
    this.transaction(() => {
      this.workbooks.insert(workbook);
      for (const w of workflows) this.workflows.insert(w);
      for (const a of actions) this.actions.insert(a);
    });
  }

  async replaceWorkbook(workbook: WorkbookRecord, workflows: readonly WorkflowDefinitionRecord[], actions: readonly AdHocActionRecord[]): Promise<WorkbookRecord | undefined> {
    return this.transaction(() => {
      const old = this.one<WorkbookRecord>(WORKBOOKS, 'SELECT * FROM mistral_workbooks WHERE name = ? AND namespace = ?', workbook.name, workbook.namespace);
      if (!old) return undefined;
      const kept = { ...workbook, id: old.id, createdAt: old.createdAt };
      this.workbooks.update(old.id, { definition: kept.definition, tags: kept.tags, scope: kept.scope, updatedAt: kept.updatedAt });
      const keep = (table: string, records: readonly (WorkflowDefinitionRecord | AdHocActionRecord)[], statements: TableStatements) => {
        const before = new Map((this.db.prepare(`SELECT id, name, created_at FROM ${table} WHERE workbook_name = ? AND namespace = ?`)
          .all(workbook.name, workbook.namespace) as { id: string; name: string; created_at: number }[]).map((r) => [r.name, r]));
        this.db.prepare(`DELETE FROM ${table} WHERE workbook_name = ? AND namespace = ?`).run(workbook.name, workbook.namespace);
        for (const record of records) {
          const previous = before.get(record.name);
          statements.insert(previous ? { ...record, id: previous.id, createdAt: previous.created_at } : { ...record, updatedAt: null });
        }
      };
      keep('mistral_workflows', workflows, this.workflows);
      keep('mistral_actions', actions, this.actions);
      return kept;
    });
  }

  async getWorkbook(name: string, namespace: string): Promise<WorkbookRecord | undefined> {
    return this.one(WORKBOOKS, 'SELECT * FROM mistral_workbooks WHERE name = ? AND namespace = ?', name, namespace);
  }

  async listWorkbooks(): Promise<WorkbookRecord[]> {
    return this.many(WORKBOOKS, 'SELECT * FROM mistral_workbooks ORDER BY created_at, rowid');
  }

  async deleteWorkbook(name: string, namespace: string): Promise<boolean> {
    return this.transaction(() => {
      const changed = this.db.prepare('DELETE FROM mistral_workbooks WHERE name = ? AND namespace = ?').run(name, namespace).changes;
      this.db.prepare('DELETE FROM mistral_workflows WHERE workbook_name = ? AND namespace = ?').run(name, namespace);
      this.db.prepare('DELETE FROM mistral_actions WHERE workbook_name = ? AND namespace = ?').run(name, namespace);
      return changed > 0;
    });
  }

  async createWorkflows(workflows: readonly WorkflowDefinitionRecord[]): Promise<void> {
    this.transaction(() => {
      for (const w of workflows) this.workflows.insert(w);
    });
  }

  async updateWorkflows(workflows: readonly WorkflowDefinitionRecord[]): Promise<WorkflowDefinitionRecord[] | undefined> {
    return this.transaction(() => {
      const updated: WorkflowDefinitionRecord[] = [];
      for (const w of workflows) {
        const old = this.one<WorkflowDefinitionRecord>(WORKFLOW_DEFINITIONS, 'SELECT * FROM mistral_workflows WHERE name = ? AND namespace = ?', w.name, w.namespace);
        if (!old) return undefined;
        const { id: _id, createdAt: _createdAt, ...patch } = w;
        this.workflows.update(old.id, patch);
        updated.push({ ...w, id: old.id, createdAt: old.createdAt });
      }
      return updated;
    });
  }

  async getWorkflow(nameOrId: string, namespace: string): Promise<WorkflowDefinitionRecord | undefined> {
    return this.one(WORKFLOW_DEFINITIONS, 'SELECT * FROM mistral_workflows WHERE (name = ? AND namespace = ?) OR id = ? LIMIT 1', nameOrId, namespace, nameOrId);
  }

  async listWorkflows(): Promise<WorkflowDefinitionRecord[]> {
    return this.many(WORKFLOW_DEFINITIONS, 'SELECT * FROM mistral_workflows ORDER BY created_at, rowid');
  }

  async deleteWorkflow(nameOrId: string, namespace: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM mistral_workflows WHERE (name = ? AND namespace = ?) OR id = ?').run(nameOrId, namespace, nameOrId).changes > 0;
  }

  async getAdHocAction(name: string, namespace: string): Promise<AdHocActionRecord | undefined> {
    return this.one(ADHOC_ACTIONS, 'SELECT * FROM mistral_actions WHERE name = ? AND namespace = ?', name, namespace);
  }

  async listAdHocActions(): Promise<AdHocActionRecord[]> {
    return this.many(ADHOC_ACTIONS, 'SELECT * FROM mistral_actions ORDER BY name');
  }

  async createEnvironment(environment: EnvironmentRecord): Promise<void> {
    this.transaction(() => this.environments.insert(environment));
  }

  async updateEnvironment(environment: EnvironmentRecord): Promise<EnvironmentRecord | undefined> {
    const old = await this.getEnvironment(environment.name);
    if (!old) return undefined;
    const { id: _id, createdAt: _createdAt, ...patch } = environment;
    this.environments.update(old.id, patch);
    return { ...environment, id: old.id, createdAt: old.createdAt };
  }

  async getEnvironment(name: string): Promise<EnvironmentRecord | undefined> {
    return this.one(ENVIRONMENTS, 'SELECT * FROM mistral_environments WHERE name = ? OR id = ? LIMIT 1', name, name);
  }

  async listEnvironments(): Promise<EnvironmentRecord[]> {
    return this.many(ENVIRONMENTS, 'SELECT * FROM mistral_environments ORDER BY created_at, rowid');
  }

  async deleteEnvironment(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM mistral_environments WHERE name = ?').run(name).changes > 0;
  }

  async getApiExecution(id: string): Promise<ApiExecutionRecord | undefined> {
    return this.one(API_EXECUTIONS, 'SELECT * FROM mistral_executions WHERE id = ?', id);
  }

  async setExecutionDescription(id: string, description: string): Promise<void> {
    this.apiExecutions.update(id, { description });
  }

  async listExecutionRefs(limit: number): Promise<CreatedRef[]> {
    const rows = this.db.prepare(
      `SELECT id, created_at FROM (
         SELECT id, created_at FROM executions WHERE signal_id IS NULL
         UNION ALL SELECT id, created_at FROM mistral_executions WHERE signal_id IS NOT NULL
       ) ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).all(limit) as { id: string; created_at: number }[];
    return rows.reverse().map((r) => ({ id: r.id, createdAt: r.created_at }));
  }

  async deleteExecution(id: string): Promise<void> {
    this.transaction(() => {
      const actionIds = (this.db.prepare('SELECT id FROM actions WHERE execution_id = ?').all(id) as { id: string }[]).map((r) => r.id);
      for (const actionId of actionIds) this.db.prepare('DELETE FROM jobs WHERE ref = ?').run(actionId);
      this.db.prepare('DELETE FROM jobs WHERE ref = ?').run(id);
      this.db.prepare('DELETE FROM actions WHERE execution_id = ?').run(id);
      this.db.prepare('DELETE FROM tasks WHERE execution_id = ?').run(id);
      this.db.prepare('DELETE FROM executions WHERE id = ?').run(id);
      this.db.prepare('DELETE FROM mistral_executions WHERE id = ?').run(id);
    });
  }

  async saveActionRun(run: ActionRunRecord): Promise<void> {
    this.actionRuns.insert(run);
  }

  async updateActionRun(id: string, patch: Partial<Omit<ActionRunRecord, 'id' | 'createdAt'>>): Promise<void> {
    this.actionRuns.update(id, patch);
  }

  async getActionRun(id: string): Promise<ActionRunRecord | undefined> {
    return this.one(ACTION_RUNS, 'SELECT * FROM mistral_action_runs WHERE id = ?', id);
  }

  async listActionRuns(limit: number): Promise<ActionRunRecord[]> {
    return this.many(ACTION_RUNS, 'SELECT * FROM mistral_action_runs ORDER BY created_at DESC, rowid DESC LIMIT ?', limit);
  }
}

