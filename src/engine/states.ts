import type { ActionState, ExecutionState, TaskState } from '../store/records.js';

/**
 * Mistral's state machines (mistral/workflow/states.py), as tables. A transition not listed is a
 * bug in the engine, not a user error, so `assertTransition` throws.
 */
export const EXECUTION_TRANSITIONS: Readonly<Record<ExecutionState, readonly ExecutionState[]>> = {
  IDLE: ['RUNNING', 'ERROR', 'CANCELLED'],
  RUNNING: ['PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'],
  PAUSED: ['RUNNING', 'ERROR', 'CANCELLED'],
  SUCCESS: [],
  ERROR: ['RUNNING'],
  CANCELLED: ['RUNNING'],
};

export const TASK_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  IDLE: ['RUNNING', 'ERROR', 'CANCELLED'],
  WAITING: ['RUNNING', 'ERROR', 'CANCELLED'],
  RUNNING: ['PAUSED', 'DELAYED', 'SUCCESS', 'ERROR', 'CANCELLED'],
  DELAYED: ['RUNNING', 'ERROR', 'CANCELLED'],
  PAUSED: ['RUNNING', 'ERROR', 'CANCELLED'],
  SUCCESS: [],
  CANCELLED: ['RUNNING'],
  ERROR: ['RUNNING', 'SKIPPED'],
  SKIPPED: [],
};

export const ACTION_TRANSITIONS: Readonly<Record<ActionState, readonly ActionState[]>> = {
  // A rerunnable action goes straight from SCHEDULED to its result.
  SCHEDULED: ['RUNNING', 'SUCCESS', 'CANCELLED', 'ERROR'],
  RUNNING: ['SUCCESS', 'ERROR', 'CANCELLED'],
  SUCCESS: [],
  ERROR: [],
  CANCELLED: [],
};

const COMPLETED_TASK_STATES: ReadonlySet<TaskState> = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED']);
const TERMINAL_EXECUTION_STATES: ReadonlySet<ExecutionState> = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

export function isTaskCompleted(state: TaskState): boolean {
  return COMPLETED_TASK_STATES.has(state);
}

export function isExecutionTerminal(state: ExecutionState): boolean {
  return TERMINAL_EXECUTION_STATES.has(state);
}

export function assertTransition<S extends string>(
  table: Readonly<Record<S, readonly S[]>>, what: string, from: S, to: S,
): void {
  if (from !== to && !table[from].includes(to)) {
    throw new Error(`Can't change ${what} state from ${from} to ${to}`);
  }
}
