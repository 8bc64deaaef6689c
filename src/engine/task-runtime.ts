import type { TaskRecord } from '../store/records.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * A task's policy bookkeeping, kept on its row (Mistral's runtime_context) so that after a
 * restart every timer, retry and with-items iteration continues from where it was.
 */
export interface TaskRuntime {
  /** Retries done so far. */
  retry_no?: number;
  /** with-items: how many iterations, and how many may be in flight at once. */
  with_items?: { count: number; capacity: number };
  concurrency?: number;
  /** with-items: the item variables of each iteration, evaluated once when the task started. */
  items?: Record<string, unknown>[];
  /** What the task's pending `task_timer` job is for. */
  waiting?: 'wait_before' | 'retry' | 'wait_after';
  /** The timer fell due while the workflow was paused; resume acts on it. */
  timer_due?: boolean;
  /** The outcome a wait-after holds back until its timer. */
  outcome?: { state: 'SUCCESS' | 'ERROR'; stateInfo: string | null };
  /** The task was paused by pause-before once and resumed: it does not pause again. */
  pause_before_done?: boolean;
  timed_out?: boolean;
  /** Ad-hoc actions the task's action went through, outermost first (their output transforms apply on the way back). */
  adhoc?: string[];
}

export function runtimeOf(task: TaskRecord): TaskRuntime {
  return task.runtime as TaskRuntime;
}

export function updateRuntime(work: WorkingCopy, task: TaskRecord, patch: TaskRuntime, more: Partial<TaskRecord> = {}): void {
  const runtime: Record<string, unknown> = { ...task.runtime, ...patch };
  for (const key of Object.keys(runtime)) if (runtime[key] === undefined) delete runtime[key];
  work.updateTask(task, { ...more, runtime });
}
