import { describe, expect, it } from 'vitest';
import { pythonRepr, pythonStr } from '../../src/expressions/python-format.js';
import { PythonFloat, PythonSet } from '../../src/expressions/python-values.js';

describe('pythonStr', () => {
  it('given scalars, when printed, then they read as Python prints them', () => {
    expect(pythonStr(true)).toBe('True');
    expect(pythonStr(false)).toBe('False');
    expect(pythonStr(null)).toBe('None');
    expect(pythonStr(undefined)).toBe('None');
    expect(pythonStr('plain')).toBe('plain');
    expect(pythonStr(42)).toBe('42');
  });

  it('given floats, when printed, then Python float repr rules apply', () => {
    expect(pythonStr(new PythonFloat(3))).toBe('3.0');
    expect(pythonStr(1.5)).toBe('1.5');
    expect(pythonStr(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(pythonStr(new PythonFloat(1e16))).toBe('1e+16');
    expect(pythonStr(1e-5)).toBe('1e-05');
    expect(pythonStr(0.0001)).toBe('0.0001');
    expect(pythonStr(new PythonFloat(1.5e300))).toBe('1.5e+300');
    expect(pythonStr(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(pythonStr(Number.NaN)).toBe('nan');
  });

  it('given containers, when printed, then they use Python list/dict syntax', () => {
    expect(pythonStr([1, 'a'])).toBe("[1, 'a']");
    expect(pythonStr({ k: 'v', n: null, b: [true] })).toBe("{'k': 'v', 'n': None, 'b': [True]}");
    expect(pythonStr([])).toBe('[]');
    expect(pythonStr({})).toBe('{}');
    expect(pythonStr(new PythonSet([1, 2]))).toBe('{1, 2}');
    expect(pythonStr(new PythonSet())).toBe('set()');
  });

  it('given tuple mode, when arrays are printed, then they read as tuples', () => {
    expect(pythonStr([1, 'a'], { arraysAsTuples: true })).toBe("(1, 'a')");
    expect(pythonStr([1], { arraysAsTuples: true })).toBe('(1,)');
  });
});

describe('pythonRepr', () => {
  it('given strings with quotes and control characters, when repr-ed, then Python quoting applies', () => {
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr('say "hi"')).toBe("'say \"hi\"'");
    expect(pythonRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(pythonRepr('a\nb\\')).toBe("'a\\nb\\\\'");
    expect(pythonRepr('\u0001é')).toBe("'\\x01é'");
  });
});
