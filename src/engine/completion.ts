import { pythonStr } from '../expressions/python-format.js';
import type { ActionRecord, ExecutionState, TaskRecord } from '../store/records.js';
import { evaluateIn, outboundContext, workflowData } from './evaluation.js';
import { isTaskCompleted } from './states.js';
import type { WorkingCopy } from './working-copy.js';

/** Fails one task. With `force`, the workflow fails too, bypassing on-error (Mistral's force_fail_task). */
export function failTask(work: WorkingCopy, task: TaskRecord, reason: string, options: { force: boolean }): TaskRecord {
  work.updateTask(task, { state: 'ERROR', stateInfo: reason, finishedAt: work.deps.now });
  if (options.force) forceFail(work, reason, task);
  return task;
}

export function forceFail(work: WorkingCopy, reason: string, task?: TaskRecord): void {
  if (task && !isTaskCompleted(task.state)) {
    work.updateTask(task, { state: 'ERROR', stateInfo: reason, finishedAt: work.deps.now });
  }
  // A task that had already ended (its guard or publish failed) keeps its state; the reason is told.
  stopWorkflow(work, 'ERROR', task ? failureSummary(work, [{ ...task, stateInfo: reason }]) : reason, {});
}

/**
 * Ends the workflow now (a `fail`/`succeed` command, a cancel, a deadline): tasks still running
 * are cancelled, their actions are cancelled and aborted, and the output is evaluated.
 */
export function stopWorkflow(
  work: WorkingCopy, state: Extract<ExecutionState, 'SUCCESS' | 'ERROR' | 'CANCELLED'>,
  stateInfo: string | null, finalContext: Record<string, unknown>,
): void {
  if (!work.isRunning && work.execution.state !== 'PAUSED') return;
  cancelOutstanding(work);
  if (state === 'SUCCESS') return completeWithSuccess(work, finalContext);
  // A bare `fail` leaves state_info empty and the output {"result": null}, as in Mistral.
  work.complete({ state, output: errorOutput(work, stateInfo, finalContext), stateInfo });
}

/** Every task still going is cancelled, with its timers; its runs are stopped. */
function cancelOutstanding(work: WorkingCopy): void {
  for (const task of work.tasks) {
    if (isTaskCompleted(task.state)) continue;
    work.updateTask(task, { state: 'CANCELLED', finishedAt: work.deps.now });
    work.deleteJobs(task.id);
  }
  for (const action of work.actions) {
    if (action.state === 'SCHEDULED' || action.state === 'RUNNING') cancelRun(work, action);
  }
}

/** Stops one run: an action is aborted where it runs, a sub-workflow is cancelled by a job. */
export function cancelRun(work: WorkingCopy, action: ActionRecord): void {
  work.updateAction(action, { state: 'CANCELLED' });
  if (action.childExecutionId !== null) {
    work.scheduleJob('cancel_execution', action.childExecutionId, work.deps.now);
    return;
  }
  work.deleteJobs(action.id);
  work.abortActions.push(action.id);
}

/** Completes the workflow when no task is left to run (Mistral's check_and_complete). */
export function checkCompletion(work: WorkingCopy): void {
  if (!work.isRunning || work.tasks.some((t) => !isTaskCompleted(t.state))) return;
  const cancelled = work.tasks.filter((t) => t.state === 'CANCELLED').map((t) => t.name);
  if (cancelled.length) {
    work.complete({ state: 'CANCELLED', output: { result: `Cancelled tasks: ${cancelled.join(', ')}` }, stateInfo: null });
    return;
  }
  const unhandled = work.tasks.filter((t) => t.state === 'ERROR' && !t.errorHandled);
  if (unhandled.length) {
    const stateInfo = failureSummary(work, unhandled);
    work.complete({ state: 'ERROR', output: errorOutput(work, stateInfo, finalContext(work)), stateInfo });
    return;
  }
  completeWithSuccess(work, finalContext(work));
}

/** Mistral's _build_fail_info_message: each failed task, then each of its runs that failed. */
function failureSummary(work: WorkingCopy, tasks: TaskRecord[]): string {
  const sorted = [...tasks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let message = `Failure caused by error in tasks: ${sorted.map((t) => t.name).join(', ')}\n`;
  for (const task of sorted) {
    message += `\n  ${task.name} [task_ex_id=${task.id}] -> ${task.stateInfo ?? 'None'}\n`;
    work.actionsOf(task.id).forEach((run, idx) => {
      if (run.state !== 'ERROR') return;
      const which = run.childExecutionId !== null ? `wf_ex_id=${run.childExecutionId}` : `action_ex_id=${run.id}`;
      const result = (run.output as { result?: unknown } | null)?.result;
      message += `    [${which}, idx=${idx}]: ${result === undefined ? 'Unknown' : pythonStr(result)}\n`;
    });
  }
  return message;
}

/**
 * Direct: merge of the outbound contexts of the completed tasks that led nowhere further.
 * Reverse: the outbound context of the target task.
 */
function finalContext(work: WorkingCopy): Record<string, unknown> {
  if (work.spec.type === 'reverse') {
    const target = work.tasks.find((t) => t.name === work.execution.params['task_name']);
    return target ? outboundContext(target) : {};
  }
  const context: Record<string, unknown> = {};
  for (const task of work.tasks) {
    if (isTaskCompleted(task.state) && task.nextTasks.length === 0) Object.assign(context, outboundContext(task));
  }
  return context;
}

/** Output is the evaluated `output` clause, or the whole final context when there is none. */
function completeWithSuccess(work: WorkingCopy, context: Record<string, unknown>): void {
  if (!work.spec.output) {
    work.complete({ state: 'SUCCESS', output: context, stateInfo: null });
    return;
  }
  const output = evaluateIn(work.spec.output, work.snapshot, workflowData(work.snapshot, context));
  if (output.ok) {
    work.complete({ state: 'SUCCESS', output: output.value, stateInfo: null });
    return;
  }
  const stateInfo = `Failed to evaluate workflow output: ${output.error}`;
  work.complete({ state: 'ERROR', output: errorOutput(work, stateInfo, context), stateInfo });
}

function errorOutput(work: WorkingCopy, stateInfo: string | null, context: Record<string, unknown>): unknown {
  if (!work.spec.outputOnError) return { result: stateInfo };
  const extra = evaluateIn(work.spec.outputOnError, work.snapshot, workflowData(work.snapshot, context));
  if (!extra.ok) return { result: `${stateInfo}\nFailed to evaluate output-on-error: ${extra.error}` };
  return { result: stateInfo, ...(extra.value as object) };
}
