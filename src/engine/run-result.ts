import { pythonStr } from '../expressions/python-format.js';
import type { ActionRecord } from '../store/records.js';
import { transformAdHocOutput } from './adhoc.js';
import type { ActionResult } from './decide.js';
import { isExecutionTerminal } from './states.js';
import { completeTask } from './task-complete.js';
import { runtimeOf } from './task-runtime.js';
import { onItemFinished } from './with-items.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * One run of a task (an action, or a sub-workflow) ended. The run records its outcome; its task
 * ends with it, or, for with-items, when the last iteration does. Runs a retry superseded, and
 * runs of tasks that ended otherwise (timeout, cancel), only record theirs.
 */
export function onRunFinished(work: WorkingCopy, run: ActionRecord, result: ActionResult): void {
  const task = work.task(run.taskId);
  const outcome = result.ok && task ? transformed(work, runtimeOf(task).adhoc, result) : result;
  const state = outcome.ok ? 'SUCCESS' : outcome.cancelled ? 'CANCELLED' : 'ERROR';
  const payload = outcome.ok ? outcome.data : outcome.error;
  // A sub-workflow's output is its run's whole output; an action's result sits under `result`.
  work.updateAction(run, { state, output: run.childExecutionId !== null ? payload : { result: payload } });
  if (!task || !run.accepted || task.state !== 'RUNNING' || isExecutionTerminal(work.execution.state)) return;
  const spec = work.spec.tasks.get(task.name)!;
  if (spec.withItems) return onItemFinished(work, spec, task);
  if (outcome.ok) return completeTask(work, task, 'SUCCESS', payload, null);
  if (outcome.cancelled) return void work.updateTask(task, { state: 'CANCELLED', finishedAt: work.deps.now });
  completeTask(work, task, 'ERROR', payload, outcome.reason ?? errorText(payload));
}

function transformed(work: WorkingCopy, chain: string[] | undefined, result: ActionResult & { ok: true }): ActionResult {
  if (!chain?.length) return result;
  const output = transformAdHocOutput(work, chain, result.data);
  return output.ok ? { ok: true, data: output.value } : { ok: false, error: output.error };
}

/** Mistral stores `str(error)` as the task's state_info. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return pythonStr(error);
}
