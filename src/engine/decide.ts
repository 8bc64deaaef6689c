import type { ExecutionSnapshot } from '../store/records.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import { checkCompletion, stopWorkflow } from './completion.js';
import { completeTask } from './task-complete.js';
import { WorkingCopy, type DecideDeps } from './working-copy.js';

/** What an action run came to: its data, or its error (Mistral's Result). */
export type ActionResult = { ok: true; data: unknown } | { ok: false; error: unknown };

export type EngineEvent =
  | { kind: 'action_result'; actionId: string; result: ActionResult }
  /** The action was running when the process stopped, and its task may not run it again. */
  | { kind: 'action_interrupted'; actionId: string }
  | { kind: 'cancel'; state: 'CANCELLED' | 'ERROR'; reason: string };

/**
 * The engine's pure step: given a workflow, what the store holds of one execution and one event,
 * decide every state change. Returns the working copy whose commands the dispatcher applies.
 */
export function decide(spec: WorkflowSpec, snapshot: ExecutionSnapshot, event: EngineEvent, deps: DecideDeps): WorkingCopy {
  const work = new WorkingCopy(spec, snapshot, deps);
  if (event.kind !== 'cancel') work.commands.push({ kind: 'delete_jobs', ref: event.actionId, jobKind: 'run_action' });
  switch (event.kind) {
    case 'action_result':
      onActionResult(work, event.actionId, event.result);
      break;
    case 'action_interrupted':
      onActionInterrupted(work, event.actionId);
      break;
    case 'cancel':
      stopWorkflow(work, event.state, event.reason, {});
      break;
  }
  return work;
}

function onActionResult(work: WorkingCopy, actionId: string, result: ActionResult): void {
  const action = work.action(actionId);
  if (!action || (action.state !== 'RUNNING' && action.state !== 'SCHEDULED')) return;
  const output = { result: result.ok ? result.data : result.error };
  work.updateAction(action, { state: result.ok ? 'SUCCESS' : 'ERROR', output });
  const task = work.task(action.taskId);
  if (!task || task.state !== 'RUNNING' || !work.isRunning) return;
  if (result.ok) completeTask(work, task, 'SUCCESS', result.data, null);
  else completeTask(work, task, 'ERROR', result.error, errorText(result.error));
  checkCompletion(work);
}

function onActionInterrupted(work: WorkingCopy, actionId: string): void {
  const action = work.action(actionId);
  if (!action || action.state !== 'RUNNING') return;
  const reason = `The action ${action.name} may have been running when stackhook stopped, and task is not safe-rerun; it was not run again`;
  work.updateAction(action, { state: 'ERROR', output: { result: reason } });
  const task = work.task(action.taskId);
  if (!task || task.state !== 'RUNNING' || !work.isRunning) return;
  // Routed through on-error like any other failure of the task.
  completeTask(work, task, 'ERROR', reason, reason);
  checkCompletion(work);
}

export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return JSON.stringify(error);
}
