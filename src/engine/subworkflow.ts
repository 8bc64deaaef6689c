import type { ActionRecord, ExecutionRecord, TaskRecord } from '../store/records.js';
import type { ActionResult } from './decide.js';
import { failTask } from './completion.js';
import { onRunFinished } from './run-result.js';
import { WorkflowStartError } from './start-errors.js';
import { planStart } from './start.js';
import { completeTask } from './task-complete.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * Starts a sub-workflow for one run of a `workflow:` task (Mistral's WorkflowAction.schedule).
 * Input keys the sub-workflow does not declare become its params (`env`, `task_name`, …). The
 * sub-execution is planned in the same decision and committed with it; a run row of the task
 * links to it, and its end comes back through a `subworkflow_done` job.
 */
export function startSubworkflow(
  work: WorkingCopy, task: TaskRecord, name: string, given: Record<string, unknown>, index: number,
): boolean {
  const { workbookName } = work.spec;
  const spec = work.deps.catalog.findWorkflow(name, workbookName ? { workbookName } : {});
  if (!spec) {
    failTask(work, task, `Failed to find workflow [name=${name}]`, { force: true });
    return false;
  }
  const declared = new Set(spec.input.map((p) => p.name));
  const input: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) (declared.has(key) ? input : params)[key] = value;
  const { env = work.execution.env, ...otherParams } = params;
  const { execution } = work;
  let child: WorkingCopy;
  try {
    child = planStart({
      spec, input, env: env as Record<string, unknown>, params: { ...otherParams, index },
      parent: { executionId: execution.id, taskId: task.id, rootExecutionId: execution.rootExecutionId ?? execution.id },
      ...(execution.stackId ? { stackId: execution.stackId } : {}),
      ...(execution.resourceType ? { resourceType: execution.resourceType } : {}),
    }, work.deps);
  } catch (error) {
    if (!(error instanceof WorkflowStartError)) throw error;
    completeTask(work, task, 'ERROR', error.message, error.message);
    return false;
  }
  const run = insertRun(work, task, child.execution, index);
  work.commands.push(...child.finish(undefined));
  // A sub-workflow that ended while being planned (it failed at once) answers here and now.
  if (child.completion) onRunFinished(work, run, childOutcome(child.execution));
  return true;
}

function insertRun(work: WorkingCopy, task: TaskRecord, child: ExecutionRecord, index: number): ActionRecord {
  const { now, newId } = work.deps;
  const run: ActionRecord = {
    id: newId(), taskId: task.id, executionId: work.execution.id, name: child.workflowName, input: child.input,
    state: 'RUNNING', output: null, attempt: 1, createdAt: now, updatedAt: now,
    itemIndex: index, accepted: true, childExecutionId: child.id,
  };
  work.insertAction(run);
  return run;
}

/** A sub-workflow's end as its parent task sees it: the output is the result either way. */
export function childOutcome(child: Pick<ExecutionRecord, 'id' | 'state' | 'output' | 'stateInfo'>): ActionResult {
  if (child.state === 'SUCCESS') return { ok: true, data: child.output };
  if (child.state === 'CANCELLED') return { ok: false, error: child.output, cancelled: true };
  return { ok: false, error: child.output, reason: child.stateInfo ?? `Failed subworkflow [execution_id=${child.id}]` };
}
