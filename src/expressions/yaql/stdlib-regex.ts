/** yaql's regex functions (regex.py) over Python-style patterns. */
import type { Library } from './library.js';
import { fn } from './library.js';
import { compileRegex, searchRegex } from './regex-cache.js';
import { lazy, noMatchingFunction } from './values.js';

/** A compiled `regex(pattern, ...)` value keeps its source so it can be re-flagged when needed. */
function regexArg(value: unknown, name: string): RegExp {
  if (value instanceof RegExp) return value;
  if (typeof value === 'string') return compileRegex(value);
  throw noMatchingFunction(name);
}

function textArg(value: unknown, name: string): string {
  if (typeof value !== 'string') throw noMatchingFunction(name);
  return value;
}

function globalCopy(regex: RegExp): RegExp {
  return new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
}

/** yaql publishes a match as `{value, start, end}`. */
function publishMatch(match: RegExpExecArray): Record<string, unknown> {
  return { value: match[0], start: match.index, end: match.index + match[0].length };
}

export const REGEX_FUNCTIONS: Library = {
  regex: fn(([pattern, ignoreCase, multiLine, dotAll]) => {
    const flags = `${ignoreCase === true ? 'i' : ''}${multiLine === true ? 'm' : ''}${dotAll === true ? 's' : ''}`;
    return compileRegex(textArg(pattern, 'regex'), flags);
  }, ['pattern', 'ignoreCase', 'multiLine', 'dotAll']),
  /** `string.matches(pattern)` and `regex.matches(string)`: Python `re.search` succeeds. */
  matches: fn(([first, second]) => {
    if (first instanceof RegExp) return first.test(textArg(second, 'matches'));
    if (second instanceof RegExp) return second.test(textArg(first, 'matches'));
    return searchRegex(textArg(second, 'matches'), textArg(first, 'matches'));
  }),
  search: fn(([regex, text]) => {
    const match = regexArg(regex, 'search').exec(textArg(text, 'search'));
    return match ? publishMatch(match) : null;
  }),
  searchAll: fn(([regex, text]) => {
    const pattern = globalCopy(regexArg(regex, 'searchAll'));
    const input = textArg(text, 'searchAll');
    return lazy(function* searchAll() {
      for (const match of input.matchAll(pattern)) yield publishMatch(match);
    });
  }),
  escapeRegex: fn(([text]) => textArg(text, 'escapeRegex').replace(/[^A-Za-z0-9_]/g, (ch) => `\\${ch}`)),
  isRegex: fn(([value]) => value instanceof RegExp),
};

/** `regex.split(string)`. */
export function regexSplit(regex: RegExp, text: unknown): string[] {
  return textArg(text, 'split').split(globalCopy(regex));
}

/** `regex.replace(string, repl, count)`: Python `\1` group references become `$1`. */
export function regexReplace(regex: RegExp, text: unknown, replacement: unknown, count: unknown): string {
  const input = textArg(text, 'replace');
  const repl = textArg(replacement, 'replace').replace(/\$/g, '$$$$').replace(/\\(\d+)/g, '$$$1').replace(/\\g<(\w+)>/g, '$$<$1>');
  const limit = typeof count === 'number' && count > 0 ? count : Infinity;
  let done = 0;
  return input.replace(globalCopy(regex), (...match: unknown[]) => {
    if (done++ >= limit) return match[0] as string;
    return (match[0] as string).replace(new RegExp(regex.source, regex.flags.replace('g', '')), repl);
  });
}
