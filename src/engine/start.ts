import type { ExecutionRecord, LifecycleStep } from '../store/records.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import { startTasks } from '../workflow/spec.js';
import { forceFail } from './completion.js';
import { evaluateIn, workflowData } from './evaluation.js';
import { runReadyReverseTasks, requiredTasks } from './reverse.js';
import { settle } from './settle.js';
import { WorkflowInputError } from './start-errors.js';
import { runTask } from './task-run.js';
import { WorkingCopy, type DecideDeps } from './working-copy.js';

export interface StartRequest {
  id?: string;
  spec: WorkflowSpec;
  input: Record<string, unknown>;
  env: Record<string, unknown>;
  /** Mistral's execution params besides env: `task_name` for reverse workflows, and the like. */
  params?: Record<string, unknown>;
  /** Set when a `workflow:` task starts this execution. */
  parent?: { executionId: string; taskId: string; rootExecutionId: string };
  signalId?: string;
  step?: LifecycleStep;
  resourceType?: string;
  stackId?: string;
  deadlineAt?: number;
}

export { WorkflowInputError, InvalidTaskNameError, WorkflowStartError } from './start-errors.js';

/** Declared input with defaults applied; a workflow that declares no input takes what it is given. */
export function prepareInput(spec: WorkflowSpec, given: Record<string, unknown>): Record<string, unknown> {
  if (spec.input.length === 0) return { ...given };
  const declared = new Set(spec.input.map((p) => p.name));
  const missing = spec.input.filter((p) => p.required && !(p.name in given)).map((p) => p.name);
  const unexpected = Object.keys(given).filter((k) => !declared.has(k));
  if (missing.length || unexpected.length) throw new WorkflowInputError(spec.qualifiedName, missing, unexpected);
  const input: Record<string, unknown> = { ...given };
  for (const p of spec.input) if (!p.required && !(p.name in input)) input[p.name] = p.default ?? null;
  return input;
}

/** Plans a new execution: its row, its variables, its start tasks and their first actions. */
export function planStart(request: StartRequest, deps: DecideDeps): WorkingCopy {
  const { spec } = request;
  const params = request.params ?? {};
  if (spec.type === 'reverse') requiredTasks(spec, params['task_name']);
  const id = request.id ?? deps.newId();
  const execution: ExecutionRecord = {
    id,
    workflowName: spec.qualifiedName,
    definition: spec.raw,
    state: 'RUNNING',
    stateInfo: null,
    input: prepareInput(spec, request.input),
    output: null,
    env: request.env,
    context: { __execution: { id } },
    signalId: request.signalId ?? null,
    step: request.step ?? null,
    resourceType: request.resourceType ?? null,
    stackId: request.stackId ?? null,
    version: 0,
    deadlineAt: request.deadlineAt ?? null,
    createdAt: deps.now,
    updatedAt: deps.now,
    finishedAt: null,
    parentExecutionId: request.parent?.executionId ?? null,
    parentTaskId: request.parent?.taskId ?? null,
    rootExecutionId: request.parent?.rootExecutionId ?? null,
    params,
    runtime: spec.workbookName ? { workbook: spec.workbookName } : {},
  };
  const work = new WorkingCopy(spec, { execution, tasks: [], actions: [] }, deps);
  work.commands.push({ kind: 'insert_execution', execution: { ...execution } });
  if (execution.deadlineAt !== null) work.scheduleJob('execution_deadline', execution.id, execution.deadlineAt);
  if (spec.vars) {
    const vars = evaluateIn(spec.vars, work.snapshot, workflowData(work.snapshot));
    if (!vars.ok) {
      forceFail(work, `Failed to evaluate workflow vars: ${vars.error}`);
      return work;
    }
    work.updateExecution({ context: { ...work.execution.context, ...(vars.value as object) } });
  }
  if (spec.type === 'reverse') runReadyReverseTasks(work);
  else {
    for (const task of startTasks(spec)) {
      if (!work.isRunning) break;
      runTask(work, task, {});
    }
  }
  settle(work);
  return work;
}
