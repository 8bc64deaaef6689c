import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { planStart } from '../../src/engine/start.js';
import { InMemoryWorkflowCatalog } from '../../src/engine/workflow-catalog.js';
import type { DecideDeps, WorkingCopy } from '../../src/engine/working-copy.js';
import type { StoreCommand } from '../../src/store/commands.js';
import type { ExecutionSnapshot, JobRecord } from '../../src/store/records.js';
import { parseAdHocAction, parseWorkflowBody } from '../../src/workflow/parse.js';

/** The pure decider, one language feature at a time, with fixed time and ids. */
const NOW = 1_000_000;

function deps(catalog = new InMemoryWorkflowCatalog()): DecideDeps {
  let n = 0;
  return { now: NOW, newId: () => `id-${++n}`, actionExists: (name) => name.startsWith('std.'), catalog };
}

function jobs(commands: readonly StoreCommand[]): JobRecord[] {
  return commands.flatMap((c) => (c.kind === 'schedule_job' ? [c.job] : []));
}

function start(body: unknown, d = deps(), params: Record<string, unknown> = {}): WorkingCopy {
  return planStart({ spec: parseWorkflowBody('wf', body), input: {}, env: {}, params }, d);
}

/** The execution as the store would hold it after `work` committed. */
function committed(work: WorkingCopy): ExecutionSnapshot {
  return structuredClone(work.snapshot);
}

function next(work: WorkingCopy, event: Parameters<typeof decide>[2], d = deps()): WorkingCopy {
  return decide(work.spec, committed(work), event, d);
}

describe('with-items', () => {
  it('given concurrency 2 over three items, when planned, then two runs are scheduled with their item index and the items are kept', () => {
    const work = start({ tasks: { t: { 'with-items': 'x in [7, 8, 9]', concurrency: 2, action: 'std.echo output=<% $.x %>' } } });

    expect(work.actions.map((a) => [a.itemIndex, a.input])).toEqual([[0, { output: 7 }], [1, { output: 8 }]]);
    expect(work.tasks[0]!.runtime).toEqual({ with_items: { count: 3, capacity: 2 }, concurrency: 2, items: [{ x: 7 }, { x: 8 }, { x: 9 }] });
  });

  it('given the first run ends, when decided, then the third item is scheduled and the task keeps running', () => {
    const work = start({ tasks: { t: { 'with-items': 'x in [7, 8, 9]', concurrency: 2, action: 'std.echo output=<% $.x %>' } } });

    const after = next(work, { kind: 'action_result', actionId: work.actions[0]!.id, result: { ok: true, data: 7 } });

    expect(after.actions.map((a) => [a.itemIndex, a.state])).toEqual([[0, 'SUCCESS'], [1, 'SCHEDULED'], [2, 'SCHEDULED']]);
    expect(after.tasks[0]!.state).toBe('RUNNING');
  });

  it('given an empty list, when planned, then the task succeeds at once with []', () => {
    const work = start({ tasks: { t: { 'with-items': 'x in <% [] %>', action: 'std.noop' } } });

    expect(work.tasks[0]).toMatchObject({ state: 'SUCCESS', result: [] });
    expect(work.completion?.state).toBe('SUCCESS');
  });
});

describe('retry and waits', () => {
  const body = { tasks: { t: { action: 'std.fail', retry: { count: 2, delay: 5 } } } };

  it('given a failing task with retries left, when its result comes, then it is DELAYED, its run no longer accepted, and a timer row is due after the delay', () => {
    const work = start(body);

    const after = next(work, { kind: 'action_result', actionId: work.actions[0]!.id, result: { ok: false, error: 'x' } });

    expect(after.tasks[0]).toMatchObject({ state: 'DELAYED', stateInfo: "Delayed by 'retry' policy [delay=5]", runtime: { retry_no: 1, waiting: 'retry' } });
    expect(after.actions[0]).toMatchObject({ state: 'ERROR', accepted: false });
    expect(jobs(after.commands)).toEqual([{ id: expect.any(String), kind: 'task_timer', ref: after.tasks[0]!.id, runAt: NOW + 5000, lockedUntil: null }]);
  });

  it('given the retry timer, when it falls due, then the task runs its action again', () => {
    const work = start(body);
    const delayed = next(work, { kind: 'action_result', actionId: work.actions[0]!.id, result: { ok: false, error: 'x' } });

    const after = next(delayed, { kind: 'task_timer', taskId: delayed.tasks[0]!.id });

    expect(after.tasks[0]).toMatchObject({ state: 'RUNNING', stateInfo: null });
    expect(after.actions.map((a) => [a.state, a.accepted])).toEqual([['ERROR', false], ['SCHEDULED', true]]);
    expect(after.commands).toContainEqual({ kind: 'delete_jobs', ref: delayed.tasks[0]!.id, jobKind: 'task_timer' });
  });

  it('given wait-before and timeout, when planned, then the task is DELAYED without an action and both timers are rows', () => {
    const work = start({ tasks: { t: { action: 'std.noop', 'wait-before': 2, timeout: 10 } } });

    expect(work.tasks[0]).toMatchObject({ state: 'DELAYED', stateInfo: "Delayed by 'wait-before' policy [delay=2]" });
    expect(work.actions).toEqual([]);
    expect(jobs(work.commands).map((j) => [j.kind, j.runAt])).toEqual([['task_timeout', NOW + 10_000], ['task_timer', NOW + 2000]]);
  });

  it('given pause-before, when planned, then the task is IDLE and the workflow PAUSED; resume starts it', () => {
    const work = start({ tasks: { t: { action: 'std.noop', 'pause-before': true } } });
    expect(work.tasks[0]).toMatchObject({ state: 'IDLE', stateInfo: "Set by 'pause-before' policy" });
    expect(work.execution.state).toBe('PAUSED');

    const resumed = next(work, { kind: 'resume' });

    expect(resumed.tasks[0]).toMatchObject({ state: 'RUNNING', runtime: { pause_before_done: true } });
    expect(resumed.actions).toHaveLength(1);
  });
});

describe('join and engine commands', () => {
  const body = {
    tasks: {
      a: { action: 'std.noop', 'on-success': ['j'] },
      b: { action: 'std.noop', 'on-success': ['j'] },
      j: { join: 'all', action: 'std.noop' },
    },
  };

  it('given one of two branches arrived, when decided, then the join task waits; the second arrival starts it', () => {
    const work = start(body);
    const one = next(work, { kind: 'action_result', actionId: work.actions[0]!.id, result: { ok: true, data: null } });
    expect(one.tasks.map((t) => [t.name, t.state])).toEqual([['a', 'SUCCESS'], ['b', 'RUNNING'], ['j', 'WAITING']]);

    const two = next(one, { kind: 'action_result', actionId: work.actions[1]!.id, result: { ok: true, data: null } });

    expect(two.tasks.filter((t) => t.name === 'j').map((t) => t.state)).toEqual(['RUNNING']);
  });

  it('given pause followed by a task, when the command runs, then the task waits in the backlog until resume', () => {
    const work = start({ tasks: { a: { action: 'std.noop', 'on-success': ['pause', 'b'] }, b: { action: 'std.noop' } } });
    const paused = next(work, { kind: 'action_result', actionId: work.actions[0]!.id, result: { ok: true, data: null } });
    expect(paused.execution).toMatchObject({ state: 'PAUSED', runtime: { backlog: [{ taskId: work.tasks[0]!.id }] } });
    expect(paused.tasks.map((t) => t.name)).toEqual(['a']);

    const resumed = next(paused, { kind: 'resume' });

    expect(resumed.tasks.map((t) => t.name)).toEqual(['a', 'b']);
    expect(resumed.execution.runtime).toEqual({});
  });
});

describe('reverse, ad-hoc and sub-workflows', () => {
  it('given a reverse workflow and a target, when planned, then only the target\'s dependency-free requirements start', () => {
    const work = start({
      type: 'reverse',
      tasks: { net: { action: 'std.noop' }, vm: { action: 'std.noop', requires: ['net'] }, other: { action: 'std.noop' } },
    }, deps(), { task_name: 'vm' });

    expect(work.tasks.map((t) => t.name)).toEqual(['net']);
  });

  it('given an ad-hoc action, when planned, then the base action is scheduled with the evaluated base-input', () => {
    const catalog = new InMemoryWorkflowCatalog();
    catalog.addAdHocAction(parseAdHocAction('hi', { base: 'std.echo', input: [{ who: 'you' }], 'base-input': { output: 'hi <% $.who %>' } }));

    const work = start({ tasks: { t: { action: 'hi' } } }, deps(catalog));

    expect(work.actions[0]).toMatchObject({ name: 'std.echo', input: { output: 'hi you' } });
    expect(work.tasks[0]!.runtime).toEqual({ adhoc: ['hi'] });
  });

  it('given a workflow task, when planned, then the sub-execution is inserted in the same batch, linked to its run', () => {
    const catalog = new InMemoryWorkflowCatalog();
    catalog.addWorkflow(parseWorkflowBody('child', { input: ['v'], tasks: { c: { action: 'std.noop' } } }));

    const work = start({ tasks: { t: { workflow: 'child', input: { v: 1, env: { e: 2 } } } } }, deps(catalog));

    const child = work.commands.flatMap((c) => (c.kind === 'insert_execution' ? [c.execution] : []))[1]!;
    expect(child).toMatchObject({
      workflowName: 'child', input: { v: 1 }, env: { e: 2 }, params: { index: 0 },
      parentExecutionId: work.execution.id, parentTaskId: work.tasks[0]!.id, rootExecutionId: work.execution.id,
    });
    expect(work.actions[0]).toMatchObject({ state: 'RUNNING', childExecutionId: child.id, name: 'child' });
  });

  it('given a running sub-workflow, when the parent is cancelled, then a cancel_execution job for the child is committed with it', () => {
    const catalog = new InMemoryWorkflowCatalog();
    catalog.addWorkflow(parseWorkflowBody('child', { tasks: { c: { action: 'std.noop' } } }));
    const work = start({ tasks: { t: { workflow: 'child' } } }, deps(catalog));

    const cancelled = next(work, { kind: 'cancel', state: 'CANCELLED', reason: null }, deps(catalog));

    expect(jobs(cancelled.commands).map((j) => [j.kind, j.ref])).toEqual([['cancel_execution', work.actions[0]!.childExecutionId]]);
    expect(cancelled.abortActions).toEqual([]);
  });
});
