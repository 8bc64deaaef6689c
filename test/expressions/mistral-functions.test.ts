import { describe, expect, it } from 'vitest';
import { MISTRAL_FUNCTIONS, pythonJsonDump, pythonYamlDump } from '../../src/expressions/mistral-functions.js';
import { PythonFloat } from '../../src/expressions/python-values.js';

function call(name: string, ...args: unknown[]): unknown {
  const fn = MISTRAL_FUNCTIONS[name];
  if (!fn) throw new Error(`no ${name}`);
  return fn(...args);
}

describe('Mistral functions', () => {
  it('given a JSON text, when parsed with json_parse, then the value is returned', () => {
    expect(call('json_parse', '{"a": [1, null]}')).toEqual({ a: [1, null] });
    expect(() => call('json_parse', 5)).toThrow();
  });

  it('given a value, when dumped with json_dump, then it reads like Python json.dumps(indent=4)', () => {
    expect(call('json_dump', { a: [1, 'é'], b: {}, c: new PythonFloat(2) })).toBe(
      '{\n    "a": [\n        1,\n        "\\u00e9"\n    ],\n    "b": {},\n    "c": 2.0\n}',
    );
    expect(pythonJsonDump(null)).toBe('null');
  });

  it('given YAML text, when parsed with yaml_parse, then the value is returned', () => {
    expect(call('yaml_parse', 'a: 1\nb: [x, y]\n')).toEqual({ a: 1, b: ['x', 'y'] });
  });

  it('given a value, when dumped with yaml_dump, then block style with sorted keys is used', () => {
    expect(call('yaml_dump', { b: [1, 2], a: { c: 'x' } })).toBe('a:\n  c: x\nb:\n- 1\n- 2\n');
    expect(pythonYamlDump('abc')).toBe('abc\n...\n');
  });

  it('given uuid(), when called twice, then two distinct UUID4 strings are returned', () => {
    const first = call('uuid');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('uuid')).not.toBe(first);
  });
});
