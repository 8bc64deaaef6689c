import { describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../src/actions/action.js';
import { ActionRegistry } from '../../src/actions/registry.js';

function definition(name: string, patch: Partial<ActionDefinition> = {}): ActionDefinition {
  return {
    name,
    description: `the ${name} action`,
    params: [
      { name: 'output', required: true },
      { name: 'delay', required: false, default: 0 },
      { name: 'note', required: false },
    ],
    run: async () => null,
    ...patch,
  };
}

describe('ActionRegistry.prepareInput', () => {
  const registry = new ActionRegistry([definition('std.echo')]);
  const echo = registry.get('std.echo')!;

  it('given only the required parameter, when prepared, then defaults fill the rest and a default-less optional becomes null', () => {
    expect(registry.prepareInput(echo, { output: 'x' })).toEqual({ output: 'x', delay: 0, note: null });
  });

  it('given values for optional parameters, when prepared, then the given values win, null included', () => {
    expect(registry.prepareInput(echo, { output: 1, delay: 5, note: null })).toEqual({ output: 1, delay: 5, note: null });
  });

  it('given an input, when prepared, then the input object itself is not changed', () => {
    const input = { output: 'x' };

    registry.prepareInput(echo, input);

    expect(input).toEqual({ output: 'x' });
  });

  it('given a missing and unexpected parameters, when prepared, then the message names them as Mistral does', () => {
    expect(() => registry.prepareInput(echo, { outptu: 1, extra: 2 }))
      .toThrow('Invalid input [name=std.echo, missing=[output], unexpected=[outptu, extra]]');
  });

  it('given only a missing parameter, when prepared, then unexpected is an empty list', () => {
    expect(() => registry.prepareInput(echo, {})).toThrow('Invalid input [name=std.echo, missing=[output], unexpected=[]]');
  });

  it('given an action taking extra keys, when prepared with unknown keys, then they pass through', () => {
    const open = definition('x.open', { acceptsExtra: true });

    expect(new ActionRegistry([open]).prepareInput(open, { output: 1, anything: 'goes' }))
      .toEqual({ output: 1, anything: 'goes', delay: 0, note: null });
  });
});

describe('ActionRegistry registration', () => {
  it('given an action already registered, when registered again, then it throws naming the action', () => {
    const registry = new ActionRegistry([definition('std.echo')]);

    expect(() => registry.register(definition('std.echo'))).toThrow('action std.echo is registered twice');
    expect(() => new ActionRegistry([definition('a'), definition('a')])).toThrow('action a is registered twice');
  });

  it('given several actions, when looked up and listed, then has/get answer by name and the list is sorted', () => {
    const registry = new ActionRegistry([definition('z.last'), definition('a.first')]);
    registry.register(definition('m.middle'));

    expect(registry.has('a.first')).toBe(true);
    expect(registry.has('nope')).toBe(false);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.get('m.middle')?.description).toBe('the m.middle action');
    expect(registry.list().map((a) => a.name)).toEqual(['a.first', 'm.middle', 'z.last']);
  });
});
