import type { ExecutionSnapshot, ReportRecord, SignalRecord } from '../store/records.js';
import type { NewEvent } from './command-events.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What happened so far in one execution, rebuilt from the store's rows (durable, unlike the bus's
 * memory), in the order it happened: the stream a listener gets before the live events.
 */
export function executionHistory(snapshot: ExecutionSnapshot, signal: SignalRecord | undefined, reports: ReportRecord[]): NewEvent[] {
  const { execution, tasks, actions } = snapshot;
  const base = { execution_id: execution.id, signal_id: execution.signalId, stack_id: execution.stackId };
  const events: (NewEvent & { ms: number })[] = [];
  const add = (ms: number, type: NewEvent['type'], data: Record<string, unknown>, scope = base) =>
    events.push({ ...scope, ms, at: iso(ms), type, data });
  add(execution.createdAt, 'execution.state', { state: 'RUNNING', workflow_name: execution.workflowName, step: execution.step, resource_type: execution.resourceType });
  if (signal?.decision) add(signal.createdAt, 'lifecycle.decision', { decision: signal.decision });
  for (const task of tasks) {
    add(task.startedAt ?? task.createdAt, 'task.started', { task_id: task.id, name: task.name, state: 'RUNNING' });
    for (const action of actions.filter((a) => a.taskId === task.id && ['SUCCESS', 'ERROR', 'CANCELLED'].includes(a.state))) {
      add(action.updatedAt, 'action.result', { action_id: action.id, task_id: task.id, name: action.name, state: action.state, output: action.output });
    }
    if (task.finishedAt !== null) {
      add(task.finishedAt, 'task.finished', {
        task_id: task.id, name: task.name, state: task.state, state_info: task.stateInfo,
        duration_ms: task.startedAt === null ? null : task.finishedAt - task.startedAt,
      });
    }
  }
  if (execution.finishedAt !== null) {
    add(execution.finishedAt, 'execution.state', { state: execution.state, state_info: execution.stateInfo, output: execution.output });
  }
  if (signal?.outcome) {
    add(signal.updatedAt, 'lifecycle.outcome', { status: signal.outcome.status, reason: signal.outcome.reason ?? null, physical_id: signal.outcome.physicalId });
  }
  for (const report of reports.filter((r) => r.state !== 'PENDING')) {
    add(report.deliveredAt ?? report.createdAt, report.state === 'DELIVERED' ? 'report.delivered' : 'report.failed', reportData(report));
  }
  return events.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...event }) => event);
}

export function reportData(report: Pick<ReportRecord, 'id' | 'attempts' | 'lastError' | 'body'>): Record<string, unknown> {
  return { report_id: report.id, attempts: report.attempts, last_error: report.lastError, status: report.body.Status ?? null };
}
