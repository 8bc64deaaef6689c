import type { TaskRecord, TaskState } from '../store/records.js';
import type { TaskSpec, Transition } from '../workflow/spec.js';
import { forceFail } from './completion.js';
import { evaluateIn, isTruthy, publishData, transitionData } from './evaluation.js';
import { policyFlag, policyNumber } from './policies.js';
import { retryPlanned } from './retry.js';
import { runReadyReverseTasks } from './reverse.js';
import { dispatchTransitions } from './transitions.js';
import { delayTask } from './task-run.js';
import type { WorkingCopy } from './working-copy.js';

export type FinalTaskState = Extract<TaskState, 'SUCCESS' | 'ERROR'>;

/**
 * A task's action (or all its iterations) finished: publish, then the after-completion policies
 * in Mistral's order (wait-after, fail-on, retry), then the task ends and its transitions run.
 */
export function completeTask(
  work: WorkingCopy, task: TaskRecord, state: FinalTaskState, result: unknown, stateInfo: string | null,
): void {
  const spec = work.spec.tasks.get(task.name)!;
  // The result first, so publish can read task().result; the state once publishing worked, so a
  // publish that fails leaves the task in ERROR rather than SUCCESS.
  Object.assign(task, { result, stateInfo });
  if (!publish(work, spec, task, state)) return;
  const waitAfter = policyNumber(work, task, 'WaitAfterPolicy', spec.waitAfter);
  if (!waitAfter.ok) return forceFail(work, waitAfter.error, task);
  if (waitAfter.value > 0) {
    const info = `Delayed by 'wait-after' policy [delay=${waitAfter.value}]`;
    return delayTask(work, task, 'wait_after', waitAfter.value, info, { outcome: { state, stateInfo } }, { result });
  }
  settleTask(work, spec, task, state, stateInfo);
}

/** After any wait-after: fail-on may turn a success into an error, retry may run the task again. */
export function settleTask(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, state: FinalTaskState, stateInfo: string | null): void {
  if (state === 'SUCCESS' && spec.failOn !== undefined) {
    const failOn = evaluateIn(spec.failOn, work.snapshot, transitionData(work.snapshot, task), task);
    if (!failOn.ok) return forceFail(work, `Failed to evaluate fail-on of task ${task.name}: ${failOn.error}`, task);
    if (isTruthy(failOn.value)) [state, stateInfo] = ['ERROR', "Failed by 'fail-on' policy"];
  }
  if (retryPlanned(work, spec, task, state)) return;
  finishTask(work, spec, task, state, stateInfo);
}

/** The task ends: its result may be dropped (keep-result), then what comes next is decided. */
export function finishTask(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, state: FinalTaskState, stateInfo: string | null): void {
  work.updateTask(task, { state, result: task.result, stateInfo, finishedAt: work.deps.now });
  if (spec.timeout !== undefined) work.deleteJobs(task.id, 'task_timeout');
  if (spec.keepResult !== true) dropResultUnlessKept(work, spec, task);
  if (work.spec.type === 'reverse') return runReadyReverseTasks(work);
  const next = nextTransitions(work, spec, task, state);
  if (next === undefined) return;
  const names = next.filter((t) => t.kind === 'task').map((t) => t.name);
  work.updateTask(task, { nextTasks: names, errorHandled: state === 'ERROR' && next.handlesError });
  dispatchTransitions(work, task, next);
}

function publish(work: WorkingCopy, spec: TaskSpec, task: TaskRecord, state: FinalTaskState): boolean {
  const publishSpec = spec.publishOn[state === 'SUCCESS' ? 'success' : 'error'];
  if (!publishSpec) return true;
  const data = publishData(work.snapshot, task);
  // Mistral publishes after setting the final state, so `task().state` reads it; the record
  // itself changes state only once the after-completion policies have had their say.
  const running = task.state;
  task.state = state;
  const branch = evaluateIn(publishSpec.branch ?? {}, work.snapshot, data, task);
  const global = evaluateIn(publishSpec.global ?? {}, work.snapshot, data, task);
  task.state = running;
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

/** keep-result: false wipes the result once published, as Mistral wipes the action outputs. */
function dropResultUnlessKept(work: WorkingCopy, spec: TaskSpec, task: TaskRecord): void {
  const keep = policyFlag(work, task, 'keep-result', spec.keepResult, true);
  if (!keep.ok || keep.value) return;
  work.updateTask(task, { result: null });
  for (const action of work.actionsOf(task.id)) work.updateAction(action, { output: {} });
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
