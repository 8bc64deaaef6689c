/** Shared pieces of the filters: argument binding, attribute getters and Python sorting. */
import { bindArguments, type Parameter } from './callables.js';
import { getItem } from './attributes.js';
import type { TemplateEnvironment } from './tests.js';
import { type Kwargs, pyCompare, Undefined } from './values.js';

export type FilterFunction = (value: unknown, args: readonly unknown[], kwargs: Kwargs, environment: TemplateEnvironment) => unknown;

/** A filter with named parameters after the filtered value, bound like Python binds them. */
export function filter(
  name: string,
  parameters: readonly Parameter[],
  implementation: (value: unknown, ...args: unknown[]) => unknown,
): FilterFunction {
  return (value, args, kwargs) => implementation(value, ...bindArguments(`do_${name}`, args, kwargs, parameters));
}

/** Sorting and grouping ignore case unless asked not to. */
export function ignoreCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** `'a.b.0'` → `['a', 'b', 0]`: dotted paths with integer parts, as Jinja2 splits them. */
function attributeParts(attribute: unknown): unknown[] {
  if (attribute === null || attribute === undefined) return [];
  if (typeof attribute === 'string') return attribute.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return [attribute];
}

/** Jinja2's make_attrgetter: follows the path; `fallback` replaces undefined steps. */
export function attributeGetter(
  attribute: unknown,
  postprocess?: (value: unknown) => unknown,
  fallback: unknown = null,
): (item: unknown) => unknown {
  const parts = attributeParts(attribute);
  return (item) => {
    let value = item;
    for (const part of parts) {
      value = getItem(value, part);
      if (fallback !== null && value instanceof Undefined) value = fallback;
    }
    return postprocess ? postprocess(value) : value;
  };
}

/** Jinja2's make_multi_attrgetter: `'a,b'` yields `[item.a, item.b]` as the sort key. */
export function multiAttributeGetter(attribute: unknown, postprocess?: (value: unknown) => unknown): (item: unknown) => unknown {
  const getters = (typeof attribute === 'string' ? attribute.split(',') : [attribute]).map((part) => attributeGetter(part, postprocess));
  return (item) => getters.map((getter) => getter(item));
}

/** Python's stable `sorted(items, key=key, reverse=reverse)`. */
export function sortBy<T>(items: readonly T[], key: (item: T) => unknown, reverse: boolean): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((left, right) => pyCompare(left.key, right.key, '<') * (reverse ? -1 : 1));
  return keyed.map(({ item }) => item);
}

