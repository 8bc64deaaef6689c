/**
 * How each record maps to its table: field name → column, and whether the column holds JSON or a
 * boolean. Both adapters build their SQL from these maps, so a field is named in one place.
 */
export type ColumnKind = 'plain' | 'json' | 'bool';
export type TableMap = Readonly<Record<string, readonly [column: string, kind: ColumnKind]>>;

export const SIGNALS: TableMap = {
  id: ['id', 'plain'], stackId: ['stack_id', 'plain'], requestId: ['request_id', 'plain'],
  requestType: ['request_type', 'plain'], resourceType: ['resource_type', 'plain'],
  logicalId: ['logical_id', 'plain'], physicalId: ['physical_id', 'plain'],
  resourceId: ['resource_id', 'plain'], newResourceId: ['new_resource_id', 'plain'],
  state: ['state', 'plain'], step: ['step', 'plain'], decision: ['decision', 'json'],
  outcome: ['outcome', 'json'], request: ['request', 'json'], callbackUrls: ['callback_urls', 'json'],
  deadlineAt: ['deadline_at', 'plain'], createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

export const RESOURCES: TableMap = {
  id: ['id', 'plain'], type: ['type', 'plain'], stackId: ['stack_id', 'plain'],
  logicalId: ['logical_id', 'plain'], physicalId: ['physical_id', 'plain'],
  properties: ['properties', 'json'], attributes: ['attributes', 'json'], status: ['status', 'plain'],
  statusReason: ['status_reason', 'plain'], replacedBy: ['replaced_by', 'plain'],
  createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
};

export const EXECUTIONS: TableMap = {
  id: ['id', 'plain'], workflowName: ['workflow_name', 'plain'], definition: ['definition', 'json'],
  state: ['state', 'plain'], stateInfo: ['state_info', 'plain'], input: ['input', 'json'],
  output: ['output', 'json'], env: ['env', 'json'], context: ['context', 'json'],
  signalId: ['signal_id', 'plain'], step: ['step', 'plain'], resourceType: ['resource_type', 'plain'],
  stackId: ['stack_id', 'plain'], version: ['version', 'plain'], deadlineAt: ['deadline_at', 'plain'],
  createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'], finishedAt: ['finished_at', 'plain'],
  parentExecutionId: ['parent_execution_id', 'plain'], parentTaskId: ['parent_task_id', 'plain'],
  rootExecutionId: ['root_execution_id', 'plain'], params: ['params', 'json'], runtime: ['runtime', 'json'],
};

export const TASKS: TableMap = {
  id: ['id', 'plain'], executionId: ['execution_id', 'plain'], name: ['name', 'plain'],
  state: ['state', 'plain'], stateInfo: ['state_info', 'plain'], inContext: ['in_context', 'json'],
  published: ['published', 'json'], result: ['result', 'json'], nextTasks: ['next_tasks', 'json'],
  errorHandled: ['error_handled', 'bool'], runtime: ['runtime', 'json'], createdAt: ['created_at', 'plain'],
  startedAt: ['started_at', 'plain'], finishedAt: ['finished_at', 'plain'],
};

export const ACTIONS: TableMap = {
  id: ['id', 'plain'], taskId: ['task_id', 'plain'], executionId: ['execution_id', 'plain'],
  name: ['name', 'plain'], input: ['input', 'json'], state: ['state', 'plain'], output: ['output', 'json'],
  attempt: ['attempt', 'plain'], createdAt: ['created_at', 'plain'], updatedAt: ['updated_at', 'plain'],
  itemIndex: ['item_index', 'plain'], accepted: ['accepted', 'bool'], childExecutionId: ['child_execution_id', 'plain'],
};

export const JOBS: TableMap = {
  id: ['id', 'plain'], kind: ['kind', 'plain'], ref: ['ref', 'plain'], runAt: ['run_at', 'plain'],
  lockedUntil: ['locked_until', 'plain'],
};

export const REPORTS: TableMap = {
  id: ['id', 'plain'], signalId: ['signal_id', 'plain'], url: ['url', 'plain'], body: ['body', 'json'],
  state: ['state', 'plain'], attempts: ['attempts', 'plain'], nextAttemptAt: ['next_attempt_at', 'plain'],
  giveUpAt: ['give_up_at', 'plain'], lastError: ['last_error', 'plain'], createdAt: ['created_at', 'plain'],
  deliveredAt: ['delivered_at', 'plain'],
};

/** A record's field value as the column stores it. */
export function toColumn(kind: ColumnKind, value: unknown): unknown {
  if (value === undefined) return null;
  if (kind === 'json') return JSON.stringify(value);
  if (kind === 'bool') return value ? 1 : 0;
  return value;
}

/** A row read back as the record it was written from. */
export function fromRow<T>(map: TableMap, row: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [field, [column, kind]] of Object.entries(map)) {
    const value = row[column];
    if (kind === 'json') record[field] = value === null || value === undefined ? null : JSON.parse(value as string);
    else if (kind === 'bool') record[field] = value === 1 || value === true;
    else record[field] = value ?? null;
  }
  return record as T;
}
