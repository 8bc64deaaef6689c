import { redact, secretValues } from '../http/redact.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import { secretNamesOf } from '../resource-types/resource-type.js';
import type { StoreCommand } from '../store/commands.js';
import type { ActionRecord, ExecutionRecord, SignalRecord, TaskRecord } from '../store/records.js';
import type { EventType, StackhookEvent } from './event.js';

export type NewEvent = Omit<StackhookEvent, 'id'>;

interface ExecutionFacts {
  createdAt: number;
  signalId: string | null;
  stackId: string | null;
  state: string;
  secrets: string[];
  secretNames: ReadonlySet<string>;
}

const MAX_TRACKED = 50_000;
const FINAL_TASK_STATES = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED']);
const FINAL_ACTION_STATES = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/**
 * Turns committed commands into events. Commands carry only what changed, so the few facts an
 * event needs (a task's name and start, an execution's stack and secrets) are remembered from the
 * commands that created them, and forgotten when they end (bounded, so nothing grows forever).
 */
export class CommandEvents {
  private readonly executions = new Map<string, ExecutionFacts>();
  private readonly tasks = new Map<string, Pick<TaskRecord, 'name' | 'executionId' | 'startedAt'>>();
  private readonly actions = new Map<string, Pick<ActionRecord, 'name' | 'executionId' | 'taskId'>>();
  private readonly signals = new Map<string, Pick<SignalRecord, 'stackId' | 'resourceType' | 'requestType'>>();

  constructor(private readonly types: ResourceTypeRegistry) {}

  translate(commands: readonly StoreCommand[], now = Date.now()): NewEvent[] {
    const events: NewEvent[] = [];
    for (const command of commands) this.translateOne(command, now, events);
    return events;
  }

  private translateOne(command: StoreCommand, now: number, out: NewEvent[]): void {
    switch (command.kind) {
      case 'insert_execution': return this.executionStarted(command.execution, now, out);
      case 'update_execution': return this.executionChanged(command.id, command.patch, now, out);
      case 'insert_task': return this.taskStarted(command.task, now, out);
      case 'update_task': return this.taskChanged(command.id, command.patch, now, out);
      case 'insert_action':
        remember(this.actions, command.action.id, command.action);
        return;
      case 'update_action': return this.actionChanged(command.id, command.patch, now, out);
      case 'insert_signal':
        remember(this.signals, command.signal.id, command.signal);
        return this.signalChanged(command.signal.id, command.signal, now, out);
      case 'update_signal': return this.signalChanged(command.id, command.patch, now, out);
      default:
    }
  }

  private executionStarted(execution: ExecutionRecord, now: number, out: NewEvent[]): void {
    const type = execution.resourceType ? this.types.find(execution.resourceType) : undefined;
    const resource = execution.env.resource as { old_properties?: unknown } | undefined;
    remember(this.executions, execution.id, {
      createdAt: execution.createdAt, signalId: execution.signalId, stackId: execution.stackId, state: execution.state,
      secrets: secretValues(this.types, execution.resourceType, execution.input, resource?.old_properties),
      secretNames: secretNamesOf(type),
    });
    this.push(out, 'execution.state', execution.id, now, {
      state: execution.state, workflow_name: execution.workflowName, step: execution.step, resource_type: execution.resourceType,
    });
  }

  private executionChanged(id: string, patch: Partial<ExecutionRecord>, now: number, out: NewEvent[]): void {
    const facts = this.executions.get(id);
    if (!facts || patch.state === undefined || patch.state === facts.state) return;
    facts.state = patch.state;
    const ended = patch.finishedAt ?? null;
    this.push(out, 'execution.state', id, now, {
      state: patch.state, state_info: patch.stateInfo ?? null, output: patch.output ?? null,
      duration_ms: ended === null ? null : ended - facts.createdAt,
    });
    if (patch.state === 'SUCCESS' || patch.state === 'ERROR' || patch.state === 'CANCELLED') {
      // The last events of this execution (its tasks' ends) come in the same batch, before this.
      queueMicrotask(() => this.executions.delete(id));
    }
  }

  private taskStarted(task: TaskRecord, now: number, out: NewEvent[]): void {
    remember(this.tasks, task.id, task);
    this.push(out, 'task.started', task.executionId, now, { task_id: task.id, name: task.name, state: task.state });
    if (FINAL_TASK_STATES.has(task.state)) this.taskChanged(task.id, task, now, out);
  }

  private taskChanged(id: string, patch: Partial<TaskRecord>, now: number, out: NewEvent[]): void {
    const task = this.tasks.get(id);
    if (!task || !patch.state || !FINAL_TASK_STATES.has(patch.state)) return;
    this.tasks.delete(id);
    const finishedAt = patch.finishedAt ?? now;
    this.push(out, 'task.finished', task.executionId, now, {
      task_id: id, name: task.name, state: patch.state, state_info: patch.stateInfo ?? null,
      duration_ms: task.startedAt === null ? null : finishedAt - task.startedAt,
    });
  }

  private actionChanged(id: string, patch: Partial<ActionRecord>, now: number, out: NewEvent[]): void {
    const action = this.actions.get(id);
    if (!action || !patch.state || !FINAL_ACTION_STATES.has(patch.state)) return;
    this.actions.delete(id);
    this.push(out, 'action.result', action.executionId, now, {
      action_id: id, task_id: action.taskId, name: action.name, state: patch.state, output: patch.output ?? null,
    });
  }

  /** Decisions and outcomes are news when a batch writes them (the lifecycle writes only changes). */
  private signalChanged(id: string, patch: { decision?: unknown; outcome?: unknown }, now: number, out: NewEvent[]): void {
    const signal = this.signals.get(id);
    const base = { at: iso(now), execution_id: null, signal_id: id, stack_id: signal?.stackId ?? null };
    if (patch.decision) out.push({ ...base, type: 'lifecycle.decision', data: { decision: patch.decision } });
    if (patch.outcome) {
      const outcome = patch.outcome as { status: string; reason?: string; physicalId: string };
      out.push({ ...base, type: 'lifecycle.outcome', data: {
        status: outcome.status, reason: outcome.reason ?? null, physical_id: outcome.physicalId,
        resource_type: signal?.resourceType ?? null, request_type: signal?.requestType ?? null,
      } });
      this.signals.delete(id);
    }
  }

  private push(out: NewEvent[], type: EventType, executionId: string, now: number, data: Record<string, unknown>): void {
    const facts = this.executions.get(executionId);
    out.push({
      type, at: iso(now), execution_id: executionId, signal_id: facts?.signalId ?? null, stack_id: facts?.stackId ?? null,
      data: facts ? redact(data, facts.secrets, facts.secretNames) : data,
    });
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_TRACKED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
