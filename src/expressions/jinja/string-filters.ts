/** Jinja2 filters that produce text. Autoescape is off in Mistral, so nothing is Markup. */
import { pythonRepr, pythonStr } from '../python-format.js';
import { filterArgumentError, JinjaRuntimeError, valueError } from './errors.js';
import { filter, type FilterFunction } from './filter-support.js';
import { printfFormat } from './formatting.js';
import { pythonJsonDumps } from './python-json.js';
import { pyCapitalize, pyCenter, pyReplace, splitLines } from './string-methods.js';
import { defined, isDict, toText, iterate, isNumeric, numberOf, toInteger, truthy } from './values.js';
import { wordwrap } from './wordwrap.js';

/** soft_str: the filtered value as text; a strict undefined value raises. */
const text = toText;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return text(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

function title(value: unknown): string {
  return text(value)
    .split(/([-\s({[<]+)/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

function strip(value: unknown, chars: unknown): string {
  const subject = text(value);
  if (chars === null) return subject.replace(/^\s+|\s+$/g, '');
  const set = pythonStr(chars);
  let start = 0;
  let end = subject.length;
  while (start < end && set.includes(subject[start]!)) start++;
  while (end > start && set.includes(subject[end - 1]!)) end--;
  return subject.slice(start, end);
}

function indent(value: unknown, width: unknown, first: unknown, blank: unknown): string {
  const indention = typeof width === 'string' ? width : ' '.repeat(toInteger(width));
  const lines = splitLines(`${text(value)}\n`, false);
  let result: string;
  if (truthy(blank)) {
    result = lines.join(`\n${indention}`);
  } else {
    const [head = '', ...rest] = lines;
    result = head + rest.map((line) => `\n${line ? indention + line : line}`).join('');
  }
  return truthy(first) ? indention + result : result;
}

function truncate(value: unknown, length: unknown, killwords: unknown, end: unknown, leeway: unknown): string {
  const subject = text(value);
  const limit = toInteger(length);
  const ending = pythonStr(end);
  const slack = leeway === null ? 5 : toInteger(leeway);
  if (limit < ending.length) throw new JinjaRuntimeError('AssertionError', `expected length >= ${ending.length}, got ${limit}`);
  if (subject.length <= limit + slack) return subject;
  const cut = subject.slice(0, limit - ending.length);
  if (truthy(killwords)) return cut + ending;
  const space = cut.lastIndexOf(' ');
  return (space < 0 ? cut : cut.slice(0, space)) + ending;
}

/** Python's urllib quote: UTF-8 percent-encoding, keeping letters, digits, `_.-~` and `safe`. */
function urlQuote(value: unknown, forQuery: boolean): string {
  const encoded = encodeURIComponent(pythonStr(value)).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return forQuery ? encoded.replace(/%20/g, '+') : encoded.replace(/%2F/g, '/');
}

function urlencode(value: unknown): string {
  defined(value);
  if (typeof value === 'string' || (!isDict(value) && !Array.isArray(value))) return urlQuote(value, false);
  const pairs = isDict(value) ? Object.keys(value).map((key) => [key, value[key]]) : value.map((pair) => iterate(pair));
  return pairs.map(([key, item]) => `${urlQuote(key, true)}=${urlQuote(item, true)}`).join('&');
}

function striptags(value: unknown): string {
  const withoutTags = text(value).replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '');
  return unescapeHtml(withoutTags).split(/\s+/).filter(Boolean).join(' ');
}

function unescapeHtml(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return value.replace(/&(#x[\da-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity] ?? whole;
  });
}

function xmlattr(value: unknown, autospace: unknown): string {
  if (!isDict(defined(value))) throw valueError('xmlattr requires a mapping');
  const dict = value as Record<string, unknown>;
  const parts = Object.keys(dict)
    .filter((key) => dict[key] !== null && dict[key] !== undefined)
    .map((key) => {
      if (/[\s/>=]/.test(key)) throw valueError(`Invalid character in attribute name: ${pythonRepr(key)}`);
      return `${escapeHtml(key)}="${escapeHtml(dict[key])}"`;
    });
  const result = parts.join(' ');
  return truthy(autospace) && result ? ` ${result}` : result;
}

function filesizeformat(value: unknown, binary: unknown): string {
  const bytes = isNumeric(value) ? numberOf(value) : Number(pythonStr(value));
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  for (const [index, prefix] of prefixes.entries()) {
    unit = base ** (index + 2);
    if (bytes < unit || index === prefixes.length - 1) return `${((base * bytes) / unit).toFixed(1)} ${prefix}`;
  }
  return `${bytes}`;
}

function format(value: unknown, args: readonly unknown[], kwargs: Record<string, unknown>): string {
  const hasKeywords = Object.keys(kwargs).length > 0;
  if (args.length > 0 && hasKeywords) throw filterArgumentError("can't handle positional and keyword arguments at the same time");
  return printfFormat(text(value), hasKeywords ? kwargs : args);
}

/** pprint.pformat without line wrapping: the repr with dict keys sorted. */
function pprint(value: unknown): string {
  const sortKeys = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeys);
    if (!isDict(item)) return item;
    return Object.fromEntries(Object.keys(item).sort().map((key) => [key, sortKeys(item[key])]));
  };
  return pythonRepr(sortKeys(defined(value)));
}

function urlize(value: unknown, trimUrlLimit: unknown, nofollow: unknown, target: unknown, rel: unknown): string {
  const relParts = new Set(pythonStr(rel ?? '').split(/\s+/).filter(Boolean));
  if (truthy(nofollow)) relParts.add('nofollow');
  relParts.add('noopener');
  const relAttr = ` rel="${escapeHtml([...relParts].sort().join(' '))}"`;
  const targetAttr = target === null ? '' : ` target="${escapeHtml(target)}"`;
  const limit = trimUrlLimit === null ? undefined : toInteger(trimUrlLimit);
  const shown = (url: string): string => (limit !== undefined && url.length > limit ? `${url.slice(0, limit)}...` : url);
  return escapeHtml(value).split(/(\s+)/).map((word) => {
    const match = /^((?:\(|&lt;)*)(.*?)((?:[.,)>\n]|&gt;)*)$/s.exec(word)!;
    const [, head = '', middle = '', tail = ''] = match;
    if (/^(https?:\/\/|www\.)\S+$/i.test(middle)) {
      const href = middle.startsWith('www.') ? `https://${middle}` : middle;
      return `${head}<a href="${href}"${relAttr}${targetAttr}>${shown(middle)}</a>${tail}`;
    }
    if (/^\S+@\w[\w.-]*\.\w+$/.test(middle) && !middle.includes(':')) return `${head}<a href="mailto:${middle}">${middle}</a>${tail}`;
    return word;
  }).join('');
}

export const STRING_FILTERS: Record<string, FilterFunction> = {
  capitalize: filter('capitalize', [], (value) => pyCapitalize(text(value))),
  center: filter('center', [['width', 80]], (value, width) => pyCenter(text(value), toInteger(width))),
  e: filter('escape', [], escapeHtml),
  escape: filter('escape', [], escapeHtml),
  forceescape: filter('forceescape', [], escapeHtml),
  filesizeformat: filter('filesizeformat', [['binary', false]], filesizeformat),
  format: (value, args, kwargs) => format(value, args, kwargs),
  indent: filter('indent', [['width', 4], ['first', false], ['blank', false]], indent),
  lower: filter('lower', [], (value) => text(value).toLowerCase()),
  upper: filter('upper', [], (value) => text(value).toUpperCase()),
  pprint: filter('pprint', [], pprint),
  replace: filter('replace', [['old'], ['new'], ['count', null]], (value, old, replacement, count) =>
    pyReplace(text(value), pythonStr(old), pythonStr(replacement), count === null ? -1 : toInteger(count))),
  safe: filter('safe', [], text),
  string: filter('string', [], text),
  striptags: filter('striptags', [], striptags),
  title: filter('title', [], title),
  tojson: filter('tojson', [['indent', null]], (value, width) =>
    pythonJsonDumps(value, { sortKeys: true, ...(width !== null && { indent: width as number | string }) })
      .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027')),
  trim: filter('trim', [['chars', null]], strip),
  truncate: filter('truncate', [['length', 255], ['killwords', false], ['end', '...'], ['leeway', null]], truncate),
  urlencode: filter('urlencode', [], urlencode),
  urlize: filter('urlize', [['trim_url_limit', null], ['nofollow', false], ['target', null], ['rel', null], ['extra_schemes', null]], urlize),
  wordcount: filter('wordcount', [], (value) => (text(value).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  wordwrap: filter('wordwrap', [['width', 79], ['break_long_words', true], ['wrapstring', null], ['break_on_hyphens', true]], (value, width, breakLong, wrapstring, hyphens) =>
    wordwrap(text(value), toInteger(width), truthy(breakLong), wrapstring === null ? '\n' : pythonStr(wrapstring), truthy(hyphens))),
  xmlattr: filter('xmlattr', [['autospace', true]], xmlattr),
};
