import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowInputError } from '../../src/engine/start.js';
import type { ExecutionSnapshot } from '../../src/store/records.js';
import { EngineHarness } from '../support/engine-harness.js';

let h: EngineHarness;

beforeEach(() => {
  h = new EngineHarness();
});

afterEach(async () => {
  await h.close();
});

function task(snapshot: ExecutionSnapshot, name: string) {
  const found = snapshot.tasks.find((t) => t.name === name);
  if (!found) throw new Error(`no task ${name} in ${snapshot.tasks.map((t) => t.name).join(', ')}`);
  return found;
}

describe('workflow input', () => {
  const body = {
    input: ['name', { greeting: 'hello' }, { extra: null }],
    output: { text: '<% $.greeting %> <% $.name %>', extra: '<% $.extra %>' },
    tasks: { t1: { action: 'std.noop' } },
  };

  it('given an input with defaults, when only the required one is given, then the defaults apply', async () => {
    const snapshot = await h.run(body, { input: { name: 'ann' } });

    expect(snapshot.execution.input).toEqual({ name: 'ann', greeting: 'hello', extra: null });
    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(snapshot.execution.output).toEqual({ text: 'hello ann', extra: null });
  });

  it('given an input with defaults, when a default is overridden, then the given value is used', async () => {
    const snapshot = await h.run(body, { input: { name: 'bob', greeting: 'hi' } });

    expect(snapshot.execution.output).toEqual({ text: 'hi bob', extra: null });
  });

  it('given a required input, when it is missing and another is unexpected, then WorkflowInputError names both and nothing is stored', async () => {
    const start = h.start(body, { input: { greeting: 'hi', colour: 'red' } });

    await expect(start).rejects.toThrow(WorkflowInputError);
    await expect(h.start(body, { input: { greeting: 'hi', colour: 'red' } }))
      .rejects.toThrow('Invalid input [name=wf, missing=[name], unexpected=[colour]]');
    expect(await h.store.listExecutions({ limit: 10 })).toEqual([]);
  });

  it('given a workflow that declares no input, when given any input, then it is kept as given', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.echo', input: { output: '<% $.anything %>' } } } }, { input: { anything: [1, 2] } });

    expect(snapshot.execution.input).toEqual({ anything: [1, 2] });
    expect(task(snapshot, 't1').result).toEqual([1, 2]);
  });
});

describe('vars', () => {
  it('given workflow vars computed from the input, when tasks and output read them, then they see the values', async () => {
    const snapshot = await h.run({
      input: ['zone'],
      vars: { fqdn: 'www.<% $.zone %>', ttl: 300 },
      output: { fqdn: '<% $.fqdn %>', ttl: '<% $.ttl %>' },
      tasks: { t1: { action: 'std.echo', input: { output: '<% $.fqdn %>' } } },
    }, { input: { zone: 'example.org.' } });

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(task(snapshot, 't1').result).toBe('www.example.org.');
    expect(snapshot.execution.output).toEqual({ fqdn: 'www.example.org.', ttl: 300 });
    expect(snapshot.execution.context).toMatchObject({ fqdn: 'www.example.org.', ttl: 300 });
  });

  it('given a var whose expression fails, when started, then the workflow fails at once saying why', async () => {
    const snapshot = await h.run({ vars: { v: '<% $.nope %>' }, tasks: { t1: { action: 'std.noop' } } });

    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toMatch(/^Failed to evaluate workflow vars: .*nope/);
    expect(snapshot.tasks).toEqual([]);
  });
});

describe('publish and results', () => {
  it('given a task that publishes its result, when the next task reads it and task(name).result, then both see the value', async () => {
    const snapshot = await h.run({
      input: ['a'],
      tasks: {
        first: { action: 'std.echo output=<% $.a %>', publish: { x: '<% task().result %>-pub' }, 'on-success': ['second'] },
        second: { action: 'std.echo', input: { output: '<% task(first).result %>|<% $.x %>' } },
      },
    }, { input: { a: 'A' } });

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(task(snapshot, 'first')).toMatchObject({ state: 'SUCCESS', result: 'A', published: { x: 'A-pub' }, nextTasks: ['second'] });
    expect(task(snapshot, 'second').result).toBe('A|A-pub');
    expect(task(snapshot, 'second').inContext).toEqual({ x: 'A-pub' });
  });

  it('given a publish expression that fails, when the task succeeds, then the workflow is force-failed past on-error', async () => {
    const snapshot = await h.run({
      tasks: {
        t1: { action: 'std.echo output=1', publish: { p: '<% $.nope %>' }, 'on-error': ['handler'] },
        handler: { action: 'std.noop' },
      },
    });

    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toContain('Failure caused by error in tasks: t1');
    expect(snapshot.execution.stateInfo).toContain('Failed to publish variables of task t1:');
    expect(snapshot.execution.stateInfo).toContain("KeyError: 'nope'");
    expect(snapshot.tasks.map((t) => t.name)).toEqual(['t1']);
    expect(snapshot.tasks[0]).toMatchObject({ state: 'ERROR', stateInfo: expect.stringContaining('Failed to publish variables of task t1') });
  });

  it('given a task input expression that fails, when the task is scheduled, then the task and the workflow fail with the expression error', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.echo', input: { output: '<% $.missing.x %>' } } } });

    const t1 = task(snapshot, 't1');
    expect(t1.state).toBe('ERROR');
    expect(t1.stateInfo).toBe("Can not evaluate YAQL expression [expression=$.missing.x, error=KeyError: 'missing']");
    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toBe(`Failure caused by error in tasks: t1\n\n  t1 [task_ex_id=${t1.id}] -> ${t1.stateInfo}\n`);
    expect(snapshot.actions).toEqual([]);
  });
});

describe('env, execution() and global publish', () => {
  it('given an env and a global publish in an on-success clause, when later tasks and the output read them, then they see them', async () => {
    const snapshot = await h.run({
      output: { g: '<% global(g) %>', phase: '<% env().resource.phase %>', id: '<% execution().id %>' },
      tasks: {
        t1: { action: 'std.echo output=5', 'on-success': { publish: { global: { g: '<% task().result %>' }, branch: { b: 1 } }, next: ['t2'] } },
        t2: { action: 'std.echo', input: { output: '<% global(g) %>-<% $.b %>-<% env().resource.phase %>' } },
      },
    }, { env: { resource: { phase: 'create' } } });

    expect(snapshot.execution.state).toBe('SUCCESS');
    expect(task(snapshot, 't2').result).toBe('5-1-create');
    expect(snapshot.execution.output).toEqual({ g: 5, phase: 'create', id: snapshot.execution.id });
    expect(snapshot.execution.context).toMatchObject({ g: 5 });
    expect(snapshot.execution.env).toEqual({ resource: { phase: 'create' } });
  });
});

describe('workflow output', () => {
  it('given an output clause, when the workflow succeeds, then the output is its evaluated value', async () => {
    const snapshot = await h.run({
      output: { doubled: '<% $.n * 2 %>', literal: 'x' },
      tasks: { t1: { action: 'std.echo output=21', publish: { n: '<% task().result %>' } } },
    });

    expect(snapshot.execution).toMatchObject({ state: 'SUCCESS', stateInfo: null, output: { doubled: 42, literal: 'x' } });
    expect(snapshot.execution.finishedAt).not.toBeNull();
  });

  it('given no output clause, when the workflow succeeds, then the output is the final context of the last tasks', async () => {
    const snapshot = await h.run({
      tasks: {
        a: { action: 'std.echo output=1', publish: { fromA: '<% task().result %>' }, 'on-success': ['b'] },
        b: { action: 'std.echo output=2', publish: { fromB: '<% task().result %>' } },
        c: { action: 'std.echo output=3', publish: { fromC: '<% task().result %>' } },
      },
    });

    expect(snapshot.execution.output).toEqual({ fromA: 1, fromB: 2, fromC: 3 });
  });

  it('given an output expression that fails, when the tasks succeed, then the workflow ends in ERROR saying so', async () => {
    const snapshot = await h.run({ output: { v: '<% $.nope %>' }, tasks: { t1: { action: 'std.noop' } } });

    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toMatch(/^Failed to evaluate workflow output: .*'nope'/);
    expect(snapshot.execution.output).toEqual({ result: snapshot.execution.stateInfo });
  });
});

describe('actions', () => {
  it('given an action name nobody registered, when the task is scheduled, then task and workflow fail with "Failed to find action"', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'no.such_action' } } });

    expect(task(snapshot, 't1')).toMatchObject({ state: 'ERROR', stateInfo: 'Failed to find action [action_name=no.such_action]' });
    expect(snapshot.execution.state).toBe('ERROR');
    expect(snapshot.execution.stateInfo).toContain('Failure caused by error in tasks: t1');
    expect(snapshot.execution.stateInfo).toContain('-> Failed to find action [action_name=no.such_action]');
  });

  it('given an action input that does not fit its parameters, when it runs, then the task fails with Mistral\'s "Invalid input [...]"', async () => {
    const snapshot = await h.run({ tasks: { t1: { action: 'std.echo', input: { outptu: 'typo' } } } });

    const t1 = task(snapshot, 't1');
    expect(t1.state).toBe('ERROR');
    expect(t1.stateInfo).toContain('Invalid input [name=std.echo, missing=[output], unexpected=[outptu]]');
    expect(snapshot.actions[0]).toMatchObject({ name: 'std.echo', state: 'ERROR', input: { outptu: 'typo' } });
    expect(snapshot.execution.state).toBe('ERROR');
  });

  it('given a task without an action, when it runs, then std.noop runs and its result is null', async () => {
    const snapshot = await h.run({ tasks: { t1: { publish: { r: '<% task().result %>' } } } });

    expect(snapshot.actions.map((a) => [a.name, a.state, a.output])).toEqual([['std.noop', 'SUCCESS', { result: null }]]);
    expect(snapshot.execution.output).toEqual({ r: null });
  });
});
