/**
 * Lists, tuples and strings as sequences: Python indexing (negative from the end) and slicing.
 * Tuples are plain arrays remembered in a WeakSet so that `'%s-%s' % (a, b)` can tell a tuple
 * of arguments from a list that is one argument, as Python does.
 */
import { typeError, valueError } from './errors.js';
import { defined, hasSurrogates, isNumeric, numberOf, typeName } from './values.js';

const tuples = new WeakSet<readonly unknown[]>();

export function tuple<T>(items: T[]): T[] {
  tuples.add(items);
  return items;
}

export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && tuples.has(value);
}

/** Characters of a string by code point, as Python indexes them. */
export function characters(text: string): string[] {
  return hasSurrogates(text) ? Array.from(text) : text.split('');
}

/** `sequence[index]`, or `undefined` when the index is out of range. */
export function indexSequence(sequence: string | readonly unknown[], index: number): unknown {
  const items = typeof sequence === 'string' ? characters(sequence) : sequence;
  const position = index < 0 ? items.length + index : index;
  return position >= 0 && position < items.length ? items[position] : undefined;
}

export function sliceSequence(target: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  defined(target);
  if (typeof target !== 'string' && !Array.isArray(target)) {
    throw typeError(`'${typeName(target)}' object is not subscriptable`);
  }
  const items = typeof target === 'string' ? characters(target) : target;
  const picked = pickSlice(items, sliceBound(start), sliceBound(stop), sliceBound(step) ?? 1);
  if (typeof target === 'string') return picked.join('');
  return isTuple(target) ? tuple(picked) : picked;
}

function sliceBound(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  defined(value);
  if (!isNumeric(value) || !Number.isInteger(numberOf(value))) {
    throw typeError('slice indices must be integers or None or have an __index__ method');
  }
  return numberOf(value);
}

function pickSlice<T>(items: readonly T[], start: number | undefined, stop: number | undefined, step: number): T[] {
  if (step === 0) throw valueError('slice step cannot be zero');
  const length = items.length;
  const lowest = step > 0 ? 0 : -1;
  const highest = step > 0 ? length : length - 1;
  const clamp = (bound: number | undefined, fallback: number): number => {
    if (bound === undefined) return fallback;
    const absolute = bound < 0 ? bound + length : bound;
    return Math.min(Math.max(absolute, lowest), highest);
  };
  const from = clamp(start, step > 0 ? 0 : length - 1);
  const to = clamp(stop, step > 0 ? length : -1);
  const result: T[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) result.push(items[i]!);
  return result;
}

const groupTuples = new WeakSet<readonly unknown[]>();

/** groupby's `(grouper, list)` named tuple: a tuple that also has those two attributes. */
export function groupTuple(grouper: unknown, items: unknown[]): unknown[] {
  const group = tuple([grouper, items]);
  groupTuples.add(group);
  return group;
}

/** `group.grouper` / `group.list`, or JS `undefined` for anything else. */
export function groupTupleField(target: readonly unknown[], name: string): unknown {
  if (!groupTuples.has(target)) return undefined;
  return name === 'grouper' ? target[0] : name === 'list' ? target[1] : undefined;
}
