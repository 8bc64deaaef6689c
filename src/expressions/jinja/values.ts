/**
 * Python value semantics over JSON-like JavaScript values: null is None, arrays are lists (and
 * tuples), plain objects are dicts. Template-only objects (undefined markers, callables, loop
 * state, namespaces) derive from JinjaObject so they are never mistaken for dicts.
 */
import { pythonRepr, pythonStr } from '../python-format.js';
import { hashKey, PythonFloat, PythonSet } from '../python-values.js';
import { JinjaRuntimeError, typeError } from './errors.js';

/** Keyword arguments of a call, in call order. */
export type Kwargs = Record<string, unknown>;

export const emptyKwargs = (): Kwargs => Object.create(null) as Kwargs;

/** Base of every value that exists only inside a template evaluation. */
export abstract class JinjaObject {
  /** What Python's `repr()` would print; used when the object is rendered. */
  abstract describe(): string;
  /** The Python type name used in error messages. */
  abstract get typeName(): string;

  /** The attribute `name` (`loop.index`, `ns.count`), or JS `undefined` when there is none. */
  getAttribute(name: string): unknown {
    void name;
    return undefined;
  }
}

const MISSING_OWNER = Symbol('missing owner');

/**
 * Jinja2's StrictUndefined: created silently by a failed lookup, raises as soon as it is used
 * (printed, iterated, compared, tested for truth). Only `is defined`/`default` accept it.
 * An `if` expression without `else` yields Jinja2's lenient Undefined instead, which prints as
 * '', is false and iterates as empty, but still fails arithmetic and lookups.
 */
export class Undefined extends JinjaObject {
  private constructor(
    private readonly hint: string | undefined,
    private readonly owner: unknown,
    private readonly name: unknown,
    readonly strict = true,
    private readonly errorType = 'UndefinedError',
  ) {
    super();
  }

  static variable(name: string): Undefined {
    return new Undefined(undefined, MISSING_OWNER, name);
  }

  static member(owner: unknown, name: unknown): Undefined {
    return new Undefined(undefined, owner, name);
  }

  static withHint(hint: string): Undefined {
    return new Undefined(hint, MISSING_OWNER, undefined);
  }

  static lenient(hint: string): Undefined {
    return new Undefined(hint, MISSING_OWNER, undefined, false);
  }

  /** The sandbox's answer to `x.__class__` and the like: fails with a SecurityError when used. */
  static unsafe(owner: unknown, name: string): Undefined {
    const hint = `access to attribute ${pythonRepr(name)} of ${pythonRepr(typeName(owner))} object is unsafe.`;
    return new Undefined(hint, owner, name, true, 'SecurityError');
  }

  get message(): string {
    if (this.hint !== undefined) return this.hint;
    if (this.owner === MISSING_OWNER) return `${pythonRepr(String(this.name))} is undefined`;
    if (typeof this.name !== 'string') return `${objectTypeRepr(this.owner)} has no element ${String(this.name)}`;
    return `${pythonRepr(objectTypeRepr(this.owner))} has no attribute ${pythonRepr(this.name)}`;
  }

  fail(): never {
    throw new JinjaRuntimeError(this.errorType, this.message);
  }

  describe(): string {
    return 'Undefined';
  }

  get typeName(): string {
    return this.strict ? 'StrictUndefined' : 'Undefined';
  }
}

/** True for the lenient Undefined, which behaves like an empty, false value. */
export function isLenientUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined && !value.strict;
}

/** Python `str(value)`, where a lenient Undefined is '' and a strict one raises. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isLenientUndefined(value)) return '';
  return pythonStr(defined(value));
}

/** Raises the undefined error when `value` is undefined; returns it unchanged otherwise. */
export function defined<T>(value: T): T {
  if (value instanceof Undefined) value.fail();
  return value;
}

export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !(value instanceof JinjaObject || value instanceof PythonFloat || value instanceof PythonSet || value instanceof Date);
}

/** Own keys only: a dict never exposes `toString` or `constructor` from the JS prototype. */
export function hasKey(dict: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(dict, key);
}

/** Python numbers: int, float (plain or boxed when integral) and bool, which is an int. */
export function isNumeric(value: unknown): value is number | boolean | PythonFloat {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PythonFloat;
}

export function numberOf(value: number | boolean | PythonFloat): number {
  return typeof value === 'number' ? value : Number(value instanceof PythonFloat ? value.value : value);
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof PythonFloat) return 'float';
  if (value instanceof PythonSet) return 'set';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  if (value instanceof JinjaObject) return value.typeName;
  return 'dict';
}

/** Jinja2's object_type_repr: `'dict object'`, or `None` for None. */
export function objectTypeRepr(value: unknown): string {
  return value === null || value === undefined ? 'None' : `${typeName(value)} object`;
}

export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (value instanceof Undefined) return value.strict ? value.fail() : false;
  if (value instanceof PythonFloat) return value.value !== 0;
  if (value instanceof PythonSet) return value.size > 0;
  if (!isDict(value)) return true;
  for (const key in value as object) if (hasKey(value as Record<string, unknown>, key)) return true;
  return false;
}

/** Python `==`: numbers and booleans compare by value, containers deeply. */
export function pyEquals(left: unknown, right: unknown): boolean {
  if (isLenientUndefined(left) || isLenientUndefined(right)) return isLenientUndefined(left) && isLenientUndefined(right);
  defined(left);
  defined(right);
  if (isNumeric(left) && isNumeric(right)) return numberOf(left) === numberOf(right);
  if (left instanceof PythonSet && right instanceof PythonSet) return hashKey(left) === hashKey(right);
  if (left === right || (left == null && right == null)) return true;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => pyEquals(item, right[index]));
  }
  if (isDict(left) && isDict(right)) {
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => hasKey(right, key) && pyEquals(left[key], right[key]));
  }
  return false;
}

/** Python ordering (`<`): numbers, strings and lists; anything else is a TypeError. */
export function pyCompare(left: unknown, right: unknown, operator: string): number {
  defined(left);
  defined(right);
  if (isNumeric(left) && isNumeric(right)) return numberOf(left) - numberOf(right);
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (!pyEquals(left[i], right[i])) return pyCompare(left[i], right[i], operator);
    }
    return left.length - right.length;
  }
  throw typeError(
    `'${operator}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`,
  );
}

/** The items a Python `for` would visit: list items, string characters, dict keys. */
export function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (isDict(value)) return Object.keys(value);
  if (value instanceof PythonSet) return value.toArray();
  if (value instanceof Undefined) return value.strict ? value.fail() : [];
  throw typeError(`'${typeName(value)}' object is not iterable`);
}

export function pyLen(value: unknown): number {
  if (typeof value === 'string') return hasSurrogates(value) ? Array.from(value).length : value.length;
  if (Array.isArray(value)) return value.length;
  if (isDict(value)) return Object.keys(value).length;
  if (value instanceof PythonSet) return value.size;
  if (value instanceof Undefined) return value.strict ? value.fail() : 0;
  throw typeError(`object of type '${typeName(value)}' has no len()`);
}

export function hasSurrogates(text: string): boolean {
  return /[\uD800-\uDFFF]/.test(text);
}

/** Python `item in container`. */
export function pyContains(container: unknown, item: unknown): boolean {
  defined(item);
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => pyEquals(element, item));
  if (isDict(container)) return typeof item === 'string' && hasKey(container, item);
  if (container instanceof PythonSet) return container.has(item);
  defined(container);
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Converts a Python-style integer argument, rejecting floats and non-numbers like Python does. */
export function toInteger(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  defined(value);
  throw typeError(`'${typeName(value)}' object cannot be interpreted as an integer`);
}

/** A number result that is a Python float when `isFloat`, boxing integral values. */
export function pyNumber(value: number, isFloat: boolean): number | PythonFloat {
  return isFloat && Number.isInteger(value) ? new PythonFloat(value) : value;
}
