import { describe, expect, it } from 'vitest';
import { parseCommandAndParams } from '../../src/workflow/inline-params.js';
import { parseWorkflowList } from '../../src/workflow/parse.js';

describe('Given inline parameters after an action, workflow or command name', () => {
  it('When the DSL-SPEC §3.1 example is parsed, Then every value kind decodes as in Mistral', () => {
    const parsed = parseCommandAndParams(
      `std.echo output="inline" x=1 y=[1,2] z='q q' b=true e=<% $.a %> n=null`,
    );
    expect(parsed).toEqual({
      name: 'std.echo',
      params: { output: 'inline', x: 1, y: [1, 2], z: 'q q', b: true, e: '<% $.a %>', n: null },
    });
  });

  it('When the string has no space, Then it is the name alone (even with parentheses)', () => {
    expect(parseCommandAndParams('std.noop')).toEqual({ name: 'std.noop', params: {} });
    expect(parseCommandAndParams('fail(msg="x")')).toEqual({ name: 'fail(msg="x")', params: {} });
  });

  it('When a command uses the call form with a space, Then name and params are split', () => {
    expect(parseCommandAndParams('fail(msg="a b")')).toEqual({ name: 'fail', params: { msg: 'a b' } });
  });

  it('When values look unusual, Then they split the way the Python regex splits them', () => {
    expect(parseCommandAndParams('a x=1.5 q="say \\"hi" j={{ _.v }}')?.params).toEqual({ x: 1, q: 'say \\', j: '{{ _.v }}' });
  });

  it('When the name is an expression, Then it is kept as the name', () => {
    expect(parseCommandAndParams('<% $.action %> a=1')).toEqual({ name: '<% $.action %>', params: { a: 1 } });
  });

  it('When there is a space but no recognizable name, Then the string is rejected', () => {
    expect(parseCommandAndParams('=x y')).toBeUndefined();
  });

  it('When a task has inline params and input, Then inline params win on conflicts', () => {
    const { workflows } = parseWorkflowList(
      [
        "version: '2.0'",
        'wf:',
        '  tasks:',
        '    t1:',
        '      action: std.echo output="inline" extra=1',
        '      input: {output: from-input, keep: yes}',
      ].join('\n'),
    );
    const task = workflows[0]!.tasks.get('t1')!;
    expect(task.action).toBe('std.echo');
    expect(task.input).toEqual({ output: 'inline', keep: true, extra: 1 });
  });
});
