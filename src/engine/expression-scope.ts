import type { ExpressionFunction, ExpressionScope } from '../expressions/types.js';
import { MISTRAL_FUNCTIONS } from '../expressions/mistral-functions.js';
import type { ExecutionSnapshot, TaskRecord } from '../store/records.js';

/**
 * Builds what `$` (YAQL) and `_` (Jinja) see, as Mistral's ContextView does: layers merged at the
 * top level, the first layer holding a key wins. Also binds Mistral's functions that read the
 * execution: task(), tasks(), env(), execution(), global().
 */
export function layered(...layers: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (let i = layers.length - 1; i >= 0; i--) Object.assign(merged, layers[i]);
  return merged;
}

export interface ScopeOptions {
  snapshot: ExecutionSnapshot;
  /** The task the expression belongs to, for `task()` without a name. */
  currentTask?: Pick<TaskRecord, 'id' | 'name'>;
  /** Usually layered contexts; an ad-hoc action's `output` sees the bare result. */
  data: unknown;
}

export function expressionScope({ snapshot, currentTask, data }: ScopeOptions): ExpressionScope {
  return { data, functions: { ...MISTRAL_FUNCTIONS, ...executionFunctions(snapshot, currentTask) } };
}

function executionFunctions(
  snapshot: ExecutionSnapshot, currentTask: Pick<TaskRecord, 'id' | 'name'> | undefined,
): Record<string, ExpressionFunction> {
  const { execution, tasks } = snapshot;
  return {
    task: (name?: unknown) => {
      const wanted = name === undefined || name === null ? currentTask?.name : String(name);
      const found = [...tasks].reverse().find((t) => t.name === wanted);
      if (!found) {
        if (currentTask && wanted === currentTask.name) return { id: currentTask.id, name: currentTask.name, state: 'RUNNING' };
        throw new Error(`Task '${String(wanted)}' not found`);
      }
      return taskView(found);
    },
    tasks: (_executionId?: unknown, _recursive?: unknown, state?: unknown) =>
      tasks.filter((t) => state === undefined || state === null || t.state === state).map(taskView),
    env: () => execution.env,
    execution: () => ({
      id: execution.id,
      name: execution.workflowName,
      input: execution.input,
      params: { ...execution.params, env: execution.env },
      created_at: new Date(execution.createdAt).toISOString(),
      updated_at: new Date(execution.updatedAt).toISOString(),
    }),
    global: (name: unknown) => execution.context[String(name)],
  };
}

function taskView(task: TaskRecord): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name,
    state: task.state,
    state_info: task.stateInfo,
    result: task.result,
    published: task.published,
  };
}
