import type {
  ActionRecord, ExecutionRecord, JobRecord, ReportRecord, ResourceRecord, SignalRecord, TaskRecord,
} from '../../src/store/records.js';

/** Complete store records with plausible defaults, for tests that write rows directly. */
const T0 = 1_700_000_000_000;

export function signalRecord(patch: Partial<SignalRecord> & { id: string }): SignalRecord {
  return {
    stackId: 'stack-1', requestId: `req-${patch.id}`, requestType: 'Create', resourceType: 'Custom::Thing',
    logicalId: 'Thing', physicalId: null, resourceId: null, newResourceId: null, state: 'RUNNING',
    step: 'create', decision: null, outcome: null,
    request: { properties: { a: 1 }, authorReplaceOnChange: [], serviceTimeoutSeconds: 3600 },
    callbackUrls: ['http://127.0.0.1:1/report'], deadlineAt: T0 + 3_600_000, createdAt: T0, updatedAt: T0,
    ...patch,
  };
}

export function resourceRecord(patch: Partial<ResourceRecord> & { id: string }): ResourceRecord {
  return {
    type: 'Custom::Thing', stackId: 'stack-1', logicalId: 'Thing', physicalId: `phys-${patch.id}`,
    properties: {}, attributes: {}, status: 'CREATE_COMPLETE', statusReason: null, replacedBy: null,
    createdAt: T0, updatedAt: T0,
    ...patch,
  };
}

export function executionRecord(patch: Partial<ExecutionRecord> & { id: string }): ExecutionRecord {
  return {
    workflowName: 'wf', definition: { tasks: { t1: { action: 'std.noop' } } }, state: 'RUNNING',
    stateInfo: null, input: {}, output: null, env: {}, context: {}, signalId: null, step: null,
    resourceType: null, stackId: null, version: 0, deadlineAt: null, createdAt: T0, updatedAt: T0,
    finishedAt: null, parentExecutionId: null, parentTaskId: null, rootExecutionId: null, params: {}, runtime: {},
    ...patch,
  };
}

export function taskRecord(patch: Partial<TaskRecord> & { id: string; executionId: string }): TaskRecord {
  return {
    name: 't1', state: 'RUNNING', stateInfo: null, inContext: {}, published: {}, result: null, nextTasks: [],
    errorHandled: false, runtime: {}, createdAt: T0, startedAt: T0, finishedAt: null,
    ...patch,
  };
}

export function actionRecord(patch: Partial<ActionRecord> & { id: string; taskId: string; executionId: string }): ActionRecord {
  return {
    name: 'std.noop', input: {}, state: 'SCHEDULED', output: null, attempt: 1, createdAt: T0, updatedAt: T0,
    itemIndex: 0, accepted: true, childExecutionId: null,
    ...patch,
  };
}

export function jobRecord(patch: Partial<JobRecord> & { id: string }): JobRecord {
  return { kind: 'run_action', ref: `ref-${patch.id}`, runAt: T0, lockedUntil: null, ...patch };
}

export function reportRecord(patch: Partial<ReportRecord> & { id: string; signalId: string }): ReportRecord {
  return {
    url: 'http://127.0.0.1:1/report', body: { Status: 'SUCCESS' }, state: 'PENDING', attempts: 0,
    nextAttemptAt: T0, giveUpAt: T0 + 3_600_000, lastError: null, createdAt: T0, deliveredAt: null,
    ...patch,
  };
}

export const BASE_TIME = T0;
