/** yaql's math, boolean and branching functions (math.py, boolean.py, branching.py). */
import { isPythonFloat, toPythonFloat } from '../python-values.js';
import type { Lambda, Library, MappingRule } from './library.js';
import { fn } from './library.js';
import { YaqlError, compareValues, isInteger, isNumber, noMatchingFunction, numberOf, truthy } from './values.js';

function toInt(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isNumber(value)) return Math.trunc(numberOf(value));
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replaceAll('_', ''));
  throw new YaqlError(`ValueError: invalid literal for int() with base 10: ${JSON.stringify(value)}`);
}

function toFloat(value: unknown): unknown {
  if (value === null || value === undefined) return toPythonFloat(0);
  if (typeof value === 'boolean') return toPythonFloat(value ? 1 : 0);
  if (isNumber(value)) return toPythonFloat(numberOf(value));
  if (typeof value === 'string') {
    const trimmed = value.trim().toLowerCase();
    const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN, infinity: Infinity };
    if (trimmed in special) return special[trimmed];
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(trimmed)) return toPythonFloat(Number(trimmed));
  }
  throw new YaqlError(`ValueError: could not convert string to float: ${JSON.stringify(value)}`);
}

/** Python's round(): half to even, an int for ints, a float when the input is a float. */
function round(value: unknown, digits: unknown): unknown {
  if (!isNumber(value)) throw noMatchingFunction('round');
  const ndigits = isInteger(digits) ? digits : 0;
  const scale = 10 ** ndigits;
  const scaled = Number((numberOf(value) * scale).toPrecision(15));
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  const result = rounded / scale;
  return isPythonFloat(value) ? toPythonFloat(result) : result;
}

function numeric(name: string, value: unknown): number {
  if (!isNumber(value)) throw noMatchingFunction(name);
  return numberOf(value);
}

/** `max(a, b)` / `min(a, b)` through yaql's `>` operator (null-aware). */
export function pairMax(a: unknown, b: unknown): unknown {
  return compareValues('>', b, a) ? b : a;
}

export function pairMin(a: unknown, b: unknown): unknown {
  return compareValues('>', a, b) ? b : a;
}

function pow(a: unknown, b: unknown, modulo: unknown): unknown {
  const base = numeric('pow', a);
  const exponent = numeric('pow', b);
  const result = isNumber(modulo) ? (base ** exponent) % numberOf(modulo) : base ** exponent;
  const float = isPythonFloat(a) || isPythonFloat(b) || (isInteger(exponent) && exponent < 0);
  return float ? toPythonFloat(result) : result;
}

export const MATH_FUNCTIONS: Library = {
  int: fn(([value]) => toInt(value)),
  float: fn(([value]) => toFloat(value)),
  abs: fn(([value]) => (isPythonFloat(value) ? toPythonFloat(Math.abs(numeric('abs', value))) : Math.abs(numeric('abs', value)))),
  round: fn(([value, digits]) => round(value, digits), ['number', 'ndigits']),
  sign: fn(([value]) => Math.sign(numeric('sign', value))),
  pow: fn(([a, b, c]) => pow(a, b, c)),
  random: fn(([from, to]) => {
    if (from === undefined) return Math.random();
    const low = numeric('random', from);
    return low + Math.floor(Math.random() * (numeric('random', to) - low + 1));
  }),
  isInteger: fn(([value]) => isInteger(value)),
  isNumber: fn(([value]) => isNumber(value)),
  bool: fn(([value]) => truthy(value)),
  isBoolean: fn(([value]) => typeof value === 'boolean'),
  bitwiseAnd: fn(([a, b]) => numeric('bitwiseAnd', a) & numeric('bitwiseAnd', b)),
  bitwiseOr: fn(([a, b]) => numeric('bitwiseOr', a) | numeric('bitwiseOr', b)),
  bitwiseXor: fn(([a, b]) => numeric('bitwiseXor', a) ^ numeric('bitwiseXor', b)),
  bitwiseNot: fn(([a]) => ~numeric('bitwiseNot', a)),
  shiftBitsLeft: fn(([a, b]) => numeric('shiftBitsLeft', a) * 2 ** numeric('shiftBitsLeft', b)),
  shiftBitsRight: fn(([a, b]) => Math.floor(numeric('shiftBitsRight', a) / 2 ** numeric('shiftBitsRight', b))),
  /** `switch(cond => value, ...)`: the value of the first truthy condition, else null. */
  switch: {
    rules: 'lambdas',
    call: (_args, site) => {
      for (const rule of site.rules as readonly MappingRule[]) {
        if (truthy((rule.key as Lambda)())) return (rule.value as Lambda)();
      }
      return null;
    },
  },
  coalesce: fn((args) => args.find((value) => value !== null && value !== undefined) ?? null),
};
