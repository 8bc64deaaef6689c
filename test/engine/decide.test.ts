import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { JOB_LEASE_MS } from '../../src/engine/leases.js';
import { planStart } from '../../src/engine/start.js';
import {
  ACTION_TRANSITIONS, EXECUTION_TRANSITIONS, TASK_TRANSITIONS, assertTransition, isExecutionTerminal, isTaskCompleted,
} from '../../src/engine/states.js';
import { InMemoryWorkflowCatalog } from '../../src/engine/workflow-catalog.js';
import { WorkingCopy, type DecideDeps } from '../../src/engine/working-copy.js';
import type { StoreCommand } from '../../src/store/commands.js';
import type { ExecutionSnapshot } from '../../src/store/records.js';
import { parseWorkflowBody } from '../../src/workflow/parse.js';
import { actionRecord, executionRecord, taskRecord } from '../support/records.js';

const NOW = 1_000_000;

function deps(known: string[] = ['std.noop', 'std.echo', 'std.fail']): DecideDeps {
  let n = 0;
  return { now: NOW, newId: () => `id-${++n}`, actionExists: (name) => known.includes(name), catalog: new InMemoryWorkflowCatalog() };
}

const spec = parseWorkflowBody('wf', {
  output: { r: '<% task(a).result %>' },
  tasks: {
    a: { action: 'std.echo output="A"', 'on-success': ['c'], 'on-error': ['handler'] },
    b: { action: 'std.noop' },
    c: { action: 'std.noop' },
    handler: { action: 'std.noop' },
  },
});

function kinds(commands: readonly StoreCommand[]): string[] {
  return commands.map((c) => c.kind);
}

/** One running execution of `spec` with task a's action in the given state. */
function snapshotWithRunningA(actionState: 'RUNNING' | 'CANCELLED' = 'RUNNING', executionState: 'RUNNING' | 'CANCELLED' = 'RUNNING'): ExecutionSnapshot {
  return {
    execution: executionRecord({ id: 'e1', definition: spec.raw, state: executionState, version: 4 }),
    tasks: [taskRecord({ id: 'ta', executionId: 'e1', name: 'a', state: executionState === 'RUNNING' ? 'RUNNING' : 'CANCELLED' })],
    actions: [actionRecord({ id: 'aa', taskId: 'ta', executionId: 'e1', name: 'std.echo', state: actionState, input: { output: 'A' } })],
  };
}

describe('planStart', () => {
  it('given a workflow with two start tasks, when planned, then exactly those tasks are created, each with its action and a run_action job due now', () => {
    const work = planStart({ spec, input: {}, env: { e: 1 } }, deps());

    expect(kinds(work.commands)).toEqual([
      'insert_execution', 'insert_task', 'insert_action', 'schedule_job', 'insert_task', 'insert_action', 'schedule_job',
    ]);
    const tasks = work.commands.flatMap((c) => (c.kind === 'insert_task' ? [c.task] : []));
    expect(tasks.map((t) => [t.id, t.name, t.state, t.executionId, t.startedAt])).toEqual([
      ['id-2', 'a', 'RUNNING', 'id-1', NOW], ['id-5', 'b', 'RUNNING', 'id-1', NOW],
    ]);
    const actions = work.commands.flatMap((c) => (c.kind === 'insert_action' ? [c.action] : []));
    expect(actions.map((a) => [a.id, a.taskId, a.name, a.input, a.state, a.attempt])).toEqual([
      ['id-3', 'id-2', 'std.echo', { output: 'A' }, 'SCHEDULED', 1], ['id-6', 'id-5', 'std.noop', {}, 'SCHEDULED', 1],
    ]);
    const jobs = work.commands.flatMap((c) => (c.kind === 'schedule_job' ? [c.job] : []));
    // Due now, so held by this process from birth and handed to its runner at commit.
    expect(jobs).toEqual([
      { id: 'id-4', kind: 'run_action', ref: 'id-3', runAt: NOW, lockedUntil: NOW + JOB_LEASE_MS },
      { id: 'id-7', kind: 'run_action', ref: 'id-6', runAt: NOW, lockedUntil: NOW + JOB_LEASE_MS },
    ]);
    expect(work.completion).toBeUndefined();
    expect(work.execution).toMatchObject({ id: 'id-1', state: 'RUNNING', env: { e: 1 }, createdAt: NOW, version: 0 });
  });

  it('given a deadline, when planned, then an execution_deadline job is scheduled for it, free for any runner', () => {
    const work = planStart({ id: 'e9', spec, input: {}, env: {}, deadlineAt: NOW + 5000 }, deps());

    expect(work.commands).toContainEqual({
      kind: 'schedule_job', job: { id: 'id-1', kind: 'execution_deadline', ref: 'e9', runAt: NOW + 5000, lockedUntil: null },
    });
  });

  it('given a start task whose action does not exist here, when planned, then the plan ends the execution in ERROR with no job', () => {
    const work = planStart({ spec, input: {}, env: {} }, deps(['std.noop']));

    expect(work.completion?.state).toBe('ERROR');
    expect(work.completion?.stateInfo).toContain('Failed to find action [action_name=std.echo]');
    expect(work.commands.some((c) => c.kind === 'schedule_job')).toBe(false);
    const finished = work.finish(undefined).at(-1)!;
    expect(finished).toMatchObject({ kind: 'update_execution', id: 'id-1', patch: { state: 'ERROR', finishedAt: NOW } });
    expect('expectVersion' in finished).toBe(false);
  });
});

describe('decide', () => {
  it('given a successful action result, when decided, then the task succeeds, the next task is scheduled and the batch is guarded by the version', () => {
    const snapshot = snapshotWithRunningA();

    const work = decide(spec, snapshot, { kind: 'action_result', actionId: 'aa', result: { ok: true, data: 'A' } }, deps());
    const commands = work.finish(snapshot.execution.version);

    expect(kinds(commands)).toEqual([
      'delete_jobs', 'update_action', 'update_task', 'update_task', 'insert_task', 'insert_action', 'schedule_job', 'update_execution',
    ]);
    expect(commands[0]).toEqual({ kind: 'delete_jobs', ref: 'aa', jobKind: 'run_action' });
    expect(commands[1]).toEqual({ kind: 'update_action', id: 'aa', patch: { state: 'SUCCESS', output: { result: 'A' }, updatedAt: NOW } });
    expect(commands[2]).toEqual({ kind: 'update_task', id: 'ta', patch: { state: 'SUCCESS', result: 'A', stateInfo: null, finishedAt: NOW } });
    expect(commands[3]).toEqual({ kind: 'update_task', id: 'ta', patch: { nextTasks: ['c'], errorHandled: false } });
    expect(commands[4]).toMatchObject({ kind: 'insert_task', task: { id: 'id-1', name: 'c', state: 'RUNNING' } });
    expect(commands.at(-1)).toMatchObject({ kind: 'update_execution', id: 'e1', expectVersion: 4, patch: { state: 'RUNNING', updatedAt: NOW } });
    expect(work.completion).toBeUndefined();
  });

  it('given an error result and on-error, when decided, then the handler is scheduled and the error counts as handled', () => {
    const work = decide(spec, snapshotWithRunningA(), { kind: 'action_result', actionId: 'aa', result: { ok: false, error: { code: 42 } } }, deps());

    expect(work.task('ta')).toMatchObject({ state: 'ERROR', stateInfo: "{'code': 42}", result: { code: 42 }, nextTasks: ['handler'], errorHandled: true });
    expect(work.tasks.map((t) => t.name)).toEqual(['a', 'handler']);
    expect(work.execution.state).toBe('RUNNING');
  });

  it('given the last task succeeds, when decided, then the execution completes with the evaluated output and its deadline job is dropped', () => {
    const snapshot = snapshotWithRunningA();
    snapshot.tasks.push(
      taskRecord({ id: 'tb', executionId: 'e1', name: 'b', state: 'SUCCESS' }),
      taskRecord({ id: 'tc', executionId: 'e1', name: 'c', state: 'RUNNING' }),
    );
    snapshot.tasks[0]!.state = 'SUCCESS';
    snapshot.tasks[0]!.result = 'A';
    snapshot.tasks[0]!.nextTasks = ['c'];
    snapshot.actions[0]!.state = 'SUCCESS';
    snapshot.actions.push(actionRecord({ id: 'ac', taskId: 'tc', executionId: 'e1', state: 'RUNNING' }));

    const work = decide(spec, snapshot, { kind: 'action_result', actionId: 'ac', result: { ok: true, data: null } }, deps());

    expect(work.completion).toEqual({ state: 'SUCCESS', output: { r: 'A' }, stateInfo: null });
    expect(work.commands).toContainEqual({ kind: 'delete_jobs', ref: 'e1', jobKind: 'execution_deadline' });
    expect(work.execution).toMatchObject({ state: 'SUCCESS', finishedAt: NOW });
  });

  it('given a result for an action that was cancelled, when decided, then only its job is dropped and nothing else changes', () => {
    const snapshot = snapshotWithRunningA('CANCELLED', 'CANCELLED');

    const work = decide(spec, snapshot, { kind: 'action_result', actionId: 'aa', result: { ok: true, data: 'late' } }, deps());

    expect(work.commands).toEqual([{ kind: 'delete_jobs', ref: 'aa', jobKind: 'run_action' }]);
    expect(work.completion).toBeUndefined();
    expect(work.snapshot).toEqual(snapshot);
  });

  it('given a result for an action still RUNNING in a cancelled execution, when decided, then the action records it but no task moves', () => {
    const snapshot = snapshotWithRunningA('RUNNING', 'CANCELLED');

    const work = decide(spec, snapshot, { kind: 'action_result', actionId: 'aa', result: { ok: true, data: 'late' } }, deps());

    expect(kinds(work.commands)).toEqual(['delete_jobs', 'update_action']);
    expect(work.action('aa')).toMatchObject({ state: 'SUCCESS', output: { result: 'late' } });
    expect(work.task('ta')?.state).toBe('CANCELLED');
    expect(work.tasks).toHaveLength(1);
  });

  it('given a cancel event, when decided, then running tasks and actions are cancelled, jobs dropped and actions listed for abort', () => {
    const snapshot = snapshotWithRunningA();

    const work = decide(spec, snapshot, { kind: 'cancel', state: 'ERROR', reason: 'timed out' }, deps());

    expect(work.completion).toEqual({ state: 'ERROR', output: { result: 'timed out' }, stateInfo: 'timed out' });
    expect(work.task('ta')?.state).toBe('CANCELLED');
    expect(work.action('aa')?.state).toBe('CANCELLED');
    expect(work.commands).toContainEqual({ kind: 'delete_jobs', ref: 'aa' });
    expect(work.abortActions).toEqual(['aa']);
  });

  it('given any event, when decided, then the snapshot passed in is left untouched', () => {
    const snapshot = snapshotWithRunningA();
    const before = structuredClone(snapshot);

    decide(spec, snapshot, { kind: 'action_result', actionId: 'aa', result: { ok: false, error: 'x' } }, deps());
    decide(spec, snapshot, { kind: 'cancel', state: 'CANCELLED', reason: 'r' }, deps());

    expect(snapshot).toEqual(before);
  });
});

describe('state tables', () => {
  it('given allowed transitions, when asserted, then they pass, and staying in a state is always allowed', () => {
    expect(() => assertTransition(TASK_TRANSITIONS, 'task t', 'RUNNING', 'SUCCESS')).not.toThrow();
    expect(() => assertTransition(EXECUTION_TRANSITIONS, 'workflow execution', 'RUNNING', 'CANCELLED')).not.toThrow();
    expect(() => assertTransition(ACTION_TRANSITIONS, 'action a', 'SCHEDULED', 'RUNNING')).not.toThrow();
    expect(() => assertTransition(TASK_TRANSITIONS, 'task t', 'SUCCESS', 'SUCCESS')).not.toThrow();
  });

  it('given transitions out of final states, when asserted, then they throw naming what and both states', () => {
    expect(() => assertTransition(TASK_TRANSITIONS, 'task t1', 'SUCCESS', 'RUNNING')).toThrow("Can't change task t1 state from SUCCESS to RUNNING");
    expect(() => assertTransition(EXECUTION_TRANSITIONS, 'workflow execution', 'SUCCESS', 'ERROR')).toThrow("Can't change workflow execution state from SUCCESS to ERROR");
    expect(() => assertTransition(ACTION_TRANSITIONS, 'action x', 'CANCELLED', 'SUCCESS')).toThrow("Can't change action x state from CANCELLED to SUCCESS");
    expect(() => assertTransition(TASK_TRANSITIONS, 'task t1', 'SUCCESS', 'ERROR')).toThrow();
  });

  it('given a working copy, when a task is moved against the table, then it throws and records no command', () => {
    const work = new WorkingCopy(spec, snapshotWithRunningA(), deps());
    const done = work.task('ta')!;
    work.updateTask(done, { state: 'SUCCESS' });

    expect(() => work.updateTask(done, { state: 'RUNNING' })).toThrow("Can't change task a state from SUCCESS to RUNNING");
    expect(kinds(work.commands)).toEqual(['update_task']);
  });

  it('given the completed and terminal state sets, when asked, then they match Mistral', () => {
    expect((['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED', 'RUNNING', 'WAITING', 'DELAYED', 'IDLE', 'PAUSED'] as const).filter(isTaskCompleted))
      .toEqual(['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED']);
    expect((['IDLE', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'] as const).filter(isExecutionTerminal))
      .toEqual(['SUCCESS', 'ERROR', 'CANCELLED']);
  });
});
