/**
 * The runtime value model of the YAQL evaluator: what a generator, a context object and an
 * evaluation error are, plus Python truthiness, equality and ordering as yaql applies them.
 */
import { PythonFloat, PythonSet, hashKey, isNumeric } from '../python-values.js';
import { pythonRepr } from '../python-format.js';

/**
 * The result of a lazy query (`where`, `select`, `.name` over a list, `range`…). yaql returns
 * Python iterators there: they can be iterated, but not indexed, and they are always truthy.
 * The factory is re-run on each iteration so the value can be read more than once.
 */
export class YaqlIterator implements Iterable<unknown> {
  constructor(private readonly factory: () => Iterator<unknown>) {}

  [Symbol.iterator](): Iterator<unknown> {
    return this.factory();
  }
}

export function lazy(generator: () => Generator<unknown>): YaqlIterator {
  return new YaqlIterator(generator);
}

/** What `let(...)`, `with(...)` and `unpack(...)` return: variables for the right side of `->`. */
export class YaqlContextValue {
  constructor(readonly variables: ReadonlyMap<string, unknown>) {}
}

/** An evaluation failure; the detail reads like yaql's exception text. */
export class YaqlError extends Error {}

export function noMatchingFunction(name: string): YaqlError {
  return new YaqlError(`No function "${name}" matches supplied arguments`);
}

export function noMatchingMethod(name: string, receiver: unknown): YaqlError {
  return new YaqlError(`No method "${name}" for receiver ${pythonRepr(receiver)} matches supplied arguments`);
}

export function keyError(key: unknown): YaqlError {
  return new YaqlError(`KeyError: ${pythonRepr(key)}`);
}

export type Dict = Record<string, unknown>;

/** A mapping: any plain object that is not one of the evaluator's own value classes. */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isSpecialObject(value);
}

function isSpecialObject(value: object): boolean {
  return value instanceof PythonFloat || value instanceof PythonSet || value instanceof YaqlIterator ||
    value instanceof YaqlContextValue || value instanceof Date || value instanceof RegExp;
}

/** yaql's `Iterable()` parameter type: any collection except strings and mappings. */
export function isIterable(value: unknown): value is Iterable<unknown> {
  return Array.isArray(value) || value instanceof YaqlIterator || value instanceof PythonSet;
}

export function toArray(value: Iterable<unknown>): unknown[] {
  return Array.isArray(value) ? value : [...value];
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A number that is not a boolean (Python bool is an int, yaql's Number type excludes it). */
export function isNumber(value: unknown): value is number | PythonFloat {
  return isNumeric(value);
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function numberOf(value: number | PythonFloat): number {
  return typeof value === 'number' ? value : value.value;
}

/** Python truthiness; iterators (generators) are always true, as in Python. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (value instanceof PythonFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof PythonSet) return value.size > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python `==`: `1 = 1.0` and `true = 1` hold, containers compare by content, `'1' = 1` does not. */
export function pyEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === undefined || right === undefined) return left === right || (left ?? null) === (right ?? null);
  const leftNumber = asComparableNumber(left);
  if (leftNumber !== undefined) return leftNumber === asComparableNumber(right);
  if (Array.isArray(left)) return Array.isArray(right) && sequencesEqual(left, right);
  if (left instanceof PythonSet) return right instanceof PythonSet && hashKey(left) === hashKey(right);
  if (isDict(left)) return isDict(right) && dictsEqual(left, right);
  return false;
}

function asComparableNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value instanceof PythonFloat ? value.value : undefined;
}

function sequencesEqual(left: readonly unknown[], right: readonly unknown[]): boolean {
  return left.length === right.length && left.every((item, i) => pyEquals(item, right[i]));
}

function dictsEqual(left: Dict, right: Dict): boolean {
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && pyEquals(left[key], right[key]));
}

/**
 * yaql's ordering operators: numbers with numbers, strings with strings, null below everything,
 * sets by inclusion; other pairs have no matching `#operator_<` function.
 */
export function compareValues(operator: '<' | '>' | '<=' | '>=', left: unknown, right: unknown): boolean {
  const leftNull = left === null || left === undefined;
  const rightNull = right === null || right === undefined;
  if (leftNull || rightNull) return compareNulls(operator, leftNull, rightNull);
  if (isNumber(left) && isNumber(right)) return compareOrdered(operator, numberOf(left), numberOf(right));
  if (typeof left === 'string' && typeof right === 'string') return compareOrdered(operator, left, right);
  if (left instanceof Date && right instanceof Date) return compareOrdered(operator, left.getTime(), right.getTime());
  throw noMatchingFunction(`#operator_${operator}`);
}

function compareNulls(operator: string, leftNull: boolean, rightNull: boolean): boolean {
  if (leftNull && rightNull) return operator === '<=' || operator === '>=';
  return operator.startsWith('<') ? leftNull : rightNull;
}

function compareOrdered<T extends number | string>(operator: string, left: T, right: T): boolean {
  switch (operator) {
    case '<': return left < right;
    case '>': return left > right;
    case '<=': return left <= right;
    default: return left >= right;
  }
}

/** Sort comparator built on yaql's `<`/`>`, used by orderBy and friends. */
export function sortCompare(left: unknown, right: unknown): number {
  if (compareValues('<', left, right)) return -1;
  return compareValues('>', left, right) ? 1 : 0;
}

/** Python dict keys become object keys the way `json.dumps` writes them. */
export function toKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key === null || key === undefined) return 'null';
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (isNumber(key)) return pythonRepr(key);
  throw new YaqlError(`TypeError: unhashable type: '${Array.isArray(key) ? 'list' : 'dict'}'`);
}

/** Sets a key without tripping over `__proto__`. */
export function setKey(target: Dict, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function dictFromEntries(entries: Iterable<readonly [unknown, unknown]>): Dict {
  const result: Dict = {};
  for (const [key, value] of entries) setKey(result, toKey(key), value);
  return result;
}
