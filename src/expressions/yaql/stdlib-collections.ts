/** yaql's collection functions (collections.py): building and reading lists, dicts and sets. */
import { PythonSet } from '../python-values.js';
import type { CallSite, Lambda, Library } from './library.js';
import { fn } from './library.js';
import { distinctItems } from './stdlib-queries.js';
import {
  YaqlError, YaqlIterator, dictFromEntries, isDict, isInteger, isIterable, lazy, noMatchingFunction,
  pyEquals, setKey, toArray, toKey, type Dict,
} from './values.js';

function dictArg(value: unknown, name: string): Dict {
  if (!isDict(value)) throw noMatchingFunction(name);
  return value;
}

function iterableArg(value: unknown, name: string): Iterable<unknown> {
  if (!isIterable(value)) throw noMatchingFunction(name);
  return value;
}

function* flattenItems(items: Iterable<unknown>): Generator<unknown> {
  for (const item of items) {
    if (isIterable(item)) yield* flattenItems(item);
    else yield item;
  }
}

/** `dict(a => 1)`, `dict([[k, v], …])` and `{k => v}` literals. */
function buildDict(args: readonly unknown[], site: CallSite): Dict {
  if (site.rules.length > 0) return dictFromEntries(site.rules.map((rule) => [rule.key, rule.value] as const));
  if (args.length === 1 && isIterable(args[0])) {
    return dictFromEntries(toArray(args[0]).map((pair) => {
      const [key, value] = toArray(iterableArg(pair, 'dict'));
      return [key, value] as const;
    }));
  }
  if (args.length === 0) return {};
  throw noMatchingFunction('dict');
}

function copyDict(source: Dict): Dict {
  const result: Dict = {};
  for (const [key, value] of Object.entries(source)) setKey(result, key, value);
  return result;
}

/** `d.set(k, v)`, `d.set({k => v})`, `d.set(k => v)`; `set(a, b)` builds a set. */
function setFunction(args: readonly unknown[], site: CallSite): unknown {
  const [target, ...rest] = args;
  if (!site.isMethod || !isDict(target)) {
    if (site.rules.length > 0) throw noMatchingFunction('set');
    return new PythonSet(args);
  }
  const result = copyDict(target);
  if (site.rules.length > 0) for (const rule of site.rules) setKey(result, toKey(rule.key), rule.value);
  else if (rest.length === 1 && isDict(rest[0])) for (const [k, v] of Object.entries(rest[0])) setKey(result, k, v);
  else if (rest.length === 2) setKey(result, toKey(rest[0]), rest[1]);
  else throw noMatchingFunction('set');
  return result;
}

/** `d.delete(keys…)` for dicts, `seq.delete(position, count => 1)` for sequences. */
export function deleteItems(args: readonly unknown[]): unknown {
  const [target, ...rest] = args;
  if (isDict(target)) {
    const remove = new Set(rest.map(toKey));
    return dictFromEntries(Object.entries(target).filter(([key]) => !remove.has(key)));
  }
  const [position, count = 1] = rest;
  if (isIterable(target) && isInteger(position) && isInteger(count)) {
    const items = toArray(target);
    return lazy(function* remaining() {
      for (let i = 0; i < items.length; i++) if (i < position || (count >= 0 && i >= position + count)) yield items[i];
    });
  }
  throw noMatchingFunction('delete');
}

/** `seq.replace(position, value, count => 1)`. */
export function replaceItems(args: readonly unknown[]): unknown {
  const [target, position, value, count = 1] = args;
  if (!isIterable(target) || !isInteger(position) || !isInteger(count)) throw noMatchingFunction('replace');
  const items = toArray(target);
  return lazy(function* replaced() {
    for (let i = 0; i < items.length; i++) {
      if (i === position) yield value;
      if (i < position || (count >= 0 && i >= position + count)) yield items[i];
    }
  });
}

type Merger = (a: unknown, b: unknown) => unknown;

/** yaql's `_merge_dicts`: nested dicts merge, lists concatenate (distinct), other values: right wins. */
function mergeDicts(left: Dict, right: Dict, listMerger: Merger, itemMerger: Merger, maxLevels: number): Dict {
  const result: Dict = {};
  for (const [key, leftValue] of Object.entries(left)) {
    setKey(result, key, leftValue);
    if (!Object.hasOwn(right, key)) continue;
    const rightValue = right[key];
    if (maxLevels !== 1 && isDict(rightValue)) {
      if (!isDict(leftValue)) throw new YaqlError(`TypeError: Cannot merge ${typeof leftValue} with dict`);
      setKey(result, key, mergeDicts(leftValue, rightValue, listMerger, itemMerger, maxLevels === 0 ? 0 : maxLevels - 1));
    } else if (maxLevels !== 1 && Array.isArray(rightValue)) {
      if (!Array.isArray(leftValue)) throw new YaqlError(`TypeError: Cannot merge ${typeof leftValue} with list`);
      setKey(result, key, listMerger(leftValue, rightValue));
    } else {
      setKey(result, key, itemMerger(leftValue, rightValue));
    }
  }
  for (const [key, value] of Object.entries(right)) if (!Object.hasOwn(result, key)) setKey(result, key, value);
  return result;
}

function mergeWith([d, another, listMerger, itemMerger, maxLevels]: unknown[]): Dict {
  const lists: Merger = listMerger ? (a, b) => toArray(iterableArg((listMerger as Lambda)(a, b), 'mergeWith'))
    : (a, b) => [...distinctItems([...toArray(a as unknown[]), ...toArray(b as unknown[])])];
  const items: Merger = itemMerger ? (a, b) => (itemMerger as Lambda)(a, b) : (_a, b) => b;
  return mergeDicts(dictArg(d, 'mergeWith'), dictArg(another, 'mergeWith'), lists, items, isInteger(maxLevels) ? maxLevels : 0);
}

function toSet(value: unknown, name: string): PythonSet {
  return value instanceof PythonSet ? value : new PythonSet(iterableArg(value, name));
}

function setOperation(name: string, op: (left: PythonSet, right: PythonSet) => PythonSet): (args: unknown[]) => PythonSet {
  return ([left, right]) => {
    if (!(left instanceof PythonSet) || !(right instanceof PythonSet)) throw noMatchingFunction(name);
    return op(left, right);
  };
}

export const COLLECTION_FUNCTIONS: Library = {
  list: fn((args) => [...flattenIterators(args)]),
  flatten: fn(([collection]) => lazy(() => flattenItems(iterableArg(collection, 'flatten')))),
  toList: fn(([collection]) => toArray(iterableArg(collection, 'toList')).slice()),
  toSet: fn(([collection]) => toSet(collection, 'toSet')),
  set: { rules: 'values', call: setFunction },
  dict: { rules: 'values', call: buildDict },
  toDict: {
    params: ['collection', 'keySelector', 'valueSelector'],
    lambdas: [1, 2],
    call: ([collection, keySelector, valueSelector]) => dictFromEntries(toArray(iterableArg(collection, 'toDict'))
      .map((item) => [(keySelector as Lambda)(item), valueSelector ? (valueSelector as Lambda)(item) : item] as const)),
  },
  get: fn(([d, key, fallback]) => {
    const name = toKey(key);
    const dict = dictArg(d, 'get');
    return Object.hasOwn(dict, name) ? dict[name] : (fallback ?? null);
  }, ['dict', 'key', 'default']),
  keys: fn(([d]) => new PythonSet(Object.keys(dictArg(d, 'keys')))),
  values: fn(([d]) => {
    const dict = dictArg(d, 'values');
    return new YaqlIterator(() => Object.values(dict)[Symbol.iterator]());
  }),
  items: fn(([d]) => new PythonSet(Object.entries(dictArg(d, 'items')))),
  containsKey: fn(([d, key]) => Object.hasOwn(dictArg(d, 'containsKey'), toKey(key))),
  containsValue: fn(([d, value]) => Object.values(dictArg(d, 'containsValue')).some((v) => pyEquals(v, value))),
  deleteAll: fn(([d, keys]) => deleteItems([d, ...toArray(iterableArg(keys, 'deleteAll'))])),
  insert: fn(([collection, position, value]) => {
    const items = toArray(iterableArg(collection, 'insert')).slice();
    if (!isInteger(position)) throw noMatchingFunction('insert');
    items.splice(position < 0 ? items.length : position, 0, value);
    return items;
  }),
  insertMany: fn(([collection, position, values]) => {
    const items = toArray(iterableArg(collection, 'insertMany')).slice();
    if (!isInteger(position)) throw noMatchingFunction('insertMany');
    items.splice(position < 0 ? items.length : position, 0, ...toArray(iterableArg(values, 'insertMany')));
    return items;
  }),
  replaceMany: fn(([collection, position, values, count = 1]) => {
    const items = toArray(iterableArg(collection, 'replaceMany')).slice();
    if (!isInteger(position) || !isInteger(count)) throw noMatchingFunction('replaceMany');
    items.splice(position, count < 0 ? items.length : count, ...toArray(iterableArg(values, 'replaceMany')));
    return items;
  }),
  isList: fn(([value]) => Array.isArray(value)),
  isDict: fn(([value]) => isDict(value)),
  isSet: fn(([value]) => value instanceof PythonSet),
  union: fn(setOperation('union', (a, b) => new PythonSet([...a, ...b]))),
  intersect: fn(setOperation('intersect', (a, b) => new PythonSet([...a].filter((x) => b.has(x))))),
  difference: fn(setOperation('difference', (a, b) => new PythonSet([...a].filter((x) => !b.has(x))))),
  symmetricDifference: fn(setOperation('symmetricDifference', (a, b) => new PythonSet([...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))]))),
  mergeWith: { params: ['dict', 'another', 'listMerger', 'itemMerger', 'maxLevels'], lambdas: [2, 3], call: mergeWith },
};

/** `list(args)`: iterators among the arguments are expanded, other values kept as items. */
function* flattenIterators(args: readonly unknown[]): Generator<unknown> {
  for (const arg of args) {
    if (arg instanceof YaqlIterator) yield* flattenIterators([...arg]);
    else yield arg;
  }
}
