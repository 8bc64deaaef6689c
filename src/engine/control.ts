import type { TaskRecord } from '../store/records.js';
import { cancelRun } from './completion.js';
import { policyNumber } from './policies.js';
import { isTaskCompleted } from './states.js';
import { completeTask, settleTask } from './task-complete.js';
import { runTaskActions } from './task-actions.js';
import { beginTask } from './task-run.js';
import { runtimeOf, updateRuntime } from './task-runtime.js';
import { dispatchBacklog } from './transitions.js';
import { fillCapacity } from './with-items.js';
import type { WorkingCopy } from './working-copy.js';

/** A request the execution's state does not allow (Mistral: "Can't change workflow execution state"). */
export class ExecutionStateError extends Error {
  override readonly name = 'ExecutionStateError';
}

/** Pauses a running workflow: running actions finish, but nothing new starts until resume. */
export function pauseWorkflow(work: WorkingCopy): void {
  const { state } = work.execution;
  if (state === 'PAUSED') return;
  if (state !== 'RUNNING') throw new ExecutionStateError(`Can't change workflow execution state from ${state} to PAUSED`);
  work.updateExecution({ state: 'PAUSED' });
}

/**
 * Resumes a paused workflow: pause-before tasks start, timers that fell due meanwhile act,
 * with-items tasks fill their capacity, and the held-back transitions run (Mistral's backlog).
 */
export function resumeWorkflow(work: WorkingCopy): void {
  const { state } = work.execution;
  if (state === 'RUNNING') return;
  if (state !== 'PAUSED') throw new ExecutionStateError(`Can't change workflow execution state from ${state} to RUNNING`);
  work.updateExecution({ state: 'RUNNING', stateInfo: null });
  for (const task of [...work.tasks]) {
    if (!work.isRunning) return;
    const spec = work.spec.tasks.get(task.name)!;
    if (task.state === 'IDLE') {
      updateRuntime(work, task, { pause_before_done: true }, { state: 'RUNNING', stateInfo: null, startedAt: work.deps.now });
      beginTask(work, spec, task);
    } else if (task.state === 'DELAYED' && runtimeOf(task).timer_due) {
      endDelay(work, task);
    } else if (task.state === 'RUNNING' && spec.withItems && runtimeOf(task).items) {
      fillCapacity(work, spec, task);
    }
  }
  if (work.isRunning) dispatchBacklog(work);
}

/** A task's wait (wait-before, retry delay, wait-after) is over. */
export function onTaskTimer(work: WorkingCopy, taskId: string): void {
  const task = work.task(taskId);
  if (!task || task.state !== 'DELAYED') return;
  if (work.execution.state === 'PAUSED') return updateRuntime(work, task, { timer_due: true });
  if (work.isRunning) endDelay(work, task);
}

function endDelay(work: WorkingCopy, task: TaskRecord): void {
  const spec = work.spec.tasks.get(task.name)!;
  const { waiting, outcome } = runtimeOf(task);
  updateRuntime(work, task, { waiting: undefined, timer_due: undefined, outcome: undefined }, { state: 'RUNNING', stateInfo: null });
  if (waiting === 'wait_after' && outcome) return settleTask(work, spec, task, outcome.state, outcome.stateInfo);
  runTaskActions(work, spec, task);
}

/** The timeout policy fell due: a task still going fails, and its runs are stopped. */
export function onTaskTimeout(work: WorkingCopy, taskId: string): void {
  const task = work.task(taskId);
  if (!task || isTaskCompleted(task.state) || !work.isRunning) return;
  const spec = work.spec.tasks.get(task.name)!;
  const seconds = policyNumber(work, task, 'TimeoutPolicy', spec.timeout);
  for (const run of work.actionsOf(task.id)) {
    if (run.state === 'SCHEDULED' || run.state === 'RUNNING') cancelRun(work, run);
  }
  work.deleteJobs(task.id, 'task_timer');
  const reason = `Task timed out [timeout(s)=${seconds.ok ? seconds.value : spec.timeout}].`;
  updateRuntime(work, task, { timed_out: true, waiting: undefined }, task.state === 'RUNNING' ? {} : { state: 'RUNNING' });
  // No run was accepted with a result, so the task's result is the empty list, as in Mistral.
  completeTask(work, task, 'ERROR', [], reason);
}
