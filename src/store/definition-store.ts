import type {
  ActionRunRecord, AdHocActionRecord, ApiExecutionRecord, EnvironmentRecord, WorkbookRecord,
  WorkflowDefinitionRecord,
} from './definition-records.js';

/** One page of rows ordered by creation (oldest first), as the Mistral API lists them. */
export interface CreatedRef {
  id: string;
  createdAt: number;
}

/**
 * The Mistral v2 API's own rows. Create methods throw UniqueViolation when the name is taken;
 * replace/update methods return undefined when there is nothing of that name to replace.
 */
export interface DefinitionStore {
  /** A workbook with the workflows and ad-hoc actions it defines, all or nothing. */
  createWorkbook(workbook: WorkbookRecord, workflows: readonly WorkflowDefinitionRecord[], actions: readonly AdHocActionRecord[]): Promise<void>;
  /** Replaces a workbook's text and everything it defines; keeps its id and creation time. */
  replaceWorkbook(workbook: WorkbookRecord, workflows: readonly WorkflowDefinitionRecord[], actions: readonly AdHocActionRecord[]): Promise<WorkbookRecord | undefined>;
  getWorkbook(name: string, namespace: string): Promise<WorkbookRecord | undefined>;
  listWorkbooks(): Promise<WorkbookRecord[]>;
  /** Also removes the workbook's workflows and actions. */
  deleteWorkbook(name: string, namespace: string): Promise<boolean>;

  createWorkflows(workflows: readonly WorkflowDefinitionRecord[]): Promise<void>;
  /** Updates each by name (keeping id and creation time); undefined if one does not exist. */
  updateWorkflows(workflows: readonly WorkflowDefinitionRecord[]): Promise<WorkflowDefinitionRecord[] | undefined>;
  /** By name in a namespace, or by id. */
  getWorkflow(nameOrId: string, namespace: string): Promise<WorkflowDefinitionRecord | undefined>;
  listWorkflows(): Promise<WorkflowDefinitionRecord[]>;
  deleteWorkflow(nameOrId: string, namespace: string): Promise<boolean>;

  getAdHocAction(name: string, namespace: string): Promise<AdHocActionRecord | undefined>;
  listAdHocActions(): Promise<AdHocActionRecord[]>;

  createEnvironment(environment: EnvironmentRecord): Promise<void>;
  updateEnvironment(environment: EnvironmentRecord): Promise<EnvironmentRecord | undefined>;
  getEnvironment(name: string): Promise<EnvironmentRecord | undefined>;
  listEnvironments(): Promise<EnvironmentRecord[]>;
  deleteEnvironment(name: string): Promise<boolean>;

  /** Inserted with the `insert_api_execution` command, in the transaction that starts it. */
  getApiExecution(id: string): Promise<ApiExecutionRecord | undefined>;
  setExecutionDescription(id: string, description: string): Promise<void>;
  /**
   * What `GET /v2/executions` lists: engine executions outside any lifecycle signal, and the API
   * executions that stand for a signal; the newest `limit`, oldest first.
   */
  listExecutionRefs(limit: number): Promise<CreatedRef[]>;
  /** An execution, its tasks, actions and jobs, and its API row. */
  deleteExecution(id: string): Promise<void>;

  saveActionRun(run: ActionRunRecord): Promise<void>;
  updateActionRun(id: string, patch: Partial<Omit<ActionRunRecord, 'id' | 'createdAt'>>): Promise<void>;
  getActionRun(id: string): Promise<ActionRunRecord | undefined>;
  listActionRuns(limit: number): Promise<ActionRunRecord[]>;
}
