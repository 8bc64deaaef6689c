/**
 * Attribute and item lookup with Jinja2's rules. `obj.name` prefers Python attributes (so
 * `d.items` is the dict method, as in Mistral) and falls back to `obj['name']`; `obj[key]`
 * prefers the item and falls back to the attribute. A failed lookup yields an Undefined that
 * raises Jinja2's message (`'dict object' has no attribute 'x'`) only when it is used.
 */
import { bindArguments, PyFunction } from './callables.js';
import { DICT_METHODS, dictKey, LIST_METHODS, TUPLE_METHODS } from './collection-methods.js';
import { strFormat } from './formatting.js';
import { groupTupleField, indexSequence, isTuple } from './sequences.js';
import { type MethodSpec, STRING_METHODS } from './string-methods.js';
import { defined, hasKey, isDict, isNumeric, JinjaObject, numberOf, typeName, Undefined } from './values.js';

export function getAttribute(target: unknown, name: string): unknown {
  defined(target);
  if (isDunder(name)) return Undefined.unsafe(target, name);
  const found = lookupAttribute(target, name);
  if (found !== undefined) return found;
  if (isDict(target) && hasKey(target, name)) return target[name];
  return Undefined.member(target, name);
}

export function getItem(target: unknown, key: unknown): unknown {
  defined(target);
  defined(key);
  const item = lookupItem(target, key);
  if (item !== undefined) return item;
  if (typeof key === 'string') {
    if (isDunder(key)) return Undefined.unsafe(target, key);
    const found = lookupAttribute(target, key);
    if (found !== undefined) return found;
  }
  return Undefined.member(target, key);
}

/** Python's special attributes (`__class__`, …), which the sandbox refuses to expose. */
function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** The item for `key`, or JS `undefined` when there is none. */
function lookupItem(target: unknown, key: unknown): unknown {
  if (isDict(target)) {
    const name = dictKey(key);
    return name !== undefined && hasKey(target, name) ? target[name] : undefined;
  }
  if ((typeof target === 'string' || Array.isArray(target)) && isIntegerKey(key)) {
    return indexSequence(target, numberOf(key));
  }
  return undefined;
}

function isIntegerKey(key: unknown): key is number | boolean {
  return isNumeric(key) && typeName(key) !== 'float';
}

/** A Python attribute (method or object attribute), or JS `undefined` when there is none. */
export function lookupAttribute(target: unknown, name: string): unknown {
  // The sandbox hides everything private or dunder.
  if (name.startsWith('_')) return undefined;
  if (target instanceof JinjaObject) return target.getAttribute(name);
  if (typeof target === 'string') {
    if (name === 'format') return stringFormatMethod(target);
    return bindMethod(target, name, STRING_METHODS, 'str');
  }
  if (Array.isArray(target)) {
    const field = groupTupleField(target, name);
    if (field !== undefined) return field;
    return isTuple(target) ? bindMethod(target, name, TUPLE_METHODS, 'tuple') : bindMethod(target, name, LIST_METHODS, 'list');
  }
  if (isDict(target)) return bindMethod(target, name, DICT_METHODS, 'dict');
  return undefined;
}

function bindMethod<Self>(self: Self, name: string, table: Record<string, MethodSpec<Self>>, ownerType: string): PyFunction | undefined {
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const spec = table[name]!;
  return new PyFunction(name, (args, kwargs) => spec.run(self, ...bindArguments(name, args, kwargs, spec.parameters)), ownerType);
}

/** `'{}-{}'.format(a, b)`: fields are looked up with the same sandboxed rules. */
function stringFormatMethod(format: string): PyFunction {
  return new PyFunction('format', (args, kwargs) => strFormat(format, args, kwargs, (value, key) => (typeof key === 'number' ? getItem(value, key) : getAttribute(value, key))), 'str');
}
