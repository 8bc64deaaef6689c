import { evaluateValue } from '../expressions/evaluate.js';
import type { ExecutionSnapshot, TaskRecord } from '../store/records.js';
import { expressionScope, layered } from './expression-scope.js';

export type Evaluated<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/** Evaluates expressions inside a value; an expression that fails becomes a value, not a throw. */
export function evaluateIn(
  value: unknown, snapshot: ExecutionSnapshot, data: unknown,
  currentTask?: Pick<TaskRecord, 'id' | 'name'>,
): Evaluated {
  try {
    return { ok: true, value: evaluateValue(value, expressionScope({ snapshot, currentTask, data })) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function taskMarker(task: Pick<TaskRecord, 'id' | 'name'>) {
  return { __task_execution: { id: task.id, name: task.name } };
}

/** What task input, action names and policies see (Mistral's Task.get_expression_context). */
export function taskInputData(snapshot: ExecutionSnapshot, task: Pick<TaskRecord, 'id' | 'name' | 'inContext'>) {
  const { execution } = snapshot;
  return layered(taskMarker(task), { __env: execution.env }, task.inContext, execution.context, execution.input);
}

/**
 * What a with-items iteration's input sees: the item variables under the task's inbound context
 * (Mistral merges the inbound context over the item variables, so a same-named key shadows one).
 */
export function itemInputData(
  snapshot: ExecutionSnapshot, task: Pick<TaskRecord, 'id' | 'name' | 'inContext'>, itemVars: Record<string, unknown>,
) {
  const { execution } = snapshot;
  return layered(
    taskMarker(task), { __env: execution.env }, { ...itemVars, ...task.inContext }, execution.context, execution.input,
  );
}

/** What `publish` sees (data_flow.publish_variables). */
export function publishData(snapshot: ExecutionSnapshot, task: TaskRecord) {
  const { execution } = snapshot;
  return layered(taskMarker(task), task.inContext, { __env: execution.env }, execution.context, execution.input);
}

/** What transition guards and engine-command params see: the task's outbound context first. */
export function transitionData(snapshot: ExecutionSnapshot, task: TaskRecord) {
  const { execution } = snapshot;
  return layered(taskMarker(task), outboundContext(task), { __env: execution.env }, execution.context, execution.input);
}

/** What `vars`, `output` and `output-on-error` see, over a final context. */
export function workflowData(snapshot: ExecutionSnapshot, finalContext: Record<string, unknown> = {}) {
  const { execution } = snapshot;
  return layered(finalContext, { __env: execution.env }, execution.context, execution.input);
}

/** A task's outbound context: what it received, updated at the top level with what it published. */
export function outboundContext(task: TaskRecord): Record<string, unknown> {
  return { ...task.inContext, ...task.published };
}

export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
