import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionSnapshot } from '../../src/store/records.js';
import { EngineHarness, gateAction } from '../support/engine-harness.js';

/** The process dies (SIGKILL-like) mid-execution; a new one opens the same SQLite file. */
let harnesses: EngineHarness[] = [];

afterEach(async () => {
  for (const h of harnesses) await h.close();
  harnesses = [];
});

function first(shut: boolean, rerunnable = true) {
  const gate = gateAction('test.gate', { shut, rerunnable });
  const h = new EngineHarness({ extraActions: [gate.action] });
  harnesses.push(h);
  return { h, gate };
}

async function restart(h: EngineHarness, rerunnable = true) {
  const gate = gateAction('test.gate', { shut: false, rerunnable });
  const next = await h.restart({ extraActions: [gate.action] });
  harnesses.push(next);
  return { next, gate };
}

function task(snapshot: ExecutionSnapshot, name: string) {
  return snapshot.tasks.find((t) => t.name === name)!;
}

describe('restart after the process died', () => {
  it('given a with-items task half done, when the process restarts, then only the missing items run and the result keeps item order', async () => {
    const { h, gate } = first(true);
    const id = await h.start({
      tasks: { each: { 'with-items': 'x in [1, 2, 3]', concurrency: 1, action: 'test.gate value=<% $.x %> block=<% $.x = 2 %>' } },
    });
    await gate.entered;
    await h.kill();

    const { next, gate: again } = await restart(h);
    const snapshot = await next.waitForEnd(id);

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(task(snapshot, 'each').result).toEqual([1, 2, 3]);
    expect(again.runs).toEqual([2, 3]);
  });

  it('given a retry delay pending, when the process restarts, then the retry runs from its timer row', async () => {
    const { h } = first(false);
    const id = await h.start({ tasks: { flaky: { action: 'std.fail error_data="boom"', retry: { count: 1, delay: 1 } } } });
    await h.waitFor(id, (s) => s.tasks[0]?.state === 'DELAYED', 1500, 'the retry delay');
    await h.kill();

    const { next } = await restart(h);
    const snapshot = await next.waitForEnd(id, 3000);

    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.actions.map((a) => [a.state, a.accepted])).toEqual([['ERROR', false], ['ERROR', true]]);
    expect(task(snapshot, 'flaky').runtime).toMatchObject({ retry_no: 1 });
  });

  it('given a join with one branch arrived, when the process restarts, then the other branch arrives and the join runs once', async () => {
    const { h, gate } = first(true);
    const id = await h.start({
      tasks: {
        start: { action: 'std.noop', 'on-success': ['fast', 'slow'] },
        fast: { action: 'std.echo output=1', publish: { f: '<% task().result %>' }, 'on-success': ['joined'] },
        slow: { action: 'test.gate value=2', publish: { s: '<% task().result %>' }, 'on-success': ['joined'] },
        joined: { join: 'all', action: 'std.echo output="<% $.f %>+<% $.s %>"' },
      },
    });
    await gate.entered;
    await h.waitFor(id, (s) => task(s, 'joined')?.state === 'WAITING', 1500, 'the join waiting');
    await h.kill();

    const { next } = await restart(h);
    const snapshot = await next.waitForEnd(id);

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(snapshot.tasks.filter((t) => t.name === 'joined').map((t) => [t.state, t.result])).toEqual([['SUCCESS', '1+2']]);
  });

  it('given a sub-workflow running, when the process restarts, then it finishes and wakes its parent task', async () => {
    const { h, gate } = first(true);
    h.define({ child: { input: ['v'], output: { got: '<% $.r %>' }, tasks: { t: { action: 'test.gate value=<% $.v %>', publish: { r: '<% task().result %>' } } } } });
    const id = await h.start({ tasks: { call: { workflow: 'child', input: { v: 7 } } } });
    await gate.entered;
    await h.kill();

    const { next } = await restart(h);
    const snapshot = await next.waitForEnd(id);

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(task(snapshot, 'call').result).toEqual({ got: 7 });
  });

  it('given an action RUNNING when the process died, when it restarts, then the task fails saying so, unless it is safe-rerun', async () => {
    const { h, gate } = first(true, false);
    const unsafe = await h.start({ tasks: { t: { action: 'test.gate value=1' } } });
    await gate.entered;
    await h.kill();

    const { next } = await restart(h, false);
    const snapshot = await next.waitForEnd(unsafe);

    expect(snapshot.execution.state).toBe('ERROR');
    expect(task(snapshot, 't').stateInfo).toMatch(/may have been running when stackhook stopped, and task is not safe-rerun/);

    const { h: h2, gate: gate2 } = first(true, false);
    const safe = await h2.start({ tasks: { t: { action: 'test.gate value=1', 'safe-rerun': true } } });
    await gate2.entered;
    await h2.kill();
    const { next: next2, gate: again } = await restart(h2, false);

    expect((await next2.waitForEnd(safe)).execution.state).toBe('SUCCESS');
    expect(again.runs).toEqual([1]);
  });
});
