import { describe, expect, it } from 'vitest';
import { ExpressionEvaluationError } from '../../../src/expressions/types.js';
import { yaql } from './helpers.js';

const servers = { servers: [{ name: 'web', status: 'ACTIVE', cpu: 2 }, { name: 'db', status: 'ERROR', cpu: 8 }, { name: 'cache', status: 'ACTIVE', cpu: 4 }] };

describe('YAQL queries', () => {
  it('given a list of servers, when filtered with where(), then only matching ones remain', () => {
    expect(yaql("$.servers.where($.status = 'ACTIVE').name", servers)).toEqual(['web', 'cache']);
  });

  it('given a list, when projected with select() and selectMany(), then each element is mapped', () => {
    expect(yaql('$.servers.select($.cpu * 2)', servers)).toEqual([4, 16, 8]);
    expect(yaql('[[1, 2], [3]].selectMany($)')).toEqual([1, 2, 3]);
  });

  it('given servers, when ordered and grouped, then yaql ordering and pairs are produced', () => {
    expect(yaql('$.servers.orderByDescending($.cpu).name', servers)).toEqual(['db', 'cache', 'web']);
    expect(yaql('$.servers.orderBy($.status).thenBy($.name).name', servers)).toEqual(['cache', 'web', 'db']);
    expect(yaql('$.servers.groupBy($.status, $.name)', servers)).toEqual([['ACTIVE', ['web', 'cache']], ['ERROR', ['db']]]);
    expect(yaql('$.servers.groupBy($.status, $.cpu, $.sum())', servers)).toEqual([['ACTIVE', 6], ['ERROR', 8]]);
  });

  it('given collections, when aggregated, then sum/max/min/count/any/all behave like yaql', () => {
    expect(yaql('$.servers.cpu.sum()', servers)).toBe(14);
    expect(yaql('$.servers.cpu.max()', servers)).toBe(8);
    expect(yaql('$.servers.cpu.min()', servers)).toBe(2);
    expect(yaql('max(3, 9)')).toBe(9);
    expect(yaql('$.servers.count()', servers)).toBe(3);
    expect(yaql("$.servers.any($.status = 'ERROR')", servers)).toBe(true);
    expect(yaql('$.servers.all($.cpu > 1)', servers)).toBe(true);
    expect(yaql('[].any()')).toBe(false);
  });

  it('given a sequence, when sliced, then first/last/skip/take/distinct/zip work', () => {
    expect(yaql('[3, 1, 3, 2].distinct()')).toEqual([3, 1, 2]);
    expect(yaql('[1, 2, 3].last()')).toBe(3);
    expect(yaql('[].first(default => 7)')).toBe(7);
    expect(yaql('range(1, 10, 3)')).toEqual([1, 4, 7]);
    expect(yaql('sequence(5).take(3)')).toEqual([5, 6, 7]);
    expect(yaql('[1, 2].zip([a, b])')).toEqual([[1, 'a'], [2, 'b']]);
    expect(yaql('[1, 2, 3].enumerate()')).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('given an empty collection, when first() has no default, then evaluation fails', () => {
    expect(() => yaql('[].first()')).toThrow(ExpressionEvaluationError);
  });
});

describe('YAQL collections', () => {
  it('given a dict, when read with get/keys/values/containsKey, then yaql semantics apply', () => {
    const data = { a: 1, b: null };
    expect(yaql("$.get('b', 5)", data)).toBeNull();
    expect(yaql("$.get('c', 5)", data)).toBe(5);
    expect(yaql('$.keys()', data)).toEqual(['a', 'b']);
    expect(yaql('$.values()', data)).toEqual([1, null]);
    expect(yaql('$.containsKey(a)', data)).toBe(true);
    expect(yaql('a in $', data)).toBe(true);
  });

  it('given a dict, when changed with set/delete/mergeWith, then a new dict is returned', () => {
    const data = { a: 1 };
    expect(yaql('$.set(b, 2)', data)).toEqual({ a: 1, b: 2 });
    expect(yaql('$.set({c => 3})', data)).toEqual({ a: 1, c: 3 });
    expect(data).toEqual({ a: 1 });
    expect(yaql('{a => {x => 1}}.mergeWith({a => {y => 2}})')).toEqual({ a: { x: 1, y: 2 } });
  });

  it('given lists, when converted, then dict/list/toDict/flatten/len work', () => {
    expect(yaql('dict([[a, 1], [b, 2]])')).toEqual({ a: 1, b: 2 });
    expect(yaql('list(1, 2)')).toEqual([1, 2]);
    expect(yaql('[a, b].toDict($, $.len())')).toEqual({ a: 1, b: 1 });
    expect(yaql('[1, [2, [3]]].flatten()')).toEqual([1, 2, 3]);
    expect(yaql('$.len()', [1, 2])).toBe(2);
  });

  it('given sets, when combined, then union/difference keep set semantics and output as lists', () => {
    expect(yaql('[1, 2].toSet().union([2, 3].toSet())')).toEqual([1, 2, 3]);
    expect(yaql('[1, 2, 3].toSet().difference([2].toSet())')).toEqual([1, 3]);
    expect(yaql('set(1, 1.0, 2)')).toEqual([1, 2]);
  });

  it('given a generator, when indexed, then yaql refuses (no #indexer on iterators)', () => {
    expect(() => yaql('$.where(true)[0]', [1])).toThrow(/#indexer/);
    expect(yaql('$.where(true).toList()[0]', [1])).toBe(1);
  });
});

describe('YAQL strings', () => {
  it('given strings, when transformed, then Python string semantics apply', () => {
    expect(yaql("'a b  c'.split()")).toEqual(['a', 'b', 'c']);
    expect(yaql("'a,b,c'.split(',', 1)")).toEqual(['a', 'b,c']);
    expect(yaql("', '.join([a, 1, true, null])")).toBe('a, 1, true, null');
    expect(yaql("'xxhixx'.trim('x')")).toBe('hi');
    expect(yaql("'Hello'.toUpper() + 'Hello'.toLower()")).toBe('HELLOhello');
    expect(yaql("'abcabc'.replace('b', 'X', 1)")).toBe('aXcabc');
    expect(yaql("'abcabc'.indexOf('c')")).toBe(2);
    expect(yaql("'file.txt'.startsWith('x', 'fi')")).toBe(true);
    expect(yaql("'ab' * 2")).toBe('abab');
    expect(yaql("concat('a', 'b')")).toBe('ab');
    expect(yaql("isEmpty('  ')")).toBe(true);
  });

  it('given values, when converted with str(), then yaql spelling and Python repr are used', () => {
    expect(yaql('str(null)')).toBe('null');
    expect(yaql('str(true)')).toBe('true');
    expect(yaql('str(3.0)')).toBe('3.0');
    expect(yaql('str(7 / 2)')).toBe('3');
    expect(yaql('str(7.0 / 2)')).toBe('3.5');
    expect(yaql('str({a => [1, true]})')).toBe("{'a': (1, True)}");
  });

  it('given a string and a number, when added, then there is no implicit conversion', () => {
    expect(() => yaql("'x' + 1")).toThrow(/#operator_\+/);
  });

  it('given format(), when called as in tripleo workbooks, then it fails like yaql 3 with a hint', () => {
    expect(() => yaql("'{0}-messages'.format($)", 'plan')).toThrow(/format\(\) was removed/);
  });

  it('given regexes, when matched, then Python re.search semantics apply', () => {
    expect(yaql("'ctrl-0'.matches('^ctrl')")).toBe(true);
    expect(yaql("regex('^C', ignoreCase => true).matches('ctrl')")).toBe(true);
    expect(yaql("regex('-').split('a-b')")).toEqual(['a', 'b']);
  });
});

describe('YAQL math and branching', () => {
  it('given numbers, when converted, then int/float/round follow Python', () => {
    expect(yaql("int('42')")).toBe(42);
    expect(yaql('int(-5.7)')).toBe(-5);
    expect(yaql("float('1.5')")).toBe(1.5);
    expect(yaql('round(2.5)')).toBe(2);
    expect(yaql('round(3.5)')).toBe(4);
    expect(yaql('-7 mod 3')).toBe(2);
    expect(yaql('isNumber(1.5) and not isNumber(true)')).toBe(true);
  });

  it('given a division by zero, when evaluated, then it fails', () => {
    expect(() => yaql('1 / 0')).toThrow(/ZeroDivisionError/);
  });

  it('given switch and coalesce, when evaluated, then the first match wins', () => {
    expect(yaql("switch($ = 1 => one, true => other)", 1)).toBe('one');
    expect(yaql('switch(false => 1)')).toBeNull();
    expect(yaql('coalesce(null, 0, 1)')).toBe(0);
  });
});

describe('YAQL engine functions', () => {
  const functions = {
    task: (name?: unknown) => ({ name: name ?? 'current', result: { ok: true } }),
    env: () => ({ region: 'r1' }),
    len: () => 'engine wins',
    tasks: (...args: unknown[]) => args,
  };

  it('given engine functions in the scope, when called, then they receive only explicit arguments', () => {
    expect(yaql('task(deploy).result.ok', null, functions)).toBe(true);
    expect(yaql('task().name', null, functions)).toBe('current');
    expect(yaql('env().region', null, functions)).toBe('r1');
  });

  it('given an engine function named like a library function, when called, then the engine wins', () => {
    expect(yaql('len($)', [1], functions)).toBe('engine wins');
    expect(yaql('$.len()', [1], functions)).toBe(1);
  });

  it('given keyword arguments for tasks(), when called, then they fill Mistral parameter positions', () => {
    expect(yaql('tasks(state => SUCCESS)', null, functions)).toEqual([null, null, 'SUCCESS']);
  });

  it('given Mistral pure functions, when called from YAQL, then they are available', () => {
    expect(yaql("json_parse('{\"a\": [1]}').a")).toEqual([1]);
    expect(yaql('yaml_parse($).k', 'k: v')).toBe('v');
  });

  it('given an unknown function, when called, then evaluation fails', () => {
    expect(() => yaql('nope(1)')).toThrow(/Unknown function "nope"/);
  });

  it('given an engine function that throws, when called, then an evaluation error is raised', () => {
    const failing = { task: () => { throw new Error('Task not found'); } };
    expect(() => yaql('task(x)', null, failing)).toThrow(ExpressionEvaluationError);
  });
});
