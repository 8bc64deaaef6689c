import type { TaskRecord } from '../store/records.js';
import { inboundTasks, type TaskSpec, type WorkflowSpec } from '../workflow/spec.js';
import { outboundContext } from './evaluation.js';
import { isTaskCompleted } from './states.js';
import { completeTask } from './task-complete.js';
import { beginTask, newTask } from './task-run.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * A transition reached a join task. It has one instance per execution, created WAITING when the
 * first inbound task arrives; whether it runs is decided by `refreshJoins` once the arrival is
 * recorded. Arrivals after it left WAITING change nothing (Mistral would run its action again).
 */
export function arriveAtJoin(work: WorkingCopy, spec: TaskSpec): void {
  if (work.tasks.some((t) => t.name === spec.name)) return;
  work.insertTask(newTask(work, spec.name, {}, 'WAITING'));
}

type Induced = 'RUNNING' | 'WAITING' | 'ERROR';

/**
 * Re-evaluates every WAITING join (Mistral's _get_join_logical_state): RUNNING once enough
 * inbound tasks routed to it, ERROR once that can no longer happen. Repeats while something
 * changed, since a join that ends may decide another.
 */
export function refreshJoins(work: WorkingCopy): void {
  for (let changed = true; changed && work.isRunning;) {
    changed = false;
    for (const task of work.tasks.filter((t) => t.state === 'WAITING')) {
      if (!work.isRunning) return;
      changed = decideJoin(work, task) || changed;
    }
  }
}

function decideJoin(work: WorkingCopy, task: TaskRecord): boolean {
  const spec = work.spec.tasks.get(task.name)!;
  const inbound = inboundTasks(work.spec, spec.name).map((t) => [t.name, induced(work, t, spec.name)] as const);
  const needed = spec.join === 'all' ? inbound.length : Math.min(spec.join ?? 1, inbound.length);
  const arrived = inbound.filter(([, state]) => state === 'RUNNING').map(([name]) => name);
  const failed = inbound.filter(([, state]) => state === 'ERROR').map(([name]) => name);
  if (arrived.length >= needed) {
    const context: Record<string, unknown> = {};
    for (const name of arrived) Object.assign(context, outboundContext(latest(work, name)!));
    work.updateTask(task, { state: 'RUNNING', inContext: context, startedAt: work.deps.now });
    beginTask(work, spec, task);
    return true;
  }
  if (failed.length > inbound.length - needed) {
    completeTask(work, task, 'ERROR', null, `Failed by tasks: [${failed.join(', ')}]`);
    return true;
  }
  return false;
}

function latest(work: WorkingCopy, name: string): TaskRecord | undefined {
  for (let i = work.tasks.length - 1; i >= 0; i--) if (work.tasks[i]!.name === name) return work.tasks[i];
  return undefined;
}

/** What one inbound task means for the join: it routed there, it may still, or it never will. */
function induced(work: WorkingCopy, inbound: TaskSpec, joinName: string): Induced {
  const execution = latest(work, inbound.name);
  if (!execution) return possibleRoute(work, work.spec, inbound, new Set()) ? 'WAITING' : 'ERROR';
  if (!isTaskCompleted(execution.state)) return 'WAITING';
  return execution.nextTasks.includes(joinName) ? 'RUNNING' : 'ERROR';
}

/** Whether a task that has not run yet may still be reached (Mistral's _possible_route). */
function possibleRoute(work: WorkingCopy, wf: WorkflowSpec, spec: TaskSpec, seen: Set<string>): boolean {
  if (seen.has(spec.name)) return false;
  seen.add(spec.name);
  const inbound = inboundTasks(wf, spec.name);
  if (inbound.length === 0) return true;
  return inbound.some((parent) => {
    const execution = latest(work, parent.name);
    if (!execution) return possibleRoute(work, wf, parent, seen);
    return !isTaskCompleted(execution.state) || execution.nextTasks.includes(spec.name);
  });
}
