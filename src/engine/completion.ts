import type { ExecutionState, TaskRecord } from '../store/records.js';
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
  const where = task ? `Failure caused by error in tasks: ${task.name}\n\n  ${task.name} [task_ex_id=${task.id}] -> ${reason}` : reason;
  stopWorkflow(work, 'ERROR', where, {});
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
  const info = stateInfo ?? defaultStateInfo(state);
  work.complete({ state, output: errorOutput(work, info, finalContext), stateInfo: info });
}

function defaultStateInfo(state: ExecutionState): string {
  return state === 'CANCELLED' ? 'Cancelled' : 'Failed by fail command';
}

function cancelOutstanding(work: WorkingCopy): void {
  for (const task of work.tasks) {
    if (isTaskCompleted(task.state)) continue;
    work.updateTask(task, { state: 'CANCELLED', finishedAt: work.deps.now });
  }
  for (const action of work.actions) {
    if (action.state !== 'SCHEDULED' && action.state !== 'RUNNING') continue;
    work.updateAction(action, { state: 'CANCELLED' });
    work.commands.push({ kind: 'delete_jobs', ref: action.id });
    work.abortActions.push(action.id);
  }
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
    const stateInfo = failureSummary(unhandled);
    work.complete({ state: 'ERROR', output: errorOutput(work, stateInfo, finalContext(work)), stateInfo });
    return;
  }
  completeWithSuccess(work, finalContext(work));
}

function failureSummary(tasks: TaskRecord[]): string {
  const lines = tasks.map((t) => `  ${t.name} [task_ex_id=${t.id}] -> ${t.stateInfo ?? ''}`);
  return `Failure caused by error in tasks: ${tasks.map((t) => t.name).join(', ')}\n\n${lines.join('\n')}`;
}

/** Merge of the outbound contexts of the completed tasks that led nowhere further. */
function finalContext(work: WorkingCopy): Record<string, unknown> {
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

function errorOutput(work: WorkingCopy, stateInfo: string, context: Record<string, unknown>): unknown {
  if (!work.spec.outputOnError) return { result: stateInfo };
  const extra = evaluateIn(work.spec.outputOnError, work.snapshot, workflowData(work.snapshot, context));
  if (!extra.ok) return { result: `${stateInfo}\nFailed to evaluate output-on-error: ${extra.error}` };
  return { result: stateInfo, ...(extra.value as object) };
}
