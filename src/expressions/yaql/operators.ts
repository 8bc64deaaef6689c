/**
 * yaql's operator functions (`#operator_+`, `#indexer`, `#operator_.` …) with Python semantics:
 * int/float arithmetic, floor division of ints, no implicit string conversion.
 */
import { PythonSet, isPythonFloat, toPythonFloat, type PythonFloat } from '../python-values.js';
import { searchRegex } from './regex-cache.js';
import {
  YaqlError, compareValues, isDict, isInteger, isIterable, isNumber, keyError, lazy,
  noMatchingFunction, numberOf, pyEquals, setKey, toArray, toKey, truthy, type Dict,
} from './values.js';

export function applyBinary(operator: string, left: unknown, right: unknown): unknown {
  switch (operator) {
    case '=': return pyEquals(left, right);
    case '!=': return !pyEquals(left, right);
    case '<': case '>': case '<=': case '>=': return compareValues(operator, left, right);
    case 'in': return contains(right, left, 'in');
    case '+': return plus(left, right);
    case '*': return times(left, right);
    case '-': case '/': case 'mod': return arithmetic(operator, left, right);
    case '=~': return regexOperand(left, right, operator);
    case '!~': return !regexOperand(left, right, operator);
    default: throw noMatchingFunction(`#operator_${operator}`);
  }
}

export function applyUnary(operator: string, operand: unknown): unknown {
  if (operator === 'not') return !truthy(operand);
  if (!isNumber(operand)) throw noMatchingFunction(`#unary_operator_${operator}`);
  if (operator === '+') return operand;
  const negated = -numberOf(operand);
  return isPythonFloat(operand) ? toPythonFloat(negated) : negated;
}

/** `element in collection`: membership in sequences and sets, keys of dicts, substrings. */
export function contains(collection: unknown, element: unknown, name: string): boolean {
  if (typeof collection === 'string') {
    if (typeof element !== 'string') throw noMatchingFunction(`#operator_${name}`);
    return collection.includes(element);
  }
  if (collection instanceof PythonSet) return collection.has(element);
  if (isIterable(collection)) {
    for (const item of collection) if (pyEquals(item, element)) return true;
    return false;
  }
  if (isDict(collection)) return Object.hasOwn(collection, toKey(element));
  throw noMatchingFunction(`#operator_${name}`);
}

function plus(left: unknown, right: unknown): unknown {
  if (isNumber(left) && isNumber(right)) return arithmetic('+', left, right);
  if (typeof left === 'string' && typeof right === 'string') return left + right;
  if (isIterable(left) && isIterable(right) && !(left instanceof PythonSet)) return [...toArray(left), ...toArray(right)];
  if (isDict(left) && isDict(right)) return mergeShallow(left, right);
  if (left instanceof PythonSet && right instanceof PythonSet) return new PythonSet([...left, ...right]);
  throw noMatchingFunction('#operator_+');
}

function mergeShallow(left: Dict, right: Dict): Dict {
  const result: Dict = {};
  for (const [key, value] of Object.entries(left)) setKey(result, key, value);
  for (const [key, value] of Object.entries(right)) setKey(result, key, value);
  return result;
}

function times(left: unknown, right: unknown): unknown {
  if (isNumber(left) && isNumber(right)) return arithmetic('*', left, right);
  if (typeof left === 'string' && isInteger(right)) return left.repeat(Math.max(0, right));
  if (isInteger(left) && typeof right === 'string') return right.repeat(Math.max(0, left));
  if (Array.isArray(left) && isInteger(right)) return repeatList(left, right);
  if (isInteger(left) && Array.isArray(right)) return repeatList(right, left);
  throw noMatchingFunction('#operator_*');
}

function repeatList(items: readonly unknown[], count: number): unknown[] {
  const result: unknown[] = [];
  for (let i = 0; i < count; i++) result.push(...items);
  return result;
}

/** Python arithmetic: int op int stays int (`/` floors), any float operand gives a float. */
export function arithmetic(operator: string, left: unknown, right: unknown): number | PythonFloat {
  if (!isNumber(left) || !isNumber(right)) throw noMatchingFunction(`#operator_${operator}`);
  const x = numberOf(left);
  const y = numberOf(right);
  const float = isPythonFloat(left) || isPythonFloat(right);
  if ((operator === '/' || operator === 'mod') && y === 0) {
    throw new YaqlError(`ZeroDivisionError: ${float ? 'float ' : 'integer '}${operator === '/' ? 'division' : 'modulo'} by zero`);
  }
  let result: number;
  switch (operator) {
    case '+': result = x + y; break;
    case '-': result = x - y; break;
    case '*': result = x * y; break;
    case '/': result = float ? x / y : Math.floor(x / y); break;
    default: result = x - y * Math.floor(x / y); break;
  }
  return float ? toPythonFloat(result) : result;
}

function regexOperand(left: unknown, right: unknown, operator: string): boolean {
  if (typeof left !== 'string' || typeof right !== 'string') throw noMatchingFunction(`#operator_${operator}`);
  return searchRegex(right, left);
}

/** `receiver.name`: a dict key (KeyError when absent), or the key mapped over a collection. */
export function getAttribute(receiver: unknown, name: string): unknown {
  if (isDict(receiver)) {
    if (Object.hasOwn(receiver, name)) return receiver[name];
    throw keyError(name);
  }
  if (isIterable(receiver)) {
    const collection = receiver;
    return lazy(function* mapAttribute() {
      for (const item of collection) yield getAttribute(item, name);
    });
  }
  if (receiver instanceof Date) return dateProperty(receiver, name);
  throw new YaqlError(`Unknown function "#property#${name}"`);
}

const DATE_PROPERTIES: Readonly<Record<string, (d: Date) => number>> = {
  year: (d) => d.getUTCFullYear(), month: (d) => d.getUTCMonth() + 1, day: (d) => d.getUTCDate(),
  hour: (d) => d.getUTCHours(), minute: (d) => d.getUTCMinutes(), second: (d) => d.getUTCSeconds(),
  microsecond: (d) => d.getUTCMilliseconds() * 1000, weekday: (d) => (d.getUTCDay() + 6) % 7,
};

function dateProperty(date: Date, name: string): unknown {
  const property = DATE_PROPERTIES[name];
  if (!property) throw new YaqlError(`Unknown function "#property#${name}"`);
  return property(date);
}

/** `x[i]` on sequences, `d[key]` and `d[key, default]` on dicts; iterators cannot be indexed. */
export function indexValue(target: unknown, args: readonly unknown[]): unknown {
  const [key, fallback] = args;
  if (Array.isArray(target) && args.length === 1 && isInteger(key)) {
    const position = key < 0 ? target.length + key : key;
    if (position < 0 || position >= target.length) throw new YaqlError('IndexError: tuple index out of range');
    return target[position];
  }
  if (isDict(target) && (args.length === 1 || args.length === 2)) {
    const name = toKey(key);
    if (Object.hasOwn(target, name)) return target[name];
    if (args.length === 2) return fallback;
    throw keyError(key);
  }
  // Iterators and sets have no #indexer overload in yaql, nor do other argument shapes.
  throw noMatchingFunction('#indexer');
}
