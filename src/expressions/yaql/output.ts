/**
 * yaql's `convertOutputData` with Mistral's options: iterators and tuples become lists, floats
 * become plain numbers; sets are kept distinct until output, then written as lists — but, as with
 * Python sets, a set holding lists or dicts cannot be produced (`$.items()` alone fails).
 */
import { PythonFloat, PythonSet } from '../python-values.js';
import { YaqlContextValue, YaqlError, YaqlIterator, isDict, setKey, type Dict } from './values.js';

/** Converts an evaluation result to plain JSON-like data, copying only what has to change. */
export function convertOutput(value: unknown): unknown {
  return convert(value, false);
}

/**
 * The Python value Mistral passes to `str()` when substituting into a string: converted like
 * output, but sets stay sets (`{'a'}`) and floats keep their `.0`.
 */
export function convertForText(value: unknown): unknown {
  return convert(value, true);
}

function convert(value: unknown, keepPython: boolean): unknown {
  if (value === null || typeof value !== 'object') return value === undefined ? null : value;
  if (value instanceof PythonFloat) return keepPython ? value : value.value;
  if (Array.isArray(value)) return convertArray(value, keepPython);
  if (value instanceof YaqlIterator) return [...value].map((item) => convert(item, keepPython));
  if (value instanceof PythonSet) {
    const members = convertSet(value, keepPython);
    return keepPython ? new PythonSet(members) : members;
  }
  if (value instanceof YaqlContextValue) throw new YaqlError('A context object (let/with) must be followed by "->"');
  if (value instanceof RegExp) return value.source;
  if (value instanceof Date) return value.toISOString();
  return isDict(value) ? convertDict(value, keepPython) : value;
}

function convertArray(items: readonly unknown[], keepPython: boolean): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const converted = convert(item, keepPython);
    if (converted !== item && !copy) copy = items.slice(0, i);
    copy?.push(converted);
  }
  return copy ?? (items as unknown[]);
}

function convertDict(dict: Dict, keepPython: boolean): Dict {
  let copy: Dict | undefined;
  const keys = Object.keys(dict);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = dict[key];
    const converted = convert(item, keepPython);
    if (converted !== item && !copy) {
      copy = {};
      for (const earlier of keys.slice(0, i)) setKey(copy, earlier, dict[earlier]);
    }
    if (copy) setKey(copy, key, converted);
  }
  return copy ?? dict;
}

function convertSet(set: PythonSet, keepPython: boolean): unknown[] {
  return set.toArray().map((member) => {
    const converted = convert(member, keepPython);
    if (Array.isArray(converted)) throw new YaqlError("TypeError: unhashable type: 'list'");
    if (isDict(converted)) throw new YaqlError("TypeError: unhashable type: 'dict'");
    return converted;
  });
}

/** Iterators become arrays (recursively) so Python formatting can print them. */
export function materialize(value: unknown): unknown {
  if (value instanceof YaqlIterator) return [...value].map(materialize);
  if (Array.isArray(value)) return value.some((v) => v instanceof YaqlIterator) ? value.map(materialize) : value;
  return value;
}
