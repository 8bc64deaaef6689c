import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionStateError } from '../../src/engine/control.js';
import type { ExecutionSnapshot } from '../../src/store/records.js';
import { parseAdHocAction } from '../../src/workflow/parse.js';
import { EngineHarness, gateAction } from '../support/engine-harness.js';

let h: EngineHarness;
const gate = gateAction('test.gate', { shut: true });

beforeEach(() => {
  h = new EngineHarness({ extraActions: [gate.action] });
});

afterEach(async () => {
  await h.close();
});

function task(snapshot: ExecutionSnapshot, name: string) {
  return snapshot.tasks.find((t) => t.name === name)!;
}

describe('with-items', () => {
  it('given concurrency 2 over 5 items, when it runs, then at most 2 actions are in flight and results keep item order', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = {
      name: 'test.slow', description: 'Slow echo.', params: [{ name: 'v', required: true }], rerunnable: true,
      run: async (input: Record<string, unknown>) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10 * Number(input['v'])));
        inFlight--;
        return input['v'];
      },
    };
    const local = new EngineHarness({ extraActions: [slow] });
    try {
      const snapshot = await local.run({ tasks: { t: { 'with-items': 'v in [5, 1, 4, 2, 3]', concurrency: 2, action: 'test.slow v=<% $.v %>' } } });

      expect(task(snapshot, 't')).toMatchObject({ state: 'SUCCESS', result: [5, 1, 4, 2, 3], runtime: { with_items: { count: 5, capacity: 2 }, concurrency: 2 } });
      expect(most).toBe(2);
    } finally {
      await local.close();
    }
  });

  it('given one failing iteration, when all end, then the task fails with the results of every item', async () => {
    const snapshot = await h.run({
      tasks: { t: { 'with-items': 'x in [1, 2]', action: 'std.fail', input: { error_data: '<% $.x %>' }, 'on-error': ['h'] }, h: { action: 'std.noop' } },
    });

    expect(task(snapshot, 't')).toMatchObject({ state: 'ERROR', stateInfo: 'One or more actions had failed.', result: [1, 2] });
    expect(snapshot.execution.state).toBe('SUCCESS');
  });

  it('given lists of different lengths, when the task starts, then the workflow fails saying so', async () => {
    const snapshot = await h.run({ tasks: { t: { 'with-items': ['x in [1, 2]', 'y in [1]'], action: 'std.noop' } } });

    expect(snapshot.execution.state).toBe('ERROR');
    expect(task(snapshot, 't').stateInfo).toMatch(/All arrays must have the same length: x=2, y=1/);
  });

  it('given an inbound context key named like the item variable, when iterating, then the context wins as in Mistral', async () => {
    const snapshot = await h.run({
      tasks: {
        a: { action: 'std.noop', publish: { x: 'ctx' }, 'on-success': ['b'] },
        b: { 'with-items': 'x in [1, 2]', action: 'std.echo output=<% $.x %>' },
      },
    });

    expect(task(snapshot, 'b').result).toEqual(['ctx', 'ctx']);
  });
});

describe('join', () => {
  it('given a join all whose branch took the error path, when nothing else can arrive, then the join fails naming it', async () => {
    const snapshot = await h.run({
      tasks: {
        start: { action: 'std.noop', 'on-success': ['ok', 'bad'] },
        ok: { action: 'std.noop', 'on-success': ['j'] },
        bad: { action: 'std.fail', 'on-success': ['j'], 'on-error': ['cleanup'] },
        cleanup: { action: 'std.noop' },
        j: { join: 'all' },
      },
    });

    expect(task(snapshot, 'j')).toMatchObject({ state: 'ERROR', stateInfo: 'Failed by tasks: [bad]' });
    expect(snapshot.execution.state).toBe('ERROR');
  });

  it('given join one, when the first branch arrives, then the join runs with that branch\'s context', async () => {
    const snapshot = await h.run({
      tasks: {
        start: { action: 'std.noop', 'on-success': ['a', 'b'] },
        a: { action: 'std.noop', publish: { who: 'a' }, 'on-success': ['j'] },
        b: { action: 'std.echo output="b" delay=0.2', publish: { who: 'b' }, 'on-success': ['j'] },
        j: { join: 'one', action: 'std.echo output=<% $.who %>' },
      },
    });

    expect(snapshot.tasks.filter((t) => t.name === 'j').map((t) => t.result)).toEqual(['a']);
  });
});

describe('policies', () => {
  it('given fail-on true after a success, when the task ends, then it fails by the policy and on-error runs', async () => {
    const snapshot = await h.run({ tasks: { t: { action: 'std.echo output=3', 'fail-on': '<% task().result > 2 %>', 'on-error': ['h'] }, h: { action: 'std.noop' } } });

    expect(task(snapshot, 't')).toMatchObject({ state: 'ERROR', stateInfo: "Failed by 'fail-on' policy" });
    expect(task(snapshot, 'h').state).toBe('SUCCESS');
  });

  it('given a timeout shorter than the action, when it falls due, then the action is aborted and the task fails as Mistral says', async () => {
    const snapshot = await h.run({ tasks: { t: { action: 'test.gate', timeout: 1 } } }, {}, 3000);

    expect(task(snapshot, 't')).toMatchObject({ state: 'ERROR', stateInfo: 'Task timed out [timeout(s)=1].', result: [] });
    expect(snapshot.actions[0]!.state).toBe('CANCELLED');
    expect(await h.store.claimDueJobs(Date.now() + 600_000, 10, 1000)).toEqual([]);
  });
});

describe('ad-hoc actions', () => {
  beforeEach(() => {
    h.catalog.addAdHocAction(parseAdHocAction('greet', {
      base: 'std.echo', input: ['name', { greeting: 'hello' }], 'base-input': { output: '<% $.greeting %> <% $.name %>' },
      output: '<% $.toUpper() %>',
    }));
    h.catalog.addAdHocAction(parseAdHocAction('greet_ann', { base: 'greet', 'base-input': { name: 'ann' }, output: '<% $ + "!" %>' }));
  });

  it('given a chain of ad-hoc actions, when it runs, then defaults fill in and outputs apply innermost first', async () => {
    const snapshot = await h.run({ tasks: { t: { action: 'greet_ann' } } });

    expect(task(snapshot, 't').result).toBe('HELLO ANN!');
    expect(snapshot.actions[0]).toMatchObject({ name: 'std.echo', input: { output: 'hello ann' } });
  });

  it('given an input the ad-hoc action does not declare, when the task runs, then the task fails and on-error can handle it', async () => {
    const snapshot = await h.run({ tasks: { t: { action: 'greet name="x" colour="red"', 'on-error': ['h'] }, h: { action: 'std.noop' } } });

    expect(task(snapshot, 't').stateInfo).toBe('Invalid input [name=greet, class=AdHocAction, missing=[], unexpected=[colour]]');
    expect(snapshot.execution.state).toBe('SUCCESS');
  });
});

describe('sub-workflows', () => {
  it('given an input key the sub-workflow does not declare, when started, then it goes to its params and parents are linked', async () => {
    h.define({ rev: { type: 'reverse', tasks: { a: { action: 'std.echo output="A"', publish: { a: '<% task().result %>' } }, b: { action: 'std.noop' } } } });
    const snapshot = await h.run({ tasks: { call: { workflow: 'rev', input: { task_name: 'a' } } } });

    expect(task(snapshot, 'call').result).toEqual({ a: 'A' });
    const child = await h.snapshot(snapshot.actions[0]!.childExecutionId!);
    expect(child.execution).toMatchObject({
      params: { task_name: 'a', index: 0 }, parentExecutionId: snapshot.execution.id,
      parentTaskId: task(snapshot, 'call').id, rootExecutionId: snapshot.execution.id,
    });
    expect(child.tasks.map((t) => t.name)).toEqual(['a']);
  });

  it('given an unknown sub-workflow, when the task runs, then the workflow fails naming it', async () => {
    const snapshot = await h.run({ tasks: { call: { workflow: 'nowhere' } } });

    expect(task(snapshot, 'call').stateInfo).toBe('Failed to find workflow [name=nowhere]');
  });

  it('given a running sub-workflow, when the parent is cancelled, then the sub-workflow is cancelled too', async () => {
    h.define({ child: { tasks: { wait: { action: 'test.gate' } } } });
    const id = await h.start({ tasks: { call: { workflow: 'child' } } });
    const running = await h.waitFor(id, (s) => s.actions.length === 1);

    await h.engine.cancel(id, 'stop it');

    const child = await h.waitForEnd(running.actions[0]!.childExecutionId!);
    expect(child.execution.state).toBe('CANCELLED');
    expect((await h.snapshot(id)).execution).toMatchObject({ state: 'CANCELLED', stateInfo: 'stop it' });
  });
});

describe('pause, resume and cancel', () => {
  it('given a running execution, when paused, then a finishing task waits for resume to go on', async () => {
    const id = await h.start({ tasks: { a: { action: 'std.echo output=1 delay=0.1', 'on-success': ['b'] }, b: { action: 'std.noop' } } });
    await h.engine.pause(id);
    const paused = await h.waitFor(id, (s) => task(s, 'a')?.state === 'SUCCESS');
    expect(paused.execution.state).toBe('PAUSED');
    expect(paused.tasks.map((t) => t.name)).toEqual(['a']);

    await h.engine.resume(id);

    expect((await h.waitForEnd(id)).tasks.map((t) => [t.name, t.state])).toEqual([['a', 'SUCCESS'], ['b', 'SUCCESS']]);
  });

  it('given an ended execution, when paused or resumed, then ExecutionStateError says why', async () => {
    const snapshot = await h.run({ tasks: { a: { action: 'std.noop' } } });

    await expect(h.engine.pause(snapshot.execution.id)).rejects.toThrow(ExecutionStateError);
    await expect(h.engine.resume(snapshot.execution.id)).rejects.toThrow("Can't change workflow execution state from SUCCESS to RUNNING");
  });

  it('given a task waiting before it starts, when cancelled, then its timer row is gone', async () => {
    const id = await h.start({ tasks: { a: { action: 'std.noop', 'wait-before': 60 } } });
    await h.waitFor(id, (s) => task(s, 'a')?.state === 'DELAYED');

    await h.engine.cancel(id);

    expect((await h.snapshot(id)).tasks[0]!.state).toBe('CANCELLED');
    expect(await h.store.claimDueJobs(Date.now() + 600_000, 10, 1000)).toEqual([]);
  });
});
