import type { ExecutionRecord, LifecycleStep } from '../store/records.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import { startTasks } from '../workflow/spec.js';
import { checkCompletion, forceFail } from './completion.js';
import { evaluateIn, workflowData } from './evaluation.js';
import { scheduleTask } from './task-run.js';
import { WorkingCopy, type DecideDeps } from './working-copy.js';

export interface StartRequest {
  id?: string;
  spec: WorkflowSpec;
  input: Record<string, unknown>;
  env: Record<string, unknown>;
  signalId?: string;
  step?: LifecycleStep;
  resourceType?: string;
  stackId?: string;
  deadlineAt?: number;
}

/** The workflow's input does not fit its declaration (Mistral answers this with a 400). */
export class WorkflowInputError extends Error {
  override readonly name = 'WorkflowInputError';
  constructor(readonly workflow: string, readonly missing: string[], readonly unexpected: string[]) {
    super(`Invalid input [name=${workflow}, missing=[${missing.join(', ')}], unexpected=[${unexpected.join(', ')}]]`);
  }
}

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
  for (const task of startTasks(spec)) {
    if (!work.isRunning) break;
    scheduleTask(work, task, {});
  }
  checkCompletion(work);
  return work;
}
