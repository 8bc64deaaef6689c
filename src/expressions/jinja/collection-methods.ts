/**
 * Python `dict` and `list` methods callable from templates (`d.items()`, `d.get(k, dflt)`,
 * `l.index(x)`). The sandbox Mistral uses is not the immutable one, so mutating methods work.
 */
import { pythonRepr } from '../python-format.js';
import { JinjaRuntimeError, valueError } from './errors.js';
import { tuple } from './sequences.js';
import type { MethodSpec } from './string-methods.js';
import { hasKey, isDict, iterate, pyCompare, pyEquals, toInteger, truthy } from './values.js';

type Dict = Record<string, unknown>;

function keyError(key: unknown): JinjaRuntimeError {
  return new JinjaRuntimeError('KeyError', pythonRepr(key));
}

/** Dict keys are strings here (JSON objects); a number key finds its string form. */
export function dictKey(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  return undefined;
}

export function dictItems(dict: Dict): unknown[][] {
  return Object.keys(dict).map((key) => tuple([key, dict[key]]));
}

function dictUpdate(dict: Dict, other: unknown): null {
  if (isDict(other)) Object.assign(dict, other);
  else for (const pair of iterate(other)) {
    const [key, value] = iterate(pair);
    dict[dictKey(key) ?? String(key)] = value;
  }
  return null;
}

export const DICT_METHODS: Record<string, MethodSpec<Dict>> = {
  keys: { parameters: [], run: (d) => Object.keys(d) },
  values: { parameters: [], run: (d) => Object.keys(d).map((key) => d[key]) },
  items: { parameters: [], run: dictItems },
  get: {
    parameters: [['key'], ['default', null]],
    run: (d, key, fallback) => {
      const name = dictKey(key);
      return name !== undefined && hasKey(d, name) ? d[name] : fallback;
    },
  },
  copy: { parameters: [], run: (d) => ({ ...d }) },
  pop: {
    parameters: [['key'], ['default', keyError]],
    run: (d, key, fallback) => {
      const name = dictKey(key);
      if (name === undefined || !hasKey(d, name)) {
        if (fallback === keyError) throw keyError(key);
        return fallback;
      }
      const value = d[name];
      delete d[name];
      return value;
    },
  },
  setdefault: {
    parameters: [['key'], ['default', null]],
    run: (d, key, fallback) => {
      const name = dictKey(key) ?? String(key);
      if (!hasKey(d, name)) d[name] = fallback;
      return d[name];
    },
  },
  update: { parameters: [['other', {}]], run: dictUpdate },
  clear: {
    parameters: [],
    run: (d) => {
      for (const key of Object.keys(d)) delete d[key];
      return null;
    },
  },
};

function listIndex(list: unknown[], value: unknown): number {
  const index = list.findIndex((item) => pyEquals(item, value));
  if (index < 0) throw valueError(`${pythonRepr(value)} is not in list`);
  return index;
}

export const LIST_METHODS: Record<string, MethodSpec<unknown[]>> = {
  index: { parameters: [['value']], run: listIndex },
  count: { parameters: [['value']], run: (l, value) => l.filter((item) => pyEquals(item, value)).length },
  copy: { parameters: [], run: (l) => [...l] },
  append: { parameters: [['object']], run: (l, item) => (l.push(item), null) },
  extend: { parameters: [['iterable']], run: (l, items) => (l.push(...iterate(items)), null) },
  insert: {
    parameters: [['index'], ['object']],
    run: (l, index, item) => {
      const at = toInteger(index);
      l.splice(at < 0 ? Math.max(0, l.length + at) : at, 0, item);
      return null;
    },
  },
  pop: {
    parameters: [['index', -1]],
    run: (l, index) => {
      if (l.length === 0) throw new JinjaRuntimeError('IndexError', 'pop from empty list');
      const at = toInteger(index);
      const position = at < 0 ? l.length + at : at;
      if (position < 0 || position >= l.length) throw new JinjaRuntimeError('IndexError', 'pop index out of range');
      return l.splice(position, 1)[0];
    },
  },
  remove: { parameters: [['value']], run: (l, value) => (l.splice(listIndex(l, value), 1), null) },
  reverse: { parameters: [], run: (l) => (l.reverse(), null) },
  sort: { parameters: [['reverse', false]], run: (l, reverse) => (l.sort((a, b) => pyCompare(a, b, '<') * (truthy(reverse) ? -1 : 1)), null) },
  clear: { parameters: [], run: (l) => (l.splice(0), null) },
};

/** Tuples only have the non-mutating list methods. */
export const TUPLE_METHODS: Record<string, MethodSpec<unknown[]>> = {
  index: LIST_METHODS.index!,
  count: LIST_METHODS.count!,
};
