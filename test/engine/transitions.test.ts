import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionSnapshot } from '../../src/store/records.js';
import { EngineHarness } from '../support/engine-harness.js';

let h: EngineHarness;

beforeEach(() => {
  h = new EngineHarness();
});

afterEach(async () => {
  await h.close();
});

const noop = { action: 'std.noop' };

function states(snapshot: ExecutionSnapshot): Record<string, string> {
  return Object.fromEntries(snapshot.tasks.map((t) => [t.name, t.state]));
}

function nextOf(snapshot: ExecutionSnapshot, name: string): string[] {
  return snapshot.tasks.find((t) => t.name === name)!.nextTasks;
}

describe('on-success, on-error, on-complete', () => {
  it('given guarded on-success entries and on-complete, when the task succeeds, then the true guards run in order, then on-complete', async () => {
    const snapshot = await h.run({
      tasks: {
        t1: {
          action: 'std.echo output=5',
          'on-success': [{ small: '<% task().result < 3 %>' }, { big: '<% task().result >= 3 %>' }, 'always'],
          'on-error': ['handler'],
          'on-complete': ['finally'],
        },
        small: noop, big: noop, always: noop, handler: noop, finally: noop,
      },
    });

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(nextOf(snapshot, 't1')).toEqual(['big', 'always', 'finally']);
    expect(states(snapshot)).toEqual({ t1: 'SUCCESS', big: 'SUCCESS', always: 'SUCCESS', finally: 'SUCCESS' });
  });

  it('given a task whose action fails, when it has on-error, then the handler runs and the workflow succeeds', async () => {
    const snapshot = await h.run({
      tasks: {
        t1: { action: 'std.fail error_data="disk full"', 'on-success': ['next'], 'on-error': ['handler'], 'on-complete': ['finally'] },
        next: noop, handler: { action: 'std.echo', input: { output: 'handled: <% task(t1).result %>' } }, finally: noop,
      },
    });

    const t1 = snapshot.tasks.find((t) => t.name === 't1')!;
    expect(t1).toMatchObject({ state: 'ERROR', stateInfo: 'disk full', result: 'disk full', errorHandled: true, nextTasks: ['handler', 'finally'] });
    expect(snapshot.tasks.find((t) => t.name === 'handler')!.result).toBe('handled: disk full');
    expect(states(snapshot)).toEqual({ t1: 'ERROR', handler: 'SUCCESS', finally: 'SUCCESS' });
    expect(snapshot.execution).toMatchObject({ state: 'SUCCESS', stateInfo: null });
  });

  it('given a failing task with only on-complete, when it fails, then on-complete runs but the error stays unhandled', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.fail', 'on-complete': ['after'] }, after: noop } });

    expect(states(snapshot)).toEqual({ t1: 'ERROR', after: 'SUCCESS' });
    expect(snapshot.tasks[0]!.errorHandled).toBe(false);
    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toMatch(/^Failure caused by error in tasks: t1\n/);
  });

  it('given an on-error guard that is false, when the task fails, then the error is not handled', async () => {
    const snapshot = await h.run({
      tasks: { t1: { action: 'std.fail error_data="x"', 'on-error': [{ handler: '<% task().result = "y" %>' }] }, handler: noop },
    });

    expect(states(snapshot)).toEqual({ t1: 'ERROR' });
    expect(snapshot.execution.state).toBe('ERROR');
  });

  it('given a guard that cannot be evaluated, when the task completes, then the workflow is force-failed naming the guard', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.noop', 'on-success': [{ next: '<% $.nope.deeper %>' }] }, next: noop } });

    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toContain('Failed to evaluate the transition guard of task t1:');
    expect(states(snapshot)).toEqual({ t1: 'SUCCESS' });
  });
});

describe('engine commands', () => {
  it('given fail with a message, when reached, then the workflow is ERROR with the message as state_info and output result', async () => {
    const snapshot = await h.run({
      'output-on-error': { where: 'in t1' },
      tasks: { t1: { action: 'std.echo output="disk"', 'on-success': ['fail msg="<% task().result %> is full"', 'never'] }, never: noop },
    });

    expect(snapshot.execution).toMatchObject({ state: 'ERROR', stateInfo: 'disk is full', output: { result: 'disk is full', where: 'in t1' } });
    expect(states(snapshot)).toEqual({ t1: 'SUCCESS' });
  });

  it('given fail without a message, when reached, then state_info is empty and the output result null, as in Mistral', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.noop', 'on-complete': ['fail'] } } });

    expect(snapshot.execution).toMatchObject({ state: 'ERROR', stateInfo: null, output: { result: null } });
  });

  it('given succeed after a failed task, when reached, then the workflow succeeds and later transitions are dropped', async () => {
    const snapshot = await h.run({
      tasks: { t1: { action: 'std.fail', 'on-error': ['succeed'], 'on-complete': ['after'] }, after: noop },
    });

    expect(snapshot.execution).toMatchObject({ state: 'SUCCESS', stateInfo: null });
    expect(states(snapshot)).toEqual({ t1: 'ERROR' });
  });

  it('given succeed while a parallel task is still running, when reached, then the running task and its action are cancelled', async () => {
    const snapshot = await h.run({
      tasks: { quick: { action: 'std.noop', 'on-success': ['succeed'] }, slow: { action: 'std.sleep seconds=5' } },
    });

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(states(snapshot)).toEqual({ quick: 'SUCCESS', slow: 'CANCELLED' });
    expect(snapshot.actions.find((a) => a.name === 'std.sleep')!.state).toBe('CANCELLED');
  });

  it('given noop, when reached, then it does nothing and the following transitions still run', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.noop', 'on-success': ['noop', 'next'] }, next: noop } });

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(states(snapshot)).toEqual({ t1: 'SUCCESS', next: 'SUCCESS' });
  });

  it('given a task named like an engine command, when a transition names it, then the task runs instead of the command', async () => {
    const snapshot = await h.run({
      tasks: {
        t1: { action: 'std.noop', 'on-success': ['fail'] },
        fail: { action: 'std.echo output="not a command"', publish: { said: '<% task().result %>' } },
      },
    });

    expect(snapshot.execution).toMatchObject({ state: 'SUCCESS', output: { said: 'not a command' } });
    expect(states(snapshot)).toEqual({ t1: 'SUCCESS', fail: 'SUCCESS' });
  });
});
