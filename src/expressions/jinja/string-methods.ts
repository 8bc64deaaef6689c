/** Python `str` methods callable from templates: `s.split(',')`, `s.startswith('a')`, … */
import type { Parameter } from './callables.js';
import { typeError, valueError } from './errors.js';
import { isTuple, tuple } from './sequences.js';
import { defined, iterate, toInteger, typeName } from './values.js';

export interface MethodSpec<Self> {
  readonly parameters: readonly Parameter[];
  run(self: Self, ...values: unknown[]): unknown;
}

const WHITESPACE = ' \t\n\r\x0b\x0c';

function requireString(value: unknown, method: string): string {
  if (typeof value === 'string') return value;
  defined(value);
  throw typeError(`${method}() argument must be str, not ${typeName(value)}`);
}

function stripCharacters(text: string, chars: unknown, fromStart: boolean, fromEnd: boolean): string {
  const set = chars === null ? WHITESPACE : requireString(chars, 'strip');
  let start = 0;
  let end = text.length;
  while (fromStart && start < end && set.includes(text[start]!)) start++;
  while (fromEnd && end > start && set.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** `str.split(sep=None, maxsplit=-1)`: without a separator, runs of whitespace split. */
export function pySplit(text: string, separator: unknown, maxSplit: unknown): string[] {
  const limit = toInteger(maxSplit);
  if (separator === null) {
    const words = text.trim() === '' ? [] : text.replace(/^\s+/, '').split(/\s+/);
    if (limit < 0 || words.length <= limit + 1) return words.filter((word) => word !== '');
    const head = words.slice(0, limit);
    const rest = text.replace(/^\s+/, '').replace(new RegExp(`^(?:\\S+\\s+){${limit}}`), '');
    return [...head, rest];
  }
  const sep = requireString(separator, 'split');
  if (sep === '') throw valueError('empty separator');
  const parts = text.split(sep);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(sep)];
}

function pyRsplit(text: string, separator: unknown, maxSplit: unknown): string[] {
  const limit = toInteger(maxSplit);
  if (limit < 0) return pySplit(text, separator, maxSplit);
  if (separator === null) {
    const reversed = pySplit(Array.from(text).reverse().join(''), null, limit);
    return reversed.map((part) => Array.from(part).reverse().join('')).reverse();
  }
  const sep = requireString(separator, 'rsplit');
  const parts = text.split(sep);
  if (parts.length <= limit + 1) return parts;
  return [parts.slice(0, parts.length - limit).join(sep), ...parts.slice(parts.length - limit)];
}

function matchesAffix(text: string, affix: unknown, atStart: boolean): boolean {
  const candidates = isTuple(affix) || Array.isArray(affix) ? (affix as unknown[]) : [affix];
  return candidates.some((candidate) => {
    const value = requireString(candidate, atStart ? 'startswith' : 'endswith');
    return atStart ? text.startsWith(value) : text.endsWith(value);
  });
}

export function pyTitle(text: string): string {
  return text.replace(/\p{L}+/gu, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase());
}

export function pyCapitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1).toLowerCase();
}

export function pyCenter(text: string, width: number, fill = ' '): string {
  const missing = width - text.length;
  if (missing <= 0) return text;
  // CPython puts the extra padding on the left when the text length and the width are both odd.
  const left = Math.floor(missing / 2) + (missing & width & 1);
  return fill.repeat(left) + text + fill.repeat(missing - left);
}

function pyJoin(separator: string, iterable: unknown): string {
  return iterate(iterable)
    .map((item, index) => {
      if (typeof item === 'string') return item;
      throw typeError(`sequence item ${index}: expected str instance, ${typeName(item)} found`);
    })
    .join(separator);
}

function findIndex(text: string, sub: unknown, fromEnd: boolean, raise: boolean): number {
  const needle = requireString(sub, fromEnd ? 'rfind' : 'find');
  const index = fromEnd ? text.lastIndexOf(needle) : text.indexOf(needle);
  if (index < 0 && raise) throw valueError('substring not found');
  return index;
}

const NO_PARAMETERS: readonly Parameter[] = [];
const simple = (run: (self: string) => unknown): MethodSpec<string> => ({ parameters: NO_PARAMETERS, run });

export const STRING_METHODS: Record<string, MethodSpec<string>> = {
  upper: simple((s) => s.toUpperCase()),
  lower: simple((s) => s.toLowerCase()),
  casefold: simple((s) => s.toLowerCase()),
  swapcase: simple((s) => s.replace(/\p{L}/gu, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))),
  title: simple(pyTitle),
  capitalize: simple(pyCapitalize),
  isdigit: simple((s) => /^\p{Nd}+$/u.test(s)),
  isdecimal: simple((s) => /^\p{Nd}+$/u.test(s)),
  isnumeric: simple((s) => /^\p{N}+$/u.test(s)),
  isalpha: simple((s) => /^\p{L}+$/u.test(s)),
  isalnum: simple((s) => /^[\p{L}\p{N}]+$/u.test(s)),
  isspace: simple((s) => /^\s+$/.test(s)),
  islower: simple((s) => /\p{Ll}/u.test(s) && s === s.toLowerCase()),
  isupper: simple((s) => /\p{Lu}/u.test(s) && s === s.toUpperCase()),
  istitle: simple((s) => /\p{L}/u.test(s) && pyTitle(s) === s),
  strip: { parameters: [['chars', null]], run: (s, chars) => stripCharacters(s, chars, true, true) },
  lstrip: { parameters: [['chars', null]], run: (s, chars) => stripCharacters(s, chars, true, false) },
  rstrip: { parameters: [['chars', null]], run: (s, chars) => stripCharacters(s, chars, false, true) },
  split: { parameters: [['sep', null], ['maxsplit', -1]], run: pySplit },
  rsplit: { parameters: [['sep', null], ['maxsplit', -1]], run: pyRsplit },
  splitlines: { parameters: [['keepends', false]], run: (s, keep) => splitLines(s, keep === true) },
  startswith: { parameters: [['prefix']], run: (s, prefix) => matchesAffix(s, prefix, true) },
  endswith: { parameters: [['suffix']], run: (s, suffix) => matchesAffix(s, suffix, false) },
  replace: { parameters: [['old'], ['new'], ['count', -1]], run: (s, old, replacement, count) => pyReplace(s, requireString(old, 'replace'), requireString(replacement, 'replace'), toInteger(count)) },
  find: { parameters: [['sub']], run: (s, sub) => findIndex(s, sub, false, false) },
  rfind: { parameters: [['sub']], run: (s, sub) => findIndex(s, sub, true, false) },
  index: { parameters: [['sub']], run: (s, sub) => findIndex(s, sub, false, true) },
  rindex: { parameters: [['sub']], run: (s, sub) => findIndex(s, sub, true, true) },
  count: { parameters: [['sub']], run: (s, sub) => s.split(requireString(sub, 'count')).length - 1 },
  join: { parameters: [['iterable']], run: pyJoin },
  center: { parameters: [['width'], ['fillchar', ' ']], run: (s, width, fill) => pyCenter(s, toInteger(width), requireString(fill, 'center')) },
  ljust: { parameters: [['width'], ['fillchar', ' ']], run: (s, width, fill) => s.padEnd(toInteger(width), requireString(fill, 'ljust')) },
  rjust: { parameters: [['width'], ['fillchar', ' ']], run: (s, width, fill) => s.padStart(toInteger(width), requireString(fill, 'rjust')) },
  zfill: { parameters: [['width']], run: (s, width) => zeroFill(s, toInteger(width)) },
  partition: { parameters: [['sep']], run: (s, sep) => partition(s, requireString(sep, 'partition'), false) },
  rpartition: { parameters: [['sep']], run: (s, sep) => partition(s, requireString(sep, 'rpartition'), true) },
  removeprefix: { parameters: [['prefix']], run: (s, p) => (s.startsWith(requireString(p, 'removeprefix')) ? s.slice((p as string).length) : s) },
  removesuffix: { parameters: [['suffix']], run: (s, p) => (p !== '' && s.endsWith(requireString(p, 'removesuffix')) ? s.slice(0, -(p as string).length) : s) },
};

export function pyReplace(text: string, old: string, replacement: string, count: number): string {
  if (count < 0) return text.split(old).join(replacement);
  const parts = text.split(old);
  if (parts.length - 1 <= count) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

export function splitLines(text: string, keepEnds: boolean): string[] {
  const lines = text.match(/[^\r\n]*(?:\r\n|[\r\n])|[^\r\n]+$/g) ?? [];
  return keepEnds ? lines : lines.map((line) => line.replace(/(?:\r\n|[\r\n])$/, ''));
}

function zeroFill(text: string, width: number): string {
  const sign = /^[+-]/.test(text) ? text[0]! : '';
  return sign + text.slice(sign.length).padStart(width - sign.length, '0');
}

function partition(text: string, separator: string, fromEnd: boolean): string[] {
  const index = fromEnd ? text.lastIndexOf(separator) : text.indexOf(separator);
  if (index < 0) return tuple(fromEnd ? ['', '', text] : [text, '', '']);
  return tuple([text.slice(0, index), separator, text.slice(index + separator.length)]);
}
