/** yaql's system functions: let/with/unpack feed `->`, assert checks a condition. */
import type { Lambda, Library } from './library.js';
import { fn } from './library.js';
import { YaqlContextValue, YaqlError, isIterable, toArray, toKey, truthy } from './values.js';

function positional(args: readonly unknown[]): Map<string, unknown> {
  return new Map(args.map((value, i) => [String(i + 1), value]));
}

export const SYSTEM_FUNCTIONS: Library = {
  /** `let(1, a => 2) -> $1 + $a`. */
  let: {
    rules: 'values',
    call: (args, site) => {
      const variables = positional(args);
      for (const rule of site.rules) variables.set(toKey(rule.key), rule.value);
      return new YaqlContextValue(variables);
    },
  },
  with: fn((args) => new YaqlContextValue(positional(args))),
  /** `[1, 2].unpack(a, b) -> $a + $b`; without names the items become `$1`, `$2`… */
  unpack: fn(([sequence, ...names]) => {
    if (!isIterable(sequence)) throw new YaqlError('No method "unpack" matches supplied arguments');
    const items = toArray(sequence);
    if (names.length === 0) return new YaqlContextValue(positional(items));
    if (names.length !== items.length) throw new YaqlError(`ValueError: Cannot unpack ${items.length} elements into ${names.length}`);
    return new YaqlContextValue(new Map(names.map((name, i) => [toKey(name), items[i]])));
  }),
  assert: {
    params: ['obj', 'condition', 'message'],
    lambdas: [1],
    call: ([value, condition, message]) => {
      if (!truthy((condition as Lambda)(value))) throw new YaqlError(`AssertionError: ${typeof message === 'string' ? message : 'Assertion failed'}`);
      return value;
    },
  },
};
