import type { ActionRecord, TaskRecord } from '../store/records.js';
import type { TaskSpec } from '../workflow/spec.js';
import { failTask } from './completion.js';
import { evaluateIn, itemInputData, taskInputData, type Evaluated } from './evaluation.js';
import { policyNumber } from './policies.js';
import { scheduleRun } from './task-actions.js';
import { completeTask } from './task-complete.js';
import { runtimeOf, updateRuntime } from './task-runtime.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * Starts a with-items task (Mistral's WithItemsTask): every list is evaluated once, all must be
 * as long, iteration i sees the i-th element of each under its variable name, and at most
 * `concurrency` iterations are in flight. Over empty lists the task succeeds at once with [].
 */
export function startWithItems(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): void {
  const items = itemVariables(work, spec, task);
  if (!items.ok) return void failTask(work, task, items.error, { force: true });
  const concurrency = policyNumber(work, task, 'ConcurrencyPolicy', spec.concurrency);
  if (!concurrency.ok) return void failTask(work, task, concurrency.error, { force: true });
  const count = items.value.length;
  const capacity = concurrency.value > 0 ? Math.min(concurrency.value, count) : count;
  updateRuntime(work, task, {
    with_items: { count, capacity }, items: items.value,
    ...(concurrency.value > 0 ? { concurrency: concurrency.value } : {}),
  });
  if (count === 0) return completeTask(work, task, 'SUCCESS', [], null);
  fillCapacity(work, spec, task);
}

function itemVariables(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): Evaluated<Record<string, unknown>[]> {
  const lists: [string, unknown[]][] = [];
  for (const entry of spec.withItems ?? []) {
    const value = typeof entry.items === 'string'
      ? evaluateIn(entry.items, work.snapshot, taskInputData(work.snapshot, task), task)
      : { ok: true as const, value: entry.items };
    if (!value.ok) return value;
    if (!Array.isArray(value.value)) {
      return { ok: false, error: `Wrong input format for: ${entry.var}. List type is expected, got ${JSON.stringify(value.value)}` };
    }
    lists.push([entry.var, value.value]);
  }
  const lengths = new Set(lists.map(([, list]) => list.length));
  if (lengths.size > 1) {
    return { ok: false, error: `Wrong input format for: with-items. All arrays must have the same length: ${lists.map(([name, l]) => `${name}=${l.length}`).join(', ')}` };
  }
  const count = lists[0]?.[1].length ?? 0;
  return { ok: true, value: Array.from({ length: count }, (_, i) => Object.fromEntries(lists.map(([name, list]) => [name, list[i]]))) };
}

function currentRuns(work: WorkingCopy, task: TaskRecord): ActionRecord[] {
  return work.actionsOf(task.id).filter((a) => a.accepted);
}

/** Schedules the next iterations, as many as the free capacity allows. */
export function fillCapacity(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): void {
  const { items = [], with_items: bounds } = runtimeOf(task);
  const runs = currentRuns(work, task);
  let inFlight = runs.filter((a) => a.state === 'SCHEDULED' || a.state === 'RUNNING').length;
  for (let index = runs.length; index < items.length && inFlight < (bounds?.capacity ?? items.length); index++, inFlight++) {
    if (!scheduleRun(work, spec, task, itemInputData(work.snapshot, task, items[index]!), index)) return;
  }
}

/**
 * One iteration ended. When all have, the task ends: ERROR if any failed, with the results
 * always a list ordered by item index; otherwise the next iteration starts (unless paused).
 */
export function onItemFinished(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): void {
  const runs = currentRuns(work, task);
  const count = runtimeOf(task).with_items?.count ?? 0;
  const done = runs.filter((a) => a.state !== 'SCHEDULED' && a.state !== 'RUNNING');
  if (done.length < count) {
    if (work.isRunning) fillCapacity(work, spec, task);
    return;
  }
  const results = [...done].sort((a, b) => a.itemIndex - b.itemIndex).map(runResult);
  if (done.some((a) => a.state === 'CANCELLED')) {
    work.updateTask(task, { state: 'CANCELLED', result: results, finishedAt: work.deps.now });
    return;
  }
  const failed = done.some((a) => a.state === 'ERROR');
  completeTask(work, task, failed ? 'ERROR' : 'SUCCESS', results, failed ? 'One or more actions had failed.' : null);
}

/** What one run contributes to its task's result: an action's result, a sub-workflow's output. */
export function runResult(action: ActionRecord): unknown {
  if (action.childExecutionId !== null) return action.output;
  return (action.output as { result?: unknown } | null)?.result ?? null;
}
