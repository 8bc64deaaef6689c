import { afterEach, describe, expect, it } from 'vitest';
import type { StoreCommand } from '../../src/store/commands.js';
import type { ActionRecord, ExecutionSnapshot } from '../../src/store/records.js';
import { countingAction, EngineHarness } from '../support/engine-harness.js';
import { actionRecord, executionRecord, jobRecord, taskRecord } from '../support/records.js';

let h: EngineHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

function harness(options: ConstructorParameters<typeof EngineHarness>[0] = {}): EngineHarness {
  h = new EngineHarness(options);
  return h;
}

function states(snapshot: ExecutionSnapshot): Record<string, string> {
  return Object.fromEntries(snapshot.tasks.map((t) => [t.name, t.state]));
}

describe('unhandled errors', () => {
  it('given two parallel tasks that fail, when neither is handled, then state_info lists both as Mistral does and output carries it', async () => {
    const snapshot = await harness().run({
      tasks: { a: { action: 'std.fail error_data="first"' }, b: { action: 'std.fail error_data="second"' } },
    });

    const [a, b] = snapshot.tasks;
    const [runA, runB] = [a, b].map((t) => snapshot.actions.find((x) => x.taskId === t!.id)!);
    const expected = `Failure caused by error in tasks: a, b\n\n  a [task_ex_id=${a!.id}] -> first\n    [action_ex_id=${runA!.id}, idx=0]: first\n`
      + `\n  b [task_ex_id=${b!.id}] -> second\n    [action_ex_id=${runB!.id}, idx=0]: second\n`;
    expect(snapshot.execution).toMatchObject({ state: 'ERROR', stateInfo: expected, output: { result: expected } });
  });

  it('given output-on-error, when the workflow fails, then it is evaluated over the final context and merged with result', async () => {
    const snapshot = await harness().run({
      output: { never: 'used' },
      'output-on-error': { failed_in: '<% $.where %>', code: 7 },
      tasks: { t1: { action: 'std.fail error_data="no quota"', 'publish-on-error': { where: 't1' } } },
    });

    expect(snapshot.execution.output).toEqual({ result: snapshot.execution.stateInfo, failed_in: 't1', code: 7 });
    expect(snapshot.execution.stateInfo).toMatch(/-> no quota\n    \[action_ex_id=.*, idx=0\]: no quota\n$/);
  });

  it('given std.fail without error_data, when it runs, then the task reason is the wrapped exception message', async () => {
    const snapshot = await harness().run({ tasks: { t1: { action: 'std.fail' } } });

    const action = snapshot.actions[0]!;
    expect(snapshot.tasks[0]!.stateInfo).toBe(
      `The action raised an exception [action=std.fail, action_ex_id=${action.id}, msg='Fail action expected exception.']`,
    );
  });
});

describe('cancel', () => {
  it('given a running std.sleep, when the execution is cancelled, then tasks and action are CANCELLED and the sleep is aborted at once', async () => {
    const engine = harness();
    const id = await engine.start({
      tasks: { slow: { action: 'std.sleep seconds=30', 'on-complete': ['after'] }, after: { action: 'std.noop' } },
    });
    // std.sleep is rerunnable, so it is not marked RUNNING; the runner hands it over at commit.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await engine.snapshot(id)).execution.state).toBe('RUNNING');

    const started = Date.now();
    await engine.engine.handle(id, { kind: 'cancel', state: 'CANCELLED', reason: 'stopped by the operator' });
    await engine.runner.stop(); // waits for the action handler, so it returns only once the sleep ended
    const elapsed = Date.now() - started;

    const snapshot = await engine.snapshot(id);
    expect(elapsed).toBeLessThan(1000);
    expect(snapshot.execution).toMatchObject({ state: 'CANCELLED', stateInfo: 'stopped by the operator', output: { result: 'stopped by the operator' } });
    expect(states(snapshot)).toEqual({ slow: 'CANCELLED' });
    expect(snapshot.actions.map((a) => [a.name, a.state])).toEqual([['std.sleep', 'CANCELLED']]);
    expect(await engine.store.claimDueJobs(Date.now() + 60_000, 10, 1000)).toEqual([]);
  });

  it('given a cancel for an execution already finished, when handled, then nothing changes', async () => {
    const engine = harness();
    const done = await engine.run({ tasks: { t1: { action: 'std.noop' } } });

    await engine.engine.handle(done.execution.id, { kind: 'cancel', state: 'CANCELLED', reason: 'too late' });

    const after = (await engine.snapshot(done.execution.id)).execution;
    expect(after).toMatchObject({ state: 'SUCCESS', stateInfo: null, output: done.execution.output, finishedAt: done.execution.finishedAt });
  });

  it('given an execution deadline, when it passes with a task still running, then the execution ends in ERROR with the reason', async () => {
    const engine = harness();
    const snapshot = await engine.run({ tasks: { slow: { action: 'std.sleep seconds=30' } } }, { deadlineAt: Date.now() + 100 });

    expect(snapshot.execution).toMatchObject({ state: 'ERROR', stateInfo: 'deadline passed' });
    expect(states(snapshot)).toEqual({ slow: 'CANCELLED' });
  });
});

describe('restart with an action found RUNNING', () => {
  /** What the store holds after a crash while the action of task t1 was running. */
  async function crashedWhileRunning(engine: EngineHarness, taskBody: Record<string, unknown>, extraTasks: Record<string, unknown> = {}) {
    const definition = { tasks: { t1: { action: 'test.count', ...taskBody }, ...extraTasks } };
    const commands: StoreCommand[] = [
      { kind: 'insert_execution', execution: executionRecord({ id: 'e1', definition, version: 3 }) },
      { kind: 'insert_task', task: taskRecord({ id: 't1', executionId: 'e1', name: 't1' }) },
      { kind: 'insert_action', action: actionRecord({ id: 'a1', taskId: 't1', executionId: 'e1', name: 'test.count', state: 'RUNNING' }) },
      { kind: 'schedule_job', job: jobRecord({ id: 'j1', kind: 'run_action', ref: 'a1', runAt: 0 }) },
    ];
    await engine.store.apply(commands);
    return (await engine.store.claimDueJobs(Date.now(), 10, 60_000))[0]!;
  }

  it('given a task that is not safe-rerun, when its job is handled, then the action is not run again and the task fails saying why', async () => {
    const counter = countingAction();
    const engine = harness({ extraActions: [counter], startRunner: false });
    const job = await crashedWhileRunning(engine, {});

    await engine.executor.handle(job);

    const snapshot = await engine.snapshot('e1');
    const reason = 'The action test.count may have been running when stackhook stopped, and task is not safe-rerun; it was not run again';
    expect(counter.runs).toEqual([]);
    expect(snapshot.actions[0]).toMatchObject<Partial<ActionRecord>>({ state: 'ERROR', output: { result: reason }, attempt: 1 });
    expect(snapshot.tasks[0]).toMatchObject({ state: 'ERROR', stateInfo: reason });
    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toBe(`Failure caused by error in tasks: t1\n\n  t1 [task_ex_id=t1] -> ${reason}\n    [action_ex_id=a1, idx=0]: ${reason}\n`);
    expect(await engine.store.claimDueJobs(Date.now() + 600_000, 10, 1000)).toEqual([]);
  });

  it('given a task that is not safe-rerun but has on-error, when its job is handled, then the handler runs and the workflow succeeds', async () => {
    const counter = countingAction();
    const engine = harness({ extraActions: [counter], startRunner: false });
    const job = await crashedWhileRunning(engine, { 'on-error': ['cleanup'] }, { cleanup: { action: 'std.noop' } });

    await engine.executor.handle(job);
    // The handler's job was born held by this (stopped) process; a restart frees it.
    await engine.store.releaseLeases(Date.now());
    engine.runner.start();
    const snapshot = await engine.waitForEnd('e1');

    expect(counter.runs).toEqual([]);
    expect(states(snapshot)).toEqual({ t1: 'ERROR', cleanup: 'SUCCESS' });
    expect(snapshot.execution.state).toBe('SUCCESS');
  });

  it('given a task marked safe-rerun, when its job is handled, then the action runs again as attempt 2 and the workflow succeeds', async () => {
    const counter = countingAction();
    const engine = harness({ extraActions: [counter], startRunner: false });
    const job = await crashedWhileRunning(engine, { 'safe-rerun': true, publish: { n: '<% task().result %>' } });

    await engine.executor.handle(job);

    const snapshot = await engine.snapshot('e1');
    expect(counter.runs).toEqual([{ tag: null }]);
    expect(snapshot.actions[0]).toMatchObject({ state: 'SUCCESS', attempt: 2, output: { result: 1 } });
    expect(snapshot.tasks[0]).toMatchObject({ state: 'SUCCESS', published: { n: 1 } });
    expect(snapshot.execution).toMatchObject({ state: 'SUCCESS', output: { n: 1 } });
  });

  it('given a rerunnable action (std.*) found RUNNING, when its job is handled, then it runs again even without safe-rerun', async () => {
    const engine = harness({ startRunner: false });
    await crashedWhileRunning(engine, {});
    await engine.store.apply([
      { kind: 'update_action', id: 'a1', patch: { name: 'std.echo', input: { output: 'again' } } },
    ]);
    const [job] = await engine.store.claimDueJobs(Date.now() + 600_000, 10, 1000);

    await engine.executor.handle(job!);

    const snapshot = await engine.snapshot('e1');
    expect(snapshot.actions[0]).toMatchObject({ state: 'SUCCESS', output: { result: 'again' } });
    expect(snapshot.execution.state).toBe('SUCCESS');
  });

  it('given an action still SCHEDULED at restart, when its job is handled, then it simply runs as attempt 1', async () => {
    const counter = countingAction();
    const engine = harness({ extraActions: [counter], startRunner: false });
    const job = await crashedWhileRunning(engine, {});
    await engine.store.apply([{ kind: 'update_action', id: 'a1', patch: { state: 'SCHEDULED' } }]);

    await engine.executor.handle(job);

    const snapshot = await engine.snapshot('e1');
    expect(counter.runs).toHaveLength(1);
    expect(snapshot.actions[0]).toMatchObject({ state: 'SUCCESS', attempt: 1 });
    expect(snapshot.execution.state).toBe('SUCCESS');
  });
});
