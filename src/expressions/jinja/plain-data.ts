/**
 * Converts template values to the plain data that leaves the evaluator: boxed floats become
 * numbers and an undefined value raises its error. Containers are copied only when something
 * inside them changes, so unchanged data is returned as it came in.
 */
import { PythonFloat } from '../python-values.js';
import { isDict, Undefined } from './values.js';

export function toPlainData(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PythonFloat) return value.value;
  if (value instanceof Undefined) return value.strict ? value.fail() : null;
  if (Array.isArray(value)) return plainArray(value);
  return isDict(value) ? plainDict(value) : value;
}

function plainArray(items: readonly unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const converted = toPlainData(items[i]);
    if (converted !== items[i] && !copy) copy = items.slice(0, i);
    copy?.push(converted);
  }
  return copy ?? (items as unknown[]);
}

function plainDict(dict: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  const keys = Object.keys(dict);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const converted = toPlainData(dict[key]);
    if (converted !== dict[key] && !copy) {
      copy = {};
      for (const earlier of keys.slice(0, i)) copy[earlier] = dict[earlier];
    }
    if (copy) copy[key] = converted;
  }
  return copy ?? dict;
}
