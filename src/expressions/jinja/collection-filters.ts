/**
 * Jinja2 filters over sequences and mappings. Where Jinja2 returns a generator (`map`,
 * `select`, `unique`, `reverse`, …) these return a list: it prints as the list a `|list`
 * would give and is what Mistral workflows pipe into `|list` anyway.
 */
import { hashKey } from '../python-values.js';
import { lookupAttribute } from './attributes.js';
import { dictItems } from './collection-methods.js';
import { filterArgumentError, JinjaRuntimeError, typeError } from './errors.js';
import { attributeGetter, filter, type FilterFunction, ignoreCase, multiAttributeGetter, sortBy } from './filter-support.js';
import { applyBinary } from './operators.js';
import { characters, groupTuple } from './sequences.js';
import type { TemplateEnvironment } from './tests.js';
import { defined, isDict, iterate, type Kwargs, pyCompare, pyEquals, pyLen, toInteger, toText, truthy, typeName, Undefined } from './values.js';

const caseKey = (caseSensitive: unknown): ((value: unknown) => unknown) | undefined => (truthy(caseSensitive) ? undefined : ignoreCase);

function first(value: unknown): unknown {
  const items = iterate(value);
  return items.length > 0 ? items[0] : Undefined.withHint('No first item, sequence was empty.');
}

function last(value: unknown): unknown {
  const items = iterate(value);
  return items.length > 0 ? items[items.length - 1] : Undefined.withHint('No last item, sequence was empty.');
}

function minOrMax(value: unknown, caseSensitive: unknown, attribute: unknown, wantMax: boolean): unknown {
  const items = iterate(value);
  if (items.length === 0) return Undefined.withHint('No aggregated item, sequence was empty.');
  const key = attributeGetter(attribute, caseKey(caseSensitive));
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const itemKey = key(item);
    const order = pyCompare(itemKey, bestKey, wantMax ? '>' : '<');
    if (wantMax ? order > 0 : order < 0) [best, bestKey] = [item, itemKey];
  }
  return best;
}

function unique(value: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const key = attributeGetter(attribute, caseKey(caseSensitive));
  const seen = new Set<string>();
  return iterate(value).filter((item) => {
    const hash = hashKey(defined(key(item)));
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}

function dictsort(value: unknown, caseSensitive: unknown, by: unknown, reverse: unknown): unknown[] {
  if (by !== 'key' && by !== 'value') throw filterArgumentError('You can only sort by either "key" or "value"');
  defined(value);
  if (!isDict(value)) throw new JinjaRuntimeError('AttributeError', `'${typeName(value)}' object has no attribute 'items'`);
  const position = by === 'key' ? 0 : 1;
  const post = caseKey(caseSensitive);
  return sortBy(dictItems(value), (pair) => (post ? post(pair[position]) : pair[position]), truthy(reverse));
}

function groupby(value: unknown, attribute: unknown, fallback: unknown, caseSensitive: unknown): unknown[] {
  const key = attributeGetter(attribute, caseKey(caseSensitive), fallback);
  const groups: Array<{ key: unknown; items: unknown[] }> = [];
  for (const item of sortBy(iterate(value), key, false)) {
    const itemKey = key(item);
    const current = groups.at(-1);
    if (current && pyEquals(current.key, itemKey)) current.items.push(item);
    else groups.push({ key: itemKey, items: [item] });
  }
  // The grouper keeps the case of the first item of its group.
  const original = attributeGetter(attribute, undefined, fallback);
  return groups.map((group) => groupTuple(truthy(caseSensitive) ? group.key : original(group.items[0]), group.items));
}

function batch(value: unknown, lineCount: unknown, fillWith: unknown): unknown[][] {
  const size = toInteger(lineCount);
  const rows: unknown[][] = [];
  for (const item of iterate(value)) {
    if (rows.length === 0 || rows.at(-1)!.length === size) rows.push([]);
    rows.at(-1)!.push(item);
  }
  const lastRow = rows.at(-1);
  if (lastRow && fillWith !== null) while (lastRow.length < size) lastRow.push(fillWith);
  return rows;
}

function slice(value: unknown, slices: unknown, fillWith: unknown): unknown[][] {
  const items = iterate(value);
  const count = toInteger(slices);
  const perSlice = Math.floor(items.length / count);
  const withExtra = items.length % count;
  const result: unknown[][] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const start = offset + index * perSlice;
    if (index < withExtra) offset++;
    const part = items.slice(start, offset + (index + 1) * perSlice);
    if (fillWith !== null && index >= withExtra) part.push(fillWith);
    result.push(part);
  }
  return result;
}

function map(value: unknown, args: readonly unknown[], kwargs: Kwargs, environment: TemplateEnvironment): unknown[] {
  if (!truthy(value)) return [];
  if (args.length === 0 && 'attribute' in kwargs) {
    const { attribute, default: fallback = null, ...rest } = kwargs;
    const unexpected = Object.keys(rest)[0];
    if (unexpected !== undefined) throw filterArgumentError(`Unexpected keyword argument '${unexpected}'`);
    return iterate(value).map(attributeGetter(attribute, undefined, fallback));
  }
  if (args.length === 0) throw filterArgumentError('map requires a filter argument');
  const [name, ...rest] = args;
  return iterate(value).map((item) => environment.callFilter(String(name), item, rest, kwargs));
}

/** select/reject/selectattr/rejectattr: keep items whose (attribute's) test result is `keep`. */
function selectOrReject(lookupAttr: boolean, keep: boolean): FilterFunction {
  return (value, args, kwargs, environment) => {
    if (!truthy(value)) return [];
    if (lookupAttr && args.length === 0) throw filterArgumentError('Missing parameter for attribute name');
    const transform = lookupAttr ? attributeGetter(args[0]) : (item: unknown) => item;
    const offset = lookupAttr ? 1 : 0;
    const testName = args[offset];
    const testArgs = args.slice(offset + 1);
    const check = testName === undefined
      ? (item: unknown) => truthy(item)
      : (item: unknown) => environment.callTest(String(testName), item, testArgs, kwargs);
    return iterate(value).filter((item) => check(transform(item)) === keep);
  };
}

function reverse(value: unknown): unknown {
  if (typeof value === 'string') return characters(value).reverse().join('');
  return [...iterate(value)].reverse();
}

function attr(value: unknown, name: unknown): unknown {
  defined(value);
  const found = typeof name === 'string' ? lookupAttribute(value, name) : undefined;
  return found === undefined ? Undefined.member(value, name) : found;
}

function sum(value: unknown, attribute: unknown, start: unknown): unknown {
  const items = attribute === null ? iterate(value) : iterate(value).map(attributeGetter(attribute));
  return items.reduce((total, item) => applyBinary('+', total, item), start);
}

function join(value: unknown, separator: unknown, attribute: unknown): string {
  const items = attribute === null ? iterate(value) : iterate(value).map(attributeGetter(attribute));
  return items.map(toText).join(toText(separator));
}

function items(value: unknown): unknown[] {
  if (value instanceof Undefined) return [];
  if (!isDict(value)) throw typeError('Can only get item pairs from a mapping.');
  return dictItems(value);
}

export const COLLECTION_FILTERS: Record<string, FilterFunction> = {
  attr: filter('attr', [['name']], attr),
  batch: filter('batch', [['linecount'], ['fill_with', null]], batch),
  count: filter('count', [], pyLen),
  length: filter('length', [], pyLen),
  dictsort: filter('dictsort', [['case_sensitive', false], ['by', 'key'], ['reverse', false]], dictsort),
  first: filter('first', [], first),
  last: filter('last', [], last),
  groupby: filter('groupby', [['attribute'], ['default', null], ['case_sensitive', false]], groupby),
  items: filter('items', [], items),
  join: filter('join', [['d', ''], ['attribute', null]], join),
  list: filter('list', [], (value) => [...iterate(value)]),
  map,
  max: filter('max', [['case_sensitive', false], ['attribute', null]], (value, cs, at) => minOrMax(value, cs, at, true)),
  min: filter('min', [['case_sensitive', false], ['attribute', null]], (value, cs, at) => minOrMax(value, cs, at, false)),
  random: filter('random', [], (value) => {
    const choices = iterate(value);
    return choices.length > 0 ? choices[Math.floor(Math.random() * choices.length)] : Undefined.withHint('No random item, sequence was empty.');
  }),
  reject: selectOrReject(false, false),
  rejectattr: selectOrReject(true, false),
  select: selectOrReject(false, true),
  selectattr: selectOrReject(true, true),
  reverse: filter('reverse', [], reverse),
  slice: filter('slice', [['slices'], ['fill_with', null]], slice),
  sort: filter('sort', [['reverse', false], ['case_sensitive', false], ['attribute', null]], (value, rev, cs, at) =>
    sortBy(iterate(value), multiAttributeGetter(at, caseKey(cs)), truthy(rev))),
  sum: filter('sum', [['attribute', null], ['start', 0]], sum),
  unique: filter('unique', [['case_sensitive', false], ['attribute', null]], unique),
};
