import type { ActionRecord, TaskRecord } from '../store/records.js';
import type { TaskSpec } from '../workflow/spec.js';
import { failTask } from './completion.js';
import { evaluateIn, taskInputData } from './evaluation.js';
import type { WorkingCopy } from './working-copy.js';

const DEFAULT_ACTION = 'std.noop';

/** Creates a task execution and schedules its action; failures to prepare it fail the workflow. */
export function scheduleTask(work: WorkingCopy, spec: TaskSpec, inContext: Record<string, unknown>): TaskRecord {
  const { now, newId } = work.deps;
  const task: TaskRecord = {
    id: newId(), executionId: work.execution.id, name: spec.name, state: 'RUNNING', stateInfo: null,
    inContext, published: {}, result: null, nextTasks: [], errorHandled: false, runtime: {},
    createdAt: now, startedAt: now, finishedAt: null,
  };
  work.insertTask(task);
  const data = taskInputData(work.snapshot, task);
  const name = evaluateIn(spec.action ?? DEFAULT_ACTION, work.snapshot, data, task);
  if (!name.ok) return failTask(work, task, `Failed to evaluate the action name: ${name.error}`, { force: true });
  const actionName = String(name.value);
  if (!work.deps.actionExists(actionName)) {
    return failTask(work, task, `Failed to find action [action_name=${actionName}]`, { force: true });
  }
  const input = evaluateIn(spec.input, work.snapshot, data, task);
  if (!input.ok) return failTask(work, task, input.error, { force: true });
  if (!isDict(input.value)) {
    return failTask(work, task, `Wrong dynamic input for task ${spec.name}. Dict type is expected.`, { force: true });
  }
  const action: ActionRecord = {
    id: newId(), taskId: task.id, executionId: work.execution.id, name: actionName, input: input.value,
    state: 'SCHEDULED', output: null, attempt: 1, createdAt: now, updatedAt: now,
  };
  work.insertAction(action);
  work.scheduleJob('run_action', action.id, now);
  return task;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
