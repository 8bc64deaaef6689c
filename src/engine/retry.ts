import type { TaskRecord } from '../store/records.js';
import type { RetrySpec, TaskSpec } from '../workflow/spec.js';
import { forceFail } from './completion.js';
import { evaluateIn, isTruthy, transitionData } from './evaluation.js';
import { policyNumber } from './policies.js';
import type { FinalTaskState } from './task-complete.js';
import { delayTask } from './task-run.js';
import { runtimeOf } from './task-runtime.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * Mistral's RetryPolicy: up to `count` re-runs after the first. An error is retried unless
 * `break-on` holds; a success only while `continue-on` holds (both read the outbound context).
 * A timed-out task is not retried. Returns whether the task was set to run again (or failed).
 */
export function retryPlanned(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, state: FinalTaskState): boolean {
  const retry = spec.retry;
  const runtime = runtimeOf(task);
  if (!retry || runtime.timed_out) return false;
  const count = policyNumber(work, task, 'RetryPolicy', retry.count);
  const delay = policyNumber(work, task, 'RetryPolicy', retry.delay);
  if (!count.ok || !delay.ok) {
    forceFail(work, (!count.ok ? count : (delay as { error: string })).error, task);
    return true;
  }
  const retryNo = runtime.retry_no ?? 0;
  if (retryNo >= count.value) return false;
  const wanted = wantsRetry(work, retry, task, state);
  if (!wanted.ok) {
    forceFail(work, `Failed to evaluate the retry policy of task ${task.name}: ${wanted.error}`, task);
    return true;
  }
  if (!wanted.value) return false;
  // The earlier runs no longer count towards the task's result.
  for (const run of work.actionsOf(task.id)) if (run.accepted) work.updateAction(run, { accepted: false });
  delayTask(
    work, task, 'retry', delay.value, `Delayed by 'retry' policy [delay=${delay.value}]`,
    { retry_no: retryNo + 1, with_items: undefined, items: undefined }, { result: task.result },
  );
  return true;
}

function wantsRetry(
  work: WorkingCopy, retry: RetrySpec, task: TaskRecord, state: FinalTaskState,
): { ok: true; value: boolean } | { ok: false; error: string } {
  const condition = state === 'ERROR' ? retry.breakOn : retry.continueOn;
  if (condition === undefined) return { ok: true, value: state === 'ERROR' };
  const value = evaluateIn(condition, work.snapshot, transitionData(work.snapshot, task), task);
  if (!value.ok) return value;
  return { ok: true, value: state === 'ERROR' ? !isTruthy(value.value) : isTruthy(value.value) };
}
