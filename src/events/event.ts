/** One thing that happened, as listeners see it (Server-Sent Events, the CLI, the page). */
export type EventType =
  | 'execution.state'
  | 'task.started'
  | 'task.finished'
  | 'action.result'
  | 'lifecycle.decision'
  | 'lifecycle.outcome'
  | 'report.delivered'
  | 'report.retrying'
  | 'report.failed';

export interface StackhookEvent {
  /** Increasing within one process's life; resumption (Last-Event-ID) uses it. */
  id: number;
  type: EventType;
  at: string;
  execution_id: string | null;
  signal_id: string | null;
  stack_id: string | null;
  data: Record<string, unknown>;
}

export interface EventFilter {
  executionId?: string;
  /** With executionId: also the lifecycle's events (decision, outcome, report) of its signal. */
  signalId?: string | null;
  stackId?: string;
}

export function matches(event: StackhookEvent, filter: EventFilter): boolean {
  if (filter.executionId && event.execution_id !== filter.executionId) {
    if (!filter.signalId || event.execution_id !== null || event.signal_id !== filter.signalId) return false;
  }
  if (filter.stackId && event.stack_id !== filter.stackId) return false;
  return true;
}
