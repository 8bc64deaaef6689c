/**
 * What the store keeps. Glossary:
 * - signal: one lifecycle event for one resource (a CloudFormation-style request, or a Mistral API
 *   call on a type's phase workflow). Keyed by StackId+RequestId for idempotency.
 * - execution: one durable run of one workflow; tasks and action executions inside it.
 * - job: a unit of due work or a timer (run an action, a deadline); rows, never in-memory only.
 * - report: an outcome waiting in the outbox to be delivered to a callback URL.
 * - resource: the inventory's record of one managed external thing.
 */

export type Phase = 'create' | 'update' | 'delete' | 'suspend' | 'resume';
export type RequestType = 'Create' | 'Update' | 'Delete' | 'Suspend' | 'Resume';
export type SignalState = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
/** A step of a lifecycle operation; each step runs at most one workflow execution. */
export type LifecycleStep = 'decide' | 'delete_old' | 'create' | 'update' | 'delete' | 'suspend' | 'resume';

export type DecisionKind = 'none' | 'in-place' | 'replace';
export type ReplacementOrder = 'create_before_delete' | 'delete_before_create';

export interface Decision {
  kind: DecisionKind;
  order?: ReplacementOrder;
  reason: string;
  /** Where the decision came from: the type's policy, the template author, a workflow, or no change. */
  source: 'no-change' | 'type' | 'author' | 'workflow' | 'state';
}

export interface Outcome {
  status: 'SUCCESS' | 'FAILED';
  reason?: string;
  physicalId: string;
  data: Record<string, unknown>;
  noEcho: boolean;
}

export interface SignalRequest {
  properties: Record<string, unknown>;
  oldProperties?: Record<string, unknown>;
  /** The template author's reserved `replace_on_change` list, kept apart from the properties. */
  authorReplaceOnChange: string[];
  serviceTimeoutSeconds: number;
  /**
   * Whether whoever sent the signal deletes a replaced resource itself (a CloudFormation stack
   * does, after the update); if not (Heat through the Mistral API), stackhook deletes it.
   */
  callerDeletesReplaced?: boolean;
}

export interface SignalRecord {
  id: string;
  stackId: string;
  requestId: string;
  requestType: RequestType;
  resourceType: string;
  logicalId: string;
  /** The physical id the request named (Update, Delete), or the one chosen on Create. */
  physicalId: string | null;
  resourceId: string | null;
  /** The resource a replacement creates; the old one stays in resourceId until the stack deletes it. */
  newResourceId: string | null;
  state: SignalState;
  step: LifecycleStep | null;
  decision: Decision | null;
  outcome: Outcome | null;
  request: SignalRequest;
  callbackUrls: string[];
  deadlineAt: number;
  createdAt: number;
  updatedAt: number;
}

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED'
  | 'SUSPEND_IN_PROGRESS' | 'SUSPEND_COMPLETE' | 'SUSPEND_FAILED'
  | 'RESUME_IN_PROGRESS' | 'RESUME_COMPLETE' | 'RESUME_FAILED'
  | 'REPLACED';

export interface ResourceRecord {
  id: string;
  type: string;
  stackId: string;
  logicalId: string;
  physicalId: string;
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
  status: ResourceStatus;
  statusReason: string | null;
  replacedBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type ExecutionState = 'IDLE' | 'RUNNING' | 'PAUSED' | 'SUCCESS' | 'ERROR' | 'CANCELLED';
export type TaskState = 'IDLE' | 'WAITING' | 'RUNNING' | 'DELAYED' | 'PAUSED' | 'SUCCESS' | 'ERROR' | 'CANCELLED' | 'SKIPPED';
export type ActionState = 'SCHEDULED' | 'RUNNING' | 'SUCCESS' | 'ERROR' | 'CANCELLED';

export interface ExecutionRecord {
  id: string;
  workflowName: string;
  /** The workflow body as it was when the execution started; a changed type file does not alter it. */
  definition: unknown;
  state: ExecutionState;
  stateInfo: string | null;
  input: Record<string, unknown>;
  output: unknown;
  env: Record<string, unknown>;
  /** Workflow variables and globally published values (Mistral's wf_ex.context). */
  context: Record<string, unknown>;
  signalId: string | null;
  step: LifecycleStep | null;
  resourceType: string | null;
  stackId: string | null;
  version: number;
  deadlineAt: number | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** Set on a sub-workflow's execution: the execution and task that started it. */
  parentExecutionId: string | null;
  parentTaskId: string | null;
  /** The top of a tree of sub-workflows (Mistral's root_execution_id); null on the top itself. */
  rootExecutionId: string | null;
  /** Mistral's execution params: `task_name` (reverse workflows), `index`, and the like. */
  params: Record<string, unknown>;
  /** Engine bookkeeping (Mistral's runtime_context): commands held back by `pause`, the workbook. */
  runtime: Record<string, unknown>;
}

export interface TaskRecord {
  id: string;
  executionId: string;
  name: string;
  state: TaskState;
  stateInfo: string | null;
  inContext: Record<string, unknown>;
  published: Record<string, unknown>;
  result: unknown;
  nextTasks: string[];
  errorHandled: boolean;
  /** Policy bookkeeping (retry counters, with-items capacity) kept as Mistral's runtime_context. */
  runtime: Record<string, unknown>;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface ActionRecord {
  id: string;
  taskId: string;
  executionId: string;
  name: string;
  input: Record<string, unknown>;
  state: ActionState;
  output: unknown;
  attempt: number;
  createdAt: number;
  updatedAt: number;
  /** The with-items iteration this run is for (0 otherwise). */
  itemIndex: number;
  /** False once a retry has re-run the task: its result no longer counts (Mistral's accepted). */
  accepted: boolean;
  /** Set when the run is a sub-workflow: the execution running it, with this run as its slot. */
  childExecutionId: string | null;
}

export type JobKind =
  | 'run_action' | 'signal_deadline' | 'execution_deadline'
  /** A task's wait-before, retry delay or wait-after ends (ref: the task). */
  | 'task_timer'
  /** A task's timeout policy falls due (ref: the task). */
  | 'task_timeout'
  /** A sub-workflow ended; its parent task learns the outcome (ref: the sub-execution). */
  | 'subworkflow_done'
  /** A sub-workflow is to be cancelled because its parent was (ref: the sub-execution). */
  | 'cancel_execution';

export interface JobRecord {
  id: string;
  kind: JobKind;
  /** The row the job is about: an action, a signal or an execution. */
  ref: string;
  runAt: number;
  /** Set while a process holds the job; a job created for immediate work is held from birth. */
  lockedUntil: number | null;
}

export type ReportState = 'PENDING' | 'DELIVERED' | 'GAVE_UP';

export interface ReportRecord {
  id: string;
  signalId: string;
  url: string;
  body: Record<string, unknown>;
  state: ReportState;
  attempts: number;
  nextAttemptAt: number;
  giveUpAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface ExecutionSnapshot {
  execution: ExecutionRecord;
  tasks: TaskRecord[];
  actions: ActionRecord[];
}
