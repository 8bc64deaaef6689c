import { describe, expect, it } from 'vitest';
import { parseWorkflowList } from '../../src/workflow/parse.js';
import { startTasks, type TaskSpec } from '../../src/workflow/spec.js';

function tasksOf(yamlTasks: string): Map<string, TaskSpec> {
  const text = `version: '2.0'\nwf:\n  tasks:\n${yamlTasks}`;
  return parseWorkflowList(text).workflows[0]!.tasks as Map<string, TaskSpec>;
}

describe('Given the on-* transition forms of direct workflows', () => {
  it('When a clause is a name or a list of names, Then each is an unconditional task transition', () => {
    const tasks = tasksOf('    a: {on-success: b, on-error: [b, c]}\n    b: {}\n    c: {}\n'.replace(/\{\}/g, '{action: std.noop}'));
    expect(tasks.get('a')!.onSuccess).toEqual([{ kind: 'task', name: 'b', params: {} }]);
    expect(tasks.get('a')!.onError.map((t) => t.kind === 'task' && t.name)).toEqual(['b', 'c']);
  });

  it('When entries carry guards and commands with params, Then they become conditions and commands', () => {
    const tasks = tasksOf(
      [
        '    a:',
        '      action: std.noop',
        '      on-complete:',
        "        - b: <% $.x = 1 %>",
        '        - fail msg="bad <% $.y %>"',
        "        - succeed: <% $.z %>",
        '    b: {action: std.noop}',
        '',
      ].join('\n'),
    );
    expect(tasks.get('a')!.onComplete).toEqual([
      { kind: 'task', name: 'b', params: {}, condition: '<% $.x = 1 %>' },
      { kind: 'command', command: 'fail', params: { msg: 'bad <% $.y %>' } },
      { kind: 'command', command: 'succeed', params: {}, condition: '<% $.z %>' },
    ]);
  });

  it('When the advanced form is used, Then next targets and the clause publish are kept', () => {
    const tasks = tasksOf(
      [
        '    a:',
        '      action: std.noop',
        '      on-success:',
        '        publish:',
        '          branch: {x: 1}',
        '          global: {y: 2}',
        '        next: [b, {c: <% $.x %>}]',
        '    b: {action: std.noop}',
        '    c: {action: std.noop}',
        '',
      ].join('\n'),
    );
    const a = tasks.get('a')!;
    expect(a.clauses.success?.publish).toEqual({ branch: { x: 1 }, global: { y: 2 } });
    expect(a.onSuccess.map((t) => (t.kind === 'task' ? [t.name, t.condition] : []))).toEqual([['b', undefined], ['c', '<% $.x %>']]);
    expect(a.publishOn.success).toEqual({ branch: { x: 1 }, global: { y: 2 } });
  });

  it('When a task is named like an engine command, Then transitions to it are task transitions', () => {
    const tasks = tasksOf('    a: {action: std.noop, on-success: fail}\n    fail: {action: std.noop}\n');
    expect(tasks.get('a')!.onSuccess[0]).toMatchObject({ kind: 'task', name: 'fail' });
  });

  it('When a clause is a single one-key dict, Then (as in Mistral) it yields no transition at all', () => {
    const text = "version: '2.0'\nwf:\n  tasks:\n    a: {action: std.noop, on-success: {b: <% 1 %>}}\n    b: {action: std.noop}\n";
    const wf = parseWorkflowList(text).workflows[0]!;
    expect(wf.tasks.get('a')!.onSuccess).toEqual([]);
    expect(startTasks(wf).map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('When an advanced next is a one-key dict, Then its guard is dropped as Mistral drops it', () => {
    const tasks = tasksOf('    a: {action: std.noop, on-success: {next: {b: <% 1 %>}}}\n    b: {action: std.noop}\n');
    expect(tasks.get('a')!.onSuccess).toEqual([{ kind: 'task', name: 'b', params: {} }]);
  });

  it('When a target does not exist, Then the workflow is rejected with Mistral\'s message and position', () => {
    const text = "version: '2.0'\nwf:\n  tasks:\n    a:\n      action: std.noop\n      on-success: [nope]\n";
    expect(() => parseWorkflowList(text, { source: 'wf.yaml' })).toThrow("wf.yaml:4:5: Task 'nope' not found.");
  });

  it('When every task has an inbound transition, Then no start task is found', () => {
    const text = "version: '2.0'\nwf:\n  tasks:\n    a: {on-complete: b}\n    b: {on-complete: a}\n";
    expect(() => parseWorkflowList(text)).toThrow(/Failed to find start tasks in direct workflow/);
  });

  it('When joins need more inbound tasks than exist, Then the join is rejected', () => {
    const base = "version: '2.0'\nwf:\n  tasks:\n    a: {on-complete: c}\n    b: {on-complete: c}\n";
    expect(() => parseWorkflowList(`${base}    c: {join: 2}\n`)).not.toThrow();
    expect(() => parseWorkflowList(`${base}    c: {join: 3}\n`)).toThrow(
      "Not enough inbound tasks for task with 'join' [task_name=c, join=3, inbound_tasks=2]",
    );
    expect(() => parseWorkflowList(`${base}    c: {}\n    d: {join: all}\n`.replace('c: {}', 'c: {action: std.noop}'))).toThrow(
      "No inbound tasks for task with 'join: all' [task_name=d]",
    );
  });
});
