import type { ExecutionRecord, ExecutionSnapshot } from '../store/records.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import { stopWorkflow } from './completion.js';
import { onTaskTimeout, onTaskTimer, pauseWorkflow, resumeWorkflow } from './control.js';
import { onRunFinished } from './run-result.js';
import { settle } from './settle.js';
import { childOutcome } from './subworkflow.js';
import { WorkingCopy, type DecideDeps } from './working-copy.js';

/** What a run came to: its data, or its error (Mistral's Result); a sub-workflow may be cancelled. */
export type ActionResult =
  | { ok: true; data: unknown }
  | { ok: false; error: unknown; cancelled?: boolean; reason?: string };

export type EngineEvent =
  | { kind: 'action_result'; actionId: string; result: ActionResult }
  /** The action was running when the process stopped, and its task may not run it again. */
  | { kind: 'action_interrupted'; actionId: string }
  /** A sub-workflow this execution started has ended. */
  | { kind: 'subworkflow_done'; child: Pick<ExecutionRecord, 'id' | 'state' | 'output' | 'stateInfo'> }
  | { kind: 'task_timer'; taskId: string }
  | { kind: 'task_timeout'; taskId: string }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'cancel'; state: 'CANCELLED' | 'ERROR'; reason: string | null };

/**
 * The engine's pure step: given a workflow, what the store holds of one execution and one event,
 * decide every state change. Returns the working copy whose commands the dispatcher applies.
 */
export function decide(spec: WorkflowSpec, snapshot: ExecutionSnapshot, event: EngineEvent, deps: DecideDeps): WorkingCopy {
  const work = new WorkingCopy(spec, snapshot, deps);
  apply(work, event);
  settle(work);
  // The parent of a sub-workflow learns of its end through a job committed with that end.
  if (work.completion && work.execution.parentExecutionId) work.scheduleJob('subworkflow_done', work.execution.id, deps.now);
  return work;
}

function apply(work: WorkingCopy, event: EngineEvent): void {
  switch (event.kind) {
    case 'action_result':
      work.deleteJobs(event.actionId, 'run_action');
      return onActionResult(work, event.actionId, event.result);
    case 'action_interrupted':
      work.deleteJobs(event.actionId, 'run_action');
      return onActionInterrupted(work, event.actionId);
    case 'subworkflow_done':
      work.deleteJobs(event.child.id, 'subworkflow_done');
      return onSubworkflowDone(work, event.child);
    case 'task_timer':
      work.deleteJobs(event.taskId, 'task_timer');
      return onTaskTimer(work, event.taskId);
    case 'task_timeout':
      work.deleteJobs(event.taskId, 'task_timeout');
      return onTaskTimeout(work, event.taskId);
    case 'pause':
      return pauseWorkflow(work);
    case 'resume':
      return resumeWorkflow(work);
    case 'cancel':
      return stopWorkflow(work, event.state, event.reason, {});
  }
}

function onActionResult(work: WorkingCopy, actionId: string, result: ActionResult): void {
  const action = work.action(actionId);
  if (!action || (action.state !== 'RUNNING' && action.state !== 'SCHEDULED')) return;
  onRunFinished(work, action, result);
}

function onActionInterrupted(work: WorkingCopy, actionId: string): void {
  const action = work.action(actionId);
  if (!action || action.state !== 'RUNNING') return;
  const reason = `The action ${action.name} may have been running when stackhook stopped, and task is not safe-rerun; it was not run again`;
  // Routed through on-error like any other failure of the task.
  onRunFinished(work, action, { ok: false, error: reason, reason });
}

function onSubworkflowDone(work: WorkingCopy, child: Pick<ExecutionRecord, 'id' | 'state' | 'output' | 'stateInfo'>): void {
  const run = work.actions.find((a) => a.childExecutionId === child.id);
  if (!run || run.state !== 'RUNNING') return;
  onRunFinished(work, run, childOutcome(child));
}
