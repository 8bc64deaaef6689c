/**
 * yaql's query functions (queries.py). Like yaql they are lazy: they return iterators, which
 * cannot be indexed (`.first()` or `.toList()[0]` work) and are only run when read.
 */
import { PythonSet, hashKey } from '../python-values.js';
import type { Lambda, Library } from './library.js';
import { fn } from './library.js';
import { applyBinary } from './operators.js';
import { pairMax, pairMin } from './stdlib-math.js';
import { YaqlError, YaqlIterator, isInteger, isIterable, lazy, noMatchingFunction, pyEquals, sortCompare, toArray, truthy } from './values.js';

function iterableArg(value: unknown, name: string): Iterable<unknown> {
  if (!isIterable(value)) throw noMatchingFunction(name);
  return value;
}

function intArg(value: unknown, name: string): number {
  if (!isInteger(value)) throw noMatchingFunction(name);
  return value;
}

/** Items in first-seen order, compared by Python equality (optionally of a key). */
export function* distinctItems(items: Iterable<unknown>, keySelector?: Lambda): Generator<unknown> {
  const seen = new PythonSet();
  for (const item of items) {
    const key = keySelector ? keySelector(item) : item;
    if (seen.has(key)) continue;
    seen.add(key);
    yield item;
  }
}

/** functools.reduce: without a seed, an empty collection is an error. */
export function aggregate(items: Iterable<unknown>, reducer: (a: unknown, b: unknown) => unknown, seed?: unknown): unknown {
  const iterator = items[Symbol.iterator]();
  let accumulator = seed;
  if (seed === undefined) {
    const first = iterator.next();
    if (first.done) throw new YaqlError('TypeError: reduce() of empty iterable with no initial value');
    accumulator = first.value;
  }
  for (let next = iterator.next(); !next.done; next = iterator.next()) accumulator = reducer(accumulator, next.value);
  return accumulator;
}

/** `orderBy(...)` result; `thenBy(...)` adds a tie-breaker to it. */
export class OrderedIterator extends YaqlIterator {
  constructor(
    readonly source: Iterable<unknown>,
    readonly order: ReadonlyArray<{ readonly selector: Lambda; readonly ascending: boolean }>,
  ) {
    super(() => {
      const keyed = toArray(source).map((item) => ({ item, keys: order.map((o) => o.selector(item)) }));
      keyed.sort((a, b) => compareKeys(a.keys, b.keys, order));
      return keyed.map((entry) => entry.item)[Symbol.iterator]();
    });
  }
}

function compareKeys(left: readonly unknown[], right: readonly unknown[], order: OrderedIterator['order']): number {
  for (let i = 0; i < order.length; i++) {
    const result = sortCompare(left[i], right[i]);
    if (result !== 0) return order[i]?.ascending ? result : -result;
  }
  return 0;
}

function orderBy(ascending: boolean) {
  return ([collection, selector]: unknown[]): OrderedIterator =>
    new OrderedIterator(iterableArg(collection, 'orderBy'), [{ selector: selector as Lambda, ascending }]);
}

function thenBy(ascending: boolean) {
  return ([collection, selector]: unknown[]): OrderedIterator => {
    if (!(collection instanceof OrderedIterator)) throw noMatchingFunction('thenBy');
    return new OrderedIterator(collection.source, [...collection.order, { selector: selector as Lambda, ascending }]);
  };
}

/** groupBy(keySelector, valueSelector, aggregator): `[[key, values or aggregate], …]`. */
function groupBy([collection, keySelector, valueSelector, aggregator]: unknown[]): YaqlIterator {
  const source = iterableArg(collection, 'groupBy');
  return lazy(function* groups() {
    const byKey = new Map<string, [unknown, unknown[]]>();
    for (const item of source) {
      const key = (keySelector as Lambda)(item);
      const value = valueSelector ? (valueSelector as Lambda)(item) : item;
      const hash = hashKey(key);
      const group = byKey.get(hash) ?? [key, []];
      group[1].push(value);
      byKey.set(hash, group);
    }
    for (const [key, values] of byKey.values()) yield [key, aggregator ? (aggregator as Lambda)(values) : values];
  });
}

function query(lambdas: readonly number[], call: (args: unknown[]) => unknown, params?: readonly string[]): Library[string] {
  return { call, lambdas, params: params ?? [] };
}

export const QUERY_FUNCTIONS: Library = {
  where: query([1], ([c, p]) => lazy(function* where() {
    for (const item of iterableArg(c, 'where')) if (truthy((p as Lambda)(item))) yield item;
  })),
  select: query([1], ([c, s]) => lazy(function* select() {
    for (const item of iterableArg(c, 'select')) yield (s as Lambda)(item);
  })),
  selectMany: query([1], ([c, s]) => lazy(function* selectMany() {
    for (const item of iterableArg(c, 'selectMany')) {
      const inner = (s as Lambda)(item);
      if (isIterable(inner)) yield* inner;
      else yield inner;
    }
  })),
  skip: fn(([c, n]) => lazy(function* skip() {
    let i = 0;
    for (const item of iterableArg(c, 'skip')) if (i++ >= intArg(n, 'skip')) yield item;
  })),
  take: fn(([c, n]) => lazy(function* take() {
    const count = intArg(n, 'take');
    let i = 0;
    for (const item of iterableArg(c, 'take')) {
      if (i++ >= count) return;
      yield item;
    }
  })),
  append: fn(([c, ...extra]) => lazy(function* append() {
    yield* iterableArg(c, 'append');
    yield* extra;
  })),
  distinct: query([1], ([c, key]) => lazy(() => distinctItems(iterableArg(c, 'distinct'), key as Lambda | undefined)), ['collection', 'keySelector']),
  enumerate: fn(([c, start]) => lazy(function* enumerate() {
    let i = isInteger(start) ? start : 0;
    for (const item of iterableArg(c, 'enumerate')) yield [i++, item];
  }), ['collection', 'start']),
  any: query([1], ([c, p]) => {
    for (const item of iterableArg(c, 'any')) if (p === undefined || truthy((p as Lambda)(item))) return true;
    return false;
  }),
  all: query([1], ([c, p]) => {
    for (const item of iterableArg(c, 'all')) if (!truthy(p === undefined ? item : (p as Lambda)(item))) return false;
    return true;
  }),
  first: fn(([c, fallback]) => {
    for (const item of iterableArg(c, 'first')) return item;
    if (fallback === undefined) throw new YaqlError('StopIteration');
    return fallback;
  }, ['collection', 'default']),
  last: fn(([c, fallback]) => {
    const items = toArray(iterableArg(c, 'last'));
    if (items.length > 0) return items[items.length - 1];
    if (fallback === undefined) throw new YaqlError('StopIteration');
    return fallback;
  }, ['collection', 'default']),
  single: fn(([c]) => {
    const items = toArray(iterableArg(c, 'single'));
    if (items.length !== 1) throw new YaqlError(items.length ? 'StopIteration: Collection contains more than one item' : 'StopIteration');
    return items[0];
  }),
  range: fn(([a, b, step]) => {
    const [start, stop] = b === undefined ? [0, intArg(a, 'range')] : [intArg(a, 'range'), intArg(b, 'range')];
    const increment = step === undefined ? 1 : intArg(step, 'range');
    if (increment === 0) throw new YaqlError('ValueError: range() arg 3 must not be zero');
    return lazy(function* range() {
      for (let i = start; increment > 0 ? i < stop : i > stop; i += increment) yield i;
    });
  }),
  sequence: fn(([start, step]) => lazy(function* sequence() {
    for (let i = isInteger(start) ? start : 0; ; i += isInteger(step) ? step : 1) yield i;
  }), ['start', 'step']),
  orderBy: query([1], orderBy(true)),
  orderByDescending: query([1], orderBy(false)),
  thenBy: query([1], thenBy(true)),
  thenByDescending: query([1], thenBy(false)),
  groupBy: query([1, 2, 3], groupBy, ['collection', 'keySelector', 'valueSelector', 'aggregator']),
  zip: fn((collections) => lazy(function* zip() {
    const arrays = collections.map((c) => toArray(iterableArg(c, 'zip')));
    const length = Math.min(...arrays.map((a) => a.length));
    for (let i = 0; i < length; i++) yield arrays.map((a) => a[i]);
  })),
  zipLongest: fn((collections) => lazy(function* zipLongest() {
    const arrays = collections.map((c) => toArray(iterableArg(c, 'zipLongest')));
    const length = Math.max(0, ...arrays.map((a) => a.length));
    for (let i = 0; i < length; i++) yield arrays.map((a) => (i < a.length ? a[i] : null));
  })),
  repeat: fn(([value, times]) => lazy(function* repeat() {
    const count = isInteger(times) ? times : -1;
    for (let i = 0; count < 0 || i < count; i++) yield value;
  }), ['value', 'times']),
  cycle: fn(([c]) => lazy(function* cycle() {
    const items = toArray(iterableArg(c, 'cycle'));
    while (items.length > 0) yield* items;
  })),
  takeWhile: query([1], ([c, p]) => lazy(function* takeWhile() {
    for (const item of iterableArg(c, 'takeWhile')) {
      if (!truthy((p as Lambda)(item))) return;
      yield item;
    }
  })),
  skipWhile: query([1], ([c, p]) => lazy(function* skipWhile() {
    let skipping = true;
    for (const item of iterableArg(c, 'skipWhile')) {
      if (skipping && truthy((p as Lambda)(item))) continue;
      skipping = false;
      yield item;
    }
  })),
  indexWhere: query([1], ([c, p]) => toArray(iterableArg(c, 'indexWhere')).findIndex((x) => truthy((p as Lambda)(x)))),
  lastIndexWhere: query([1], ([c, p]) => toArray(iterableArg(c, 'lastIndexWhere')).findLastIndex((x) => truthy((p as Lambda)(x)))),
  aggregate: query([1], ([c, s, seed]) => aggregate(iterableArg(c, 'aggregate'), s as Lambda, seed), ['collection', 'selector', 'seed']),
  accumulate: query([1], ([c, s, seed]) => lazy(function* accumulate() {
    let started = seed !== undefined;
    let total = seed;
    if (started) yield total;
    for (const item of iterableArg(c, 'accumulate')) {
      total = started ? (s as Lambda)(total, item) : item;
      started = true;
      yield total;
    }
  }), ['collection', 'selector', 'seed']),
  reverse: fn(([c]) => lazy(function* reverse() {
    yield* toArray(iterableArg(c, 'reverse')).slice().reverse();
  })),
  sum: fn(([c, initial]) => aggregate(iterableArg(c, 'sum'), (a, b) => applyBinary('+', a, b), initial), ['collection', 'initial']),
  isIterable: fn(([value]) => isIterable(value)),
  memorize: fn(([c]) => toArray(iterableArg(c, 'memorize')).slice()),
  defaultIfEmpty: fn(([c, fallback]) => (toArray(iterableArg(c, 'defaultIfEmpty')).length === 0 ? fallback : c)),
  slice: fn(([c, length]) => lazy(function* slice() {
    const items = toArray(iterableArg(c, 'slice'));
    const size = intArg(length, 'slice');
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  })),
  splitAt: fn(([c, index]) => {
    const items = toArray(iterableArg(c, 'splitAt'));
    return [items.slice(0, intArg(index, 'splitAt')), items.slice(intArg(index, 'splitAt'))];
  }),
  count: fn(([c]) => toArray(iterableArg(c, 'count')).length),
};

/** `coll.max()` / `coll.min()` aggregate with the pairwise functions. */
export function collectionExtreme(which: 'max' | 'min', collection: unknown, initial: unknown): unknown {
  return aggregate(iterableArg(collection, which), which === 'max' ? pairMax : pairMin, initial);
}

/** `indexOf`/`lastIndexOf` on a collection, by Python equality. */
export function collectionIndexOf(collection: unknown, item: unknown, last: boolean): number {
  const items = toArray(iterableArg(collection, last ? 'lastIndexOf' : 'indexOf'));
  return last ? items.findLastIndex((x) => pyEquals(x, item)) : items.findIndex((x) => pyEquals(x, item));
}

/** queries.join(collection1, collection2, predicate, selector). */
export function joinCollections([left, right, predicate, selector]: unknown[]): YaqlIterator {
  const outer = iterableArg(left, 'join');
  const inner = toArray(iterableArg(right, 'join'));
  return lazy(function* join() {
    for (const a of outer) for (const b of inner) if (truthy((predicate as Lambda)(a, b))) yield (selector as Lambda)(a, b);
  });
}
