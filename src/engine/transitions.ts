import type { TaskRecord } from '../store/records.js';
import type { Transition } from '../workflow/spec.js';
import { stopWorkflow } from './completion.js';
import { evaluateIn, outboundContext, transitionData } from './evaluation.js';
import { runTask } from './task-run.js';
import type { WorkingCopy } from './working-copy.js';

/** Transitions a `pause` (or a pause of the workflow) held back, run in order on resume. */
export interface BacklogEntry {
  taskId: string;
  next: Transition[];
}

export function backlogOf(work: WorkingCopy): BacklogEntry[] {
  return (work.execution.runtime['backlog'] as BacklogEntry[] | undefined) ?? [];
}

function holdBack(work: WorkingCopy, task: TaskRecord, next: Transition[]): void {
  work.updateExecution({ runtime: { ...work.execution.runtime, backlog: [...backlogOf(work), { taskId: task.id, next }] } });
}

/**
 * Runs the chosen transitions in order. The first state-changing engine command cuts the list:
 * tasks before it run, then the workflow changes state; after `fail`/`succeed` the rest is
 * dropped, after `pause` (or while the workflow is paused) it waits in the backlog for resume.
 */
export function dispatchTransitions(work: WorkingCopy, task: TaskRecord, next: readonly Transition[]): void {
  const outbound = outboundContext(task);
  for (const [i, transition] of next.entries()) {
    if (work.execution.state === 'PAUSED') return holdBack(work, task, next.slice(i));
    if (!work.isRunning) return;
    if (transition.kind === 'task') {
      runTask(work, work.spec.tasks.get(transition.name)!, outbound);
      continue;
    }
    if (transition.command === 'noop') continue;
    const params = evaluateIn(transition.params, work.snapshot, transitionData(work.snapshot, task), task);
    const msg = params.ok ? (params.value as { msg?: unknown }).msg : undefined;
    const stateInfo = msg === undefined ? null : String(msg);
    if (transition.command === 'pause') {
      work.updateExecution({ state: 'PAUSED', stateInfo });
      continue;
    }
    return stopWorkflow(work, transition.command === 'fail' ? 'ERROR' : 'SUCCESS', stateInfo, outbound);
  }
}

/** On resume: the held-back transitions run as if their tasks had just finished. */
export function dispatchBacklog(work: WorkingCopy): void {
  const backlog = backlogOf(work);
  if (backlog.length === 0) return;
  const { backlog: _done, ...runtime } = work.execution.runtime;
  work.updateExecution({ runtime });
  for (const entry of backlog) {
    const task = work.task(entry.taskId);
    if (task) dispatchTransitions(work, task, entry.next);
  }
}
