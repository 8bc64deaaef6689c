import type { TaskRecord } from '../store/records.js';
import type { TaskSpec } from '../workflow/spec.js';
import { failTask } from './completion.js';
import { arriveAtJoin } from './join.js';
import { after, policyFlag, policyNumber } from './policies.js';
import { runTaskActions } from './task-actions.js';
import { updateRuntime, type TaskRuntime } from './task-runtime.js';
import type { WorkingCopy } from './working-copy.js';

/** Starts a task reached by a transition (or a start task): a join waits, others go through their policies. */
export function runTask(work: WorkingCopy, spec: TaskSpec, inContext: Record<string, unknown>): void {
  if (spec.join !== undefined) return arriveAtJoin(work, spec);
  const task = newTask(work, spec.name, inContext, 'RUNNING');
  const pause = policyFlag(work, task, 'PauseBeforePolicy', spec.pauseBefore, false);
  if (pause.ok && pause.value) return pauseBefore(work, task);
  work.insertTask(task);
  if (!pause.ok) return void failTask(work, task, pause.error, { force: true });
  beginTask(work, spec, task);
}

export function newTask(
  work: WorkingCopy, name: string, inContext: Record<string, unknown>, state: TaskRecord['state'],
): TaskRecord {
  const { now, newId } = work.deps;
  return {
    id: newId(), executionId: work.execution.id, name, state, stateInfo: null,
    inContext, published: {}, result: null, nextTasks: [], errorHandled: false, runtime: {},
    createdAt: now, startedAt: state === 'RUNNING' ? now : null, finishedAt: null,
  };
}

/** The task waits, IDLE, and the workflow pauses; resume starts it (Mistral's pause-before). */
function pauseBefore(work: WorkingCopy, task: TaskRecord): void {
  Object.assign(task, { state: 'IDLE', stateInfo: "Set by 'pause-before' policy", startedAt: null });
  work.insertTask(task);
  if (work.isRunning) work.updateExecution({ state: 'PAUSED' });
}

/** A RUNNING task: its timeout starts now, then wait-before delays its actions, or they run. */
export function beginTask(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): void {
  const timeout = policyNumber(work, task, 'TimeoutPolicy', spec.timeout);
  if (!timeout.ok) return void failTask(work, task, timeout.error, { force: true });
  const wait = policyNumber(work, task, 'WaitBeforePolicy', spec.waitBefore);
  if (!wait.ok) return void failTask(work, task, wait.error, { force: true });
  if (timeout.value > 0) work.scheduleJob('task_timeout', task.id, after(work, timeout.value));
  if (wait.value > 0) {
    return delayTask(work, task, 'wait_before', wait.value, `Delayed by 'wait-before' policy [delay=${wait.value}]`);
  }
  runTaskActions(work, spec, task);
}

/** DELAYED until a durable `task_timer` job says the wait is over. */
export function delayTask(
  work: WorkingCopy, task: TaskRecord, waiting: NonNullable<TaskRuntime['waiting']>, seconds: number,
  stateInfo: string, runtime: TaskRuntime = {}, more: Partial<TaskRecord> = {},
): void {
  updateRuntime(work, task, { ...runtime, waiting }, { ...more, state: 'DELAYED', stateInfo });
  work.scheduleJob('task_timer', task.id, after(work, seconds));
}
