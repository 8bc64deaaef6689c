/**
 * The whole YAQL standard library visible to expressions: the per-domain modules plus the names
 * yaql overloads across domains (`len`, `join`, `replace`, `indexOf`…), which dispatch on the
 * argument types here the way yaql's overload resolution would.
 */
import { PythonSet } from '../python-values.js';
import type { Library, LibraryFunction } from './library.js';
import { fn } from './library.js';
import { contains } from './operators.js';
import { COLLECTION_FUNCTIONS, deleteItems, replaceItems } from './stdlib-collections.js';
import { MATH_FUNCTIONS, pairMax, pairMin } from './stdlib-math.js';
import { QUERY_FUNCTIONS, collectionExtreme, collectionIndexOf, joinCollections } from './stdlib-queries.js';
import { REGEX_FUNCTIONS, regexReplace, regexSplit } from './stdlib-regex.js';
import { STRING_FUNCTIONS, joinStrings, replaceString, stringIndexOf } from './stdlib-strings.js';
import { SYSTEM_FUNCTIONS } from './stdlib-system.js';
import { YaqlError, isDict, isIterable, lazy, noMatchingFunction, noMatchingMethod, toArray } from './values.js';

function length(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (isDict(value)) return Object.keys(value).length;
  if (value instanceof PythonSet) return value.size;
  if (isIterable(value)) return toArray(value).length;
  throw noMatchingFunction('len');
}

const OVERLOADED: Library = {
  len: fn(([value]) => length(value)),
  /** Strings: `concat('a', 'b')`; collections: `[1].concat([2], [3])`. */
  concat: fn((args) => {
    if (args.every((arg) => typeof arg === 'string')) return args.join('');
    if (args.every(isIterable)) return lazy(function* concat() {
      for (const arg of args) yield* arg as Iterable<unknown>;
    });
    throw noMatchingFunction('concat');
  }),
  contains: fn(([collection, value]) => contains(collection, value, 'contains')),
  delete: fn((args) => deleteItems(args)),
  replace: fn((args) => {
    const [target] = args;
    if (typeof target === 'string') return replaceString(target, args);
    if (target instanceof RegExp) return regexReplace(target, args[1], args[2], args[3]);
    return replaceItems(args);
  }),
  split: fn((args, site) => {
    const [target] = args;
    if (target instanceof RegExp) return regexSplit(target, args[1]);
    return (STRING_FUNCTIONS['split'] as LibraryFunction).call(args, site);
  }, ['string', 'separator', 'maxSplits']),
  indexOf: fn((args) => (typeof args[0] === 'string' ? stringIndexOf(args, false) : collectionIndexOf(args[0], args[1], false))),
  lastIndexOf: fn((args) => (typeof args[0] === 'string' ? stringIndexOf(args, true) : collectionIndexOf(args[0], args[1], true))),
  join: {
    lambdas: [2, 3],
    call: (args) => (args.length === 4 ? joinCollections(args) : joinStrings(args[0], args[1])),
  },
  max: fn(([a, b], site) => (site.isMethod || b === undefined ? collectionExtreme('max', a, b) : pairMax(a, b))),
  min: fn(([a, b], site) => (site.isMethod || b === undefined ? collectionExtreme('min', a, b) : pairMin(a, b))),
  now: fn(() => new Date()),
  /**
   * `format()` was removed from yaql 3.0.0 (security bug 2048114) and Mistral requires yaql>=3,
   * so it fails here as in Mistral, with a hint at the replacements. See README-decisions.md.
   */
  format: fn(([receiver], site) => {
    const error = site.isMethod ? noMatchingMethod('format', receiver) : new YaqlError('Unknown function "format"');
    throw new YaqlError(`${error.message} (format() was removed in yaql 3.0; use concat(), str() or +)`);
  }),
};

const ALIASES: Library = {
  filter: QUERY_FUNCTIONS['where'] as LibraryFunction,
  map: QUERY_FUNCTIONS['select'] as LibraryFunction,
  limit: QUERY_FUNCTIONS['take'] as LibraryFunction,
};

export const LIBRARY: Library = Object.freeze({
  ...SYSTEM_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...QUERY_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...ALIASES,
  ...OVERLOADED,
});
