import { describe, expect, it } from 'vitest';
import { compileJinja } from '../../../src/expressions/jinja/index.js';
import { evaluate } from './support.js';

describe("Mistral's whole-string rule", () => {
  it('given a string that is one expression, when evaluated, then the native value comes back', () => {
    expect(evaluate('{{ _.l }}', { l: [1, 2] })).toEqual([1, 2]);
    expect(evaluate('{{ _.flag }}', { flag: true })).toBe(true);
    expect(evaluate('{{ _.n }}', { n: null })).toBeNull();
    expect(evaluate('{{ 7 / 2 }}')).toBe(3.5);
  });

  it('given a list, when rendered inside text, then it prints as Python prints it', () => {
    expect(evaluate('l={{ _.l }}', { l: [1, 2] })).toBe('l=[1, 2]');
    expect(evaluate('flag={{ _.flag }} v={{ _.n }}', { flag: true, n: null })).toBe('flag=True v=None');
    expect(evaluate('d={{ _.d }}', { d: { k: 'v' } })).toBe("d={'k': 'v'}");
  });

  it('given two expressions or surrounding text, when evaluated, then the result is a string', () => {
    expect(evaluate('{{ _ }}{{ _ }}', 3)).toBe('33');
    expect(evaluate(' {{ _.a }}', { a: 1 })).toBe(' 1');
  });

  it('given a nested dict literal, when its first }} is not the end, then it renders as text like in Mistral', () => {
    expect(evaluate("{{ {'a': {'b': 1}} }}")).toBe("{'a': {'b': 1}}");
  });

  it('given a float result, when evaluated whole, then it leaves as a plain number', () => {
    expect(evaluate('{{ 4 / 2 }}')).toBe(2);
    expect(evaluate('v={{ 4 / 2 }}')).toBe('v=2.0');
  });

  it('given an if without else that is false, when evaluated whole, then the result is None', () => {
    expect(evaluate("{{ 'y' if _.x }}", { x: 0 })).toBeNull();
  });
});

describe('Mistral functions in Jinja', () => {
  const data = { __env: { host: 'h1' } };
  const functions = {
    env: () => data.__env,
    task: (name: unknown = null) => ({ name, result: `r-${String(name)}` }),
    tasks: (...args: unknown[]) => args,
    uuid: () => 'u-1',
  };

  it('given engine functions, when called as globals, then they return their values', () => {
    expect(evaluate('{{ env().host }}', data, functions)).toBe('h1');
    expect(evaluate("{{ task('t1').result }}", data, functions)).toBe('r-t1');
  });

  it('given engine functions, when used as filters, then the piped value is dropped', () => {
    expect(evaluate('{{ _|env }}', data, functions)).toEqual({ host: 'h1' });
    expect(evaluate("{{ _|task('t2') }}", data, functions)).toEqual({ name: 't2', result: 'r-t2' });
    expect(evaluate("{{ '3'|uuid }}", data, functions)).toBe('u-1');
  });

  it("given keyword arguments, when an engine function is called, then they land on Mistral's parameter position", () => {
    expect(evaluate("{{ tasks(state='ERROR') }}", data, functions)).toEqual([null, null, 'ERROR']);
  });

  it('given a float argument, when passed to an engine function, then it arrives as a plain number', () => {
    expect(evaluate('{{ tasks(4 / 2) }}', data, { tasks: (value: unknown) => typeof value })).toBe('number');
  });

  it('given an engine function named like a built-in filter, when piped, then the engine function wins', () => {
    expect(evaluate("{{ 'a'|upper }}", {}, { upper: () => 'engine' })).toBe('engine');
  });
});

describe('compiled Jinja expressions', () => {
  it('given a compiled template, when evaluated many times with different data, then each result is independent', () => {
    const compiled = compileJinja('{% for i in _.l %}{{ i * 2 }},{% endfor %}');
    expect(compiled.language).toBe('jinja');
    expect(compiled.source).toBe('{% for i in _.l %}{{ i * 2 }},{% endfor %}');
    expect(compiled.evaluate({ data: { l: [1] } })).toBe('2,');
    expect(compiled.evaluate({ data: { l: [2, 3] } })).toBe('4,6,');
  });

  it('given a compiled expression, when evaluated 10,000 times, then it stays fast', () => {
    const compiled = compileJinja("{{ _.servers|selectattr('up')|map(attribute='name')|join(',') }}");
    const data = { servers: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, up: i % 2 === 0 })) };
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) compiled.evaluate({ data });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(compiled.evaluate({ data })).toBe('s0,s2,s4,s6,s8');
  });
});
