/** The registry of Jinja2 3.1's built-in filters, plus the number filters and `default`. */
import { isPythonFloat, PythonFloat } from '../python-values.js';
import { COLLECTION_FILTERS } from './collection-filters.js';
import { filterArgumentError, typeError } from './errors.js';
import { filter, type FilterFunction } from './filter-support.js';
import { STRING_FILTERS } from './string-filters.js';
import { defined, isNumeric, numberOf, pyNumber, toInteger, truthy, typeName, Undefined } from './values.js';

export type { FilterFunction };

function defaultValue(value: unknown, fallback: unknown, boolean: unknown): unknown {
  return value instanceof Undefined || (truthy(boolean) && !truthy(value)) ? fallback : value;
}

function absolute(value: unknown): unknown {
  defined(value);
  if (!isNumeric(value)) throw typeError(`bad operand type for abs(): '${typeName(value)}'`);
  return pyNumber(Math.abs(numberOf(value)), isPythonFloat(value));
}

/** Python's int(text, base): optional sign, underscores between digits, base prefixes. */
function parseIntText(text: string, base: number): number | undefined {
  const match = /^\s*([+-]?)(0[xob])?([\da-z]+(?:_[\da-z]+)*)\s*$/i.exec(text);
  if (!match) return undefined;
  const [, sign, prefix, digits = ''] = match;
  const prefixBase = prefix ? { x: 16, o: 8, b: 2 }[prefix[1]!.toLowerCase() as 'x' | 'o' | 'b'] : undefined;
  if (prefixBase !== undefined && prefixBase !== base) return undefined;
  const clean = digits.replace(/_/g, '');
  const valid = [...clean.toLowerCase()].every((digit) => parseInt(digit, 36) < base);
  if (!valid) return undefined;
  const parsed = parseInt(clean, base);
  return sign === '-' ? -parsed : parsed;
}

/** Python's float(text): decimal or exponent notation, `inf`, `nan`, underscores. */
export function parseFloatText(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(trimmed)) return NaN;
  if (!/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?(e[+-]?\d(_?\d)*)?$/.test(trimmed) || !/\d/.test(trimmed)) return undefined;
  return Number(trimmed.replace(/_/g, ''));
}

function toInt(value: unknown, fallback: unknown, base: unknown): unknown {
  if (typeof value === 'string') {
    const parsed = parseIntText(value, toInteger(base));
    if (parsed !== undefined) return parsed;
    const asFloat = parseFloatText(value);
    return asFloat !== undefined && Number.isFinite(asFloat) ? Math.trunc(asFloat) : fallback;
  }
  if (isNumeric(value)) {
    const number = numberOf(value);
    return Number.isFinite(number) ? Math.trunc(number) : fallback;
  }
  return fallback;
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (typeof value === 'string') {
    const parsed = parseFloatText(value);
    return parsed === undefined ? fallback : pyNumber(parsed, true);
  }
  return isNumeric(value) ? pyNumber(numberOf(value), true) : fallback;
}

/** Python's round(): ties go to the even neighbour. */
function roundHalfEven(value: number, precision: number): number {
  const factor = 10 ** precision;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const difference = scaled - floor;
  const rounded = difference > 0.5 || (difference === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return rounded / factor;
}

function round(value: unknown, precision: unknown, method: unknown): unknown {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw filterArgumentError('method must be common, ceil or floor');
  }
  defined(value);
  if (!isNumeric(value)) throw typeError(`type ${typeName(value)} doesn't define __round__ method`);
  const digits = toInteger(precision);
  const number = numberOf(value);
  if (method === 'common') return pyNumber(roundHalfEven(number, digits), isPythonFloat(value));
  const rounder = method === 'ceil' ? Math.ceil : Math.floor;
  return pyNumber(rounder(number * 10 ** digits) / 10 ** digits, true);
}

const NUMBER_FILTERS: Record<string, FilterFunction> = {
  abs: filter('abs', [], absolute),
  int: filter('int', [['default', 0], ['base', 10]], toInt),
  float: filter('float', [['default', new PythonFloat(0)]], toFloat),
  round: filter('round', [['precision', 0], ['method', 'common']], round),
};

const defaultFilter = filter('default', [['default_value', ''], ['boolean', false]], defaultValue);

export const FILTERS: Readonly<Record<string, FilterFunction>> = {
  ...COLLECTION_FILTERS,
  ...STRING_FILTERS,
  ...NUMBER_FILTERS,
  default: defaultFilter,
  d: defaultFilter,
};
