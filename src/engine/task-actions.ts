import type { ActionRecord, TaskRecord } from '../store/records.js';
import type { TaskSpec } from '../workflow/spec.js';
import { resolveAction } from './adhoc.js';
import { failTask } from './completion.js';
import { evaluateIn, taskInputData } from './evaluation.js';
import { startSubworkflow } from './subworkflow.js';
import { completeTask } from './task-complete.js';
import { runtimeOf, updateRuntime } from './task-runtime.js';
import { startWithItems } from './with-items.js';
import type { WorkingCopy } from './working-copy.js';

const DEFAULT_ACTION = 'std.noop';

/** Runs what a RUNNING task does: one action or sub-workflow, or one per item. */
export function runTaskActions(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): void {
  if (spec.withItems) return startWithItems(work, spec, task);
  scheduleRun(work, spec, task, taskInputData(work.snapshot, task), 0);
}

/**
 * Schedules one run of the task's action (or sub-workflow) for iteration `index`, with `data` as
 * what its expressions see. Failures to prepare it fail the task, and most fail the workflow too,
 * as Mistral's force_fail_task does. Returns whether the run was scheduled.
 */
export function scheduleRun(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, data: unknown, index: number): boolean {
  const name = evaluateIn(spec.kind === 'workflow' ? spec.workflow : (spec.action ?? DEFAULT_ACTION), work.snapshot, data, task);
  if (!name.ok) return forceFailed(work, task, `Failed to evaluate the ${spec.kind} name: ${name.error}`);
  const input = evaluateIn(spec.input, work.snapshot, data, task);
  if (!input.ok) return forceFailed(work, task, input.error);
  if (!isDict(input.value)) return forceFailed(work, task, `Wrong dynamic input for task ${spec.name}. Dict type is expected.`);
  if (spec.kind === 'workflow') return startSubworkflow(work, task, String(name.value), input.value, index);
  return scheduleAction(work, task, String(name.value), input.value, index);
}

function scheduleAction(work: WorkingCopy, task: TaskRecord, name: string, input: Record<string, unknown>, index: number): boolean {
  const resolved = resolveAction(work, name, input);
  if (!resolved.ok) {
    if (resolved.unknown) return forceFailed(work, task, resolved.error);
    // An ad-hoc action's input that does not fit is the task's error, handled by on-error.
    completeTask(work, task, 'ERROR', resolved.error, resolved.error);
    return false;
  }
  if (resolved.adhoc.length && !runtimeOf(task).adhoc) updateRuntime(work, task, { adhoc: resolved.adhoc });
  const { now, newId } = work.deps;
  const action: ActionRecord = {
    id: newId(), taskId: task.id, executionId: work.execution.id, name: resolved.name, input: resolved.input,
    state: 'SCHEDULED', output: null, attempt: 1, createdAt: now, updatedAt: now,
    itemIndex: index, accepted: true, childExecutionId: null,
  };
  work.insertAction(action);
  work.scheduleJob('run_action', action.id, now);
  return true;
}

function forceFailed(work: WorkingCopy, task: TaskRecord, reason: string): false {
  failTask(work, task, reason, { force: true });
  return false;
}

export function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
