/** yaql's string functions (yaql/standard_library/strings.py), with Python str semantics. */
import { pythonStr } from '../python-format.js';
import { fn, type Library } from './library.js';
import { materialize } from './output.js';
import { isDict, isInteger, isIterable, noMatchingFunction, toArray, YaqlError } from './values.js';

/**
 * yaql's `str()`: null/true/false in yaql spelling, everything else as Python `str()`; sequences
 * are tuples inside yaql and print as such (`str([1, 'a'])` is `(1, 'a')`).
 */
export function yaqlStr(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  return pythonStr(materialize(value), { arraysAsTuples: true });
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw noMatchingFunction(name);
  return value;
}

const PY_WHITESPACE = ' \t\n\r\v\f\u001c\u001d\u001e\u001f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** Python `str.strip(chars)` on one or both ends. */
export function strip(value: string, chars: unknown, left = true, right = true): string {
  const set = typeof chars === 'string' ? chars : PY_WHITESPACE;
  let start = 0;
  let end = value.length;
  while (left && start < end && set.includes(value[start] as string)) start++;
  while (right && end > start && set.includes(value[end - 1] as string)) end--;
  return value.slice(start, end);
}

/** Python `str.split(sep, maxsplit)`; without a separator it splits on whitespace runs. */
export function pythonSplit(value: string, separator: unknown, maxSplits: number): string[] {
  const limit = maxSplits < 0 ? Infinity : maxSplits;
  if (separator === null || separator === undefined) {
    const parts: string[] = [];
    let rest = strip(value, null, true, false);
    while (rest.length > 0) {
      if (parts.length >= limit) return [...parts, rest];
      const match = /[\s\u0085]+/u.exec(rest);
      parts.push(match ? rest.slice(0, match.index) : rest);
      rest = match ? strip(rest.slice(match.index), null, true, false) : '';
    }
    return parts;
  }
  const sep = text(separator, 'split');
  if (sep === '') throw new YaqlError('ValueError: empty separator');
  const pieces = value.split(sep);
  return pieces.length - 1 <= limit ? pieces : [...pieces.slice(0, limit), pieces.slice(limit).join(sep)];
}

function rightSplit(value: string, separator: unknown, maxSplits: number): string[] {
  if (maxSplits < 0 || separator === null || separator === undefined) return pythonSplit(value, separator, maxSplits);
  const sep = text(separator, 'rightSplit');
  const pieces = value.split(sep);
  if (pieces.length - 1 <= maxSplits) return pieces;
  const keep = pieces.length - maxSplits;
  return [pieces.slice(0, keep).join(sep), ...pieces.slice(keep)];
}

function replaceCount(value: string, old: string, replacement: string, count: number): string {
  if (count < 0) return value.replaceAll(old, replacement);
  let result = value;
  let from = 0;
  for (let i = 0; i < count; i++) {
    const at = result.indexOf(old, from);
    if (at < 0) break;
    result = result.slice(0, at) + replacement + result.slice(at + old.length);
    from = at + replacement.length + (old === '' ? 1 : 0);
  }
  return result;
}

/** `sequence.join(separator)` and `separator.join(sequence)`; items go through `str()`. */
export function joinStrings(first: unknown, second: unknown): string {
  if (typeof first === 'string' && isIterable(second)) return toArray(second).map(yaqlStr).join(first);
  if (isIterable(first) && typeof second === 'string') return toArray(first).map(yaqlStr).join(second);
  throw noMatchingFunction('join');
}

/** `string.replace(old, new, count)` and `string.replace({old => new}, count)`. */
export function replaceString(value: string, args: readonly unknown[]): string {
  const [, old, replacement, count] = args;
  if (isDict(old)) {
    const limit = isInteger(replacement) ? replacement : -1;
    return Object.entries(old).reduce((acc, [from, to]) => replaceCount(acc, from, yaqlStr(to), limit), value);
  }
  return replaceCount(value, text(old, 'replace'), text(replacement, 'replace'), isInteger(count) ? count : -1);
}

function substring(value: string, start: number, length: number): string {
  const chars = [...value];
  const begin = start < 0 ? Math.max(0, chars.length + start) : start;
  return chars.slice(begin, length < 0 ? undefined : begin + length).join('');
}

function stringIndexOf(args: readonly unknown[], last: boolean): number {
  const [value, sub, start = 0, length] = args;
  const haystack = text(value, 'indexOf');
  const needle = text(sub, 'indexOf');
  let begin = isInteger(start) ? start : 0;
  if (begin < 0) begin += haystack.length;
  const end = isInteger(length) && length >= 0 ? begin + length : haystack.length;
  const window = haystack.slice(0, end);
  const found = last ? window.lastIndexOf(needle) : window.indexOf(needle, begin);
  return found >= begin ? found : -1;
}

export { stringIndexOf };

export const STRING_FUNCTIONS: Library = {
  str: fn(([value]) => yaqlStr(value)),
  toUpper: fn(([value]) => text(value, 'toUpper').toUpperCase()),
  toLower: fn(([value]) => text(value, 'toLower').toLowerCase()),
  split: fn(([value, separator, maxSplits]) => pythonSplit(text(value, 'split'), separator, isInteger(maxSplits) ? maxSplits : -1), ['string', 'separator', 'maxSplits']),
  rightSplit: fn(([value, separator, maxSplits]) => rightSplit(text(value, 'rightSplit'), separator, isInteger(maxSplits) ? maxSplits : -1), ['string', 'separator', 'maxSplits']),
  trim: fn(([value, chars]) => strip(text(value, 'trim'), chars), ['string', 'chars']),
  trimLeft: fn(([value, chars]) => strip(text(value, 'trimLeft'), chars, true, false), ['string', 'chars']),
  trimRight: fn(([value, chars]) => strip(text(value, 'trimRight'), chars, false, true), ['string', 'chars']),
  norm: fn(([value, chars]) => {
    if (value === null || value === undefined) return null;
    const normalized = strip(text(value, 'norm'), chars);
    return normalized === '' ? null : normalized;
  }, ['string', 'chars']),
  isEmpty: fn(([value, trimSpaces, chars]) => {
    if (value === null || value === undefined) return true;
    const s = text(value, 'isEmpty');
    return (trimSpaces === false ? s : strip(s, chars)) === '';
  }, ['string', 'trimSpaces', 'chars']),
  substring: fn(([value, start, length]) => substring(text(value, 'substring'), isInteger(start) ? start : 0, isInteger(length) ? length : -1), ['string', 'start', 'length']),
  toCharArray: fn(([value]) => [...text(value, 'toCharArray')]),
  isString: fn(([value]) => typeof value === 'string'),
  startsWith: fn(([value, ...prefixes]) => prefixes.some((p) => text(value, 'startsWith').startsWith(text(p, 'startsWith')))),
  endsWith: fn(([value, ...suffixes]) => suffixes.some((p) => text(value, 'endsWith').endsWith(text(p, 'endsWith')))),
  hex: fn(([value]) => {
    if (!isInteger(value)) throw noMatchingFunction('hex');
    return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
  }),
  lastIndexOf: fn((args) => stringIndexOf(args, true)),
};
