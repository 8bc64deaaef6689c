import type { TaskRecord, TaskState } from '../store/records.js';
import type { TaskSpec, Transition } from '../workflow/spec.js';
import { forceFail, stopWorkflow } from './completion.js';
import { evaluateIn, isTruthy, outboundContext, publishData, transitionData } from './evaluation.js';
import { scheduleTask } from './task-run.js';
import type { WorkingCopy } from './working-copy.js';

type FinalTaskState = Extract<TaskState, 'SUCCESS' | 'ERROR'>;

/** A task's action finished: record it, publish, and follow the task's transitions. */
export function completeTask(
  work: WorkingCopy, task: TaskRecord, state: FinalTaskState, result: unknown, stateInfo: string | null,
): void {
  const spec = work.spec.tasks.get(task.name)!;
  // The result first, so publish can read task().result; the state once publishing worked, so a
  // publish that fails leaves the task in ERROR rather than SUCCESS.
  Object.assign(task, { result, stateInfo });
  if (!publish(work, spec, task, state)) return;
  work.updateTask(task, { state, result, stateInfo, finishedAt: work.deps.now });
  const next = nextTransitions(work, spec, task, state);
  if (next === undefined) return;
  const names = next.filter((t) => t.kind === 'task').map((t) => t.name);
  const handled = state === 'ERROR' && next.handlesError;
  work.updateTask(task, { nextTasks: names, errorHandled: handled });
  dispatch(work, task, next);
}

function publish(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, state: FinalTaskState): boolean {
  const publishSpec = spec.publishOn[state === 'SUCCESS' ? 'success' : 'error'];
  if (!publishSpec) return true;
  const data = publishData(work.snapshot, task);
  const branch = evaluateIn(publishSpec.branch ?? {}, work.snapshot, data, task);
  const global = evaluateIn(publishSpec.global ?? {}, work.snapshot, data, task);
  if (!branch.ok || !global.ok) {
    const error = !branch.ok ? branch.error : (global as { error: string }).error;
    forceFail(work, `Failed to publish variables of task ${task.name}: ${error}`, task);
    return false;
  }
  work.updateTask(task, { published: branch.value as Record<string, unknown> });
  if (Object.keys(global.value as object).length) {
    work.updateExecution({ context: { ...work.execution.context, ...(global.value as object) } });
  }
  return true;
}

type Chosen = Transition[] & { handlesError: boolean };

/** The transitions whose guards hold, in Mistral's order: on-success/on-error, then on-complete. */
function nextTransitions(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, state: FinalTaskState): Chosen | undefined {
  const specific = state === 'ERROR' ? spec.onError : spec.onSuccess;
  const data = transitionData(work.snapshot, task);
  const chosen = [] as unknown as Chosen;
  chosen.handlesError = false;
  for (const [list, fromOnError] of [[specific, state === 'ERROR'], [spec.onComplete, false]] as const) {
    for (const transition of list) {
      if (transition.condition !== undefined) {
        const guard = evaluateIn(transition.condition, work.snapshot, data, task);
        if (!guard.ok) {
          forceFail(work, `Failed to evaluate the transition guard of task ${task.name}: ${guard.error}`, task);
          return undefined;
        }
        if (!isTruthy(guard.value)) continue;
      }
      chosen.push(asTaskIfDefined(work, transition));
      if (fromOnError) chosen.handlesError = true;
    }
  }
  return chosen;
}

/** A task named like an engine command overrides the command (Mistral looks tasks up first). */
function asTaskIfDefined(work: WorkingCopy, transition: Transition): Transition {
  if (transition.kind === 'command' && work.spec.tasks.has(transition.command)) {
    return { kind: 'task', name: transition.command, condition: transition.condition, params: transition.params };
  }
  return transition;
}

/**
 * Runs the chosen transitions in order. The first state-changing engine command cuts the list:
 * tasks before it run, then the workflow changes state, and what follows is dropped.
 */
function dispatch(work: WorkingCopy, task: TaskRecord, next: Transition[]): void {
  const outbound = outboundContext(task);
  for (const transition of next) {
    if (!work.isRunning) return;
    if (transition.kind === 'task') {
      scheduleTask(work, work.spec.tasks.get(transition.name)!, outbound);
      continue;
    }
    if (transition.command === 'noop') continue;
    const params = evaluateIn(transition.params, work.snapshot, transitionData(work.snapshot, task), task);
    const msg = params.ok ? (params.value as { msg?: unknown }).msg : undefined;
    if (transition.command === 'pause') {
      work.updateExecution({ state: 'PAUSED', stateInfo: msg === undefined ? null : String(msg) });
      return;
    }
    const state = transition.command === 'fail' ? 'ERROR' : 'SUCCESS';
    stopWorkflow(work, state, msg === undefined ? null : String(msg), outbound);
    return;
  }
}
