/**
 * Python string formatting as templates use it: printf-style `'%s-%05.2f' % (a, b)` (also the
 * `format` filter) and `'{}:{:>4}'.format(a, b)`.
 */
import { pythonRepr, pythonStr } from '../python-format.js';
import { JinjaRuntimeError, typeError, valueError } from './errors.js';
import { defined, isDict, isNumeric, numberOf, typeName } from './values.js';

const PRINTF_SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

/** `format % values`: `values` is the argument list, or a dict for `%(name)s` fields. */
export function printfFormat(format: string, values: readonly unknown[] | Record<string, unknown>): string {
  let next = 0;
  const positional = Array.isArray(values) ? values : [values];
  const output = format.replace(PRINTF_SPEC, (whole, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string | undefined) => {
    if (conversion === undefined) throw valueError(`incomplete format`);
    if (conversion === '%') return '%';
    let value: unknown;
    if (key !== undefined) {
      if (!isDict(values)) throw typeError('format requires a mapping');
      if (!(key in values)) throw new JinjaRuntimeError('KeyError', pythonRepr(key));
      value = values[key];
    } else {
      if (next >= positional.length) throw typeError('not enough arguments for format string');
      value = positional[next++];
    }
    const body = convertPrintf(defined(value), conversion, flags, precision === undefined ? undefined : Number(precision));
    return pad(body, flags.includes('-') ? '<' : flags.includes('0') && conversion !== 's' && conversion !== 'r' ? '=' : '>', width === undefined ? 0 : Number(width), flags.includes('0') && !flags.includes('-') ? '0' : ' ');
  });
  if (Array.isArray(values) && next < values.length) {
    throw typeError('not all arguments converted during string formatting');
  }
  return output;
}

function convertPrintf(value: unknown, conversion: string, flags: string, precision: number | undefined): string {
  if (conversion === 's') return truncate(pythonStr(value), precision);
  if (conversion === 'r' || conversion === 'a') return truncate(pythonRepr(value), precision);
  if (conversion === 'c') return typeof value === 'string' ? value : String.fromCodePoint(requireNumber(value, conversion));
  const number = requireNumber(value, conversion);
  const sign = number < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const type = 'diu'.includes(conversion) ? 'd' : conversion;
  return sign + formatMagnitude(Math.abs(type === 'd' ? Math.trunc(number) : number), type, precision ?? 6, flags.includes('#'));
}

function truncate(text: string, precision: number | undefined): string {
  return precision === undefined ? text : text.slice(0, precision);
}

function requireNumber(value: unknown, conversion: string): number {
  if (isNumeric(value)) return numberOf(value);
  const kind = 'xXoc'.includes(conversion) ? 'an integer' : 'a real number';
  throw typeError(`%${conversion} format: ${kind} is required, not ${typeName(value)}`);
}

/** Digits of a non-negative number for a numeric presentation type. */
function formatMagnitude(value: number, type: string, precision: number, alternate: boolean): string {
  switch (type) {
    case 'd': case 'n': return Number.isFinite(value) ? BigInt(Math.trunc(value)).toString() : String(value);
    case 'x': return (alternate ? '0x' : '') + Math.trunc(value).toString(16);
    case 'X': return (alternate ? '0X' : '') + Math.trunc(value).toString(16).toUpperCase();
    case 'o': return (alternate ? '0o' : '') + Math.trunc(value).toString(8);
    case 'b': return (alternate ? '0b' : '') + Math.trunc(value).toString(2);
    case 'f': case 'F': return value.toFixed(precision);
    case '%': return `${(value * 100).toFixed(precision)}%`;
    case 'e': case 'E': return exponential(value, precision, type === 'E');
    case 'g': case 'G': return general(value, precision, alternate, type === 'G');
    default: throw valueError(`Unknown format code '${type}' for object of type 'float'`);
  }
}

/** Python's `e` format: the exponent has at least two digits. */
function exponential(value: number, precision: number, upper: boolean): string {
  const [mantissa, exponent = '0'] = value.toExponential(precision).split('e');
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  const text = `${mantissa}e${exponent.startsWith('-') ? '-' : '+'}${digits}`;
  return upper ? text.toUpperCase() : text;
}

/** Python's `g` format: fixed or exponent notation, trailing zeros removed. */
function general(value: number, precision: number, alternate: boolean, upper: boolean): string {
  const digits = precision === 0 ? 1 : precision;
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Number(value.toPrecision(digits))));
  const text = exponent >= -4 && exponent < digits
    ? value.toFixed(Math.max(digits - 1 - exponent, 0))
    : exponential(value, digits - 1, upper);
  if (alternate) return text;
  return text.replace(/(\.\d*?)0+(?=$|e|E)/, '$1').replace(/\.(?=$|e|E)/, '');
}

function pad(text: string, align: string, width: number, fill: string): string {
  if (text.length >= width) return text;
  const missing = width - text.length;
  if (align === '<') return text + fill.repeat(missing);
  if (align === '^') return fill.repeat(Math.floor(missing / 2)) + text + fill.repeat(Math.ceil(missing / 2));
  if (align === '=') {
    const sign = /^[-+ ]/.test(text) ? text[0]! : '';
    return sign + fill.repeat(missing) + text.slice(sign.length);
  }
  return fill.repeat(missing) + text;
}

const FORMAT_SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** Python's `format(value, spec)` for strings and numbers. */
export function formatWithSpec(value: unknown, spec: string): string {
  defined(value);
  if (spec === '') return pythonStr(value);
  const match = FORMAT_SPEC.exec(spec);
  if (!match) throw valueError(`Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  const [, fill, align, sign, alternate, zero, width, grouping, precision, type] = match;
  const numeric = isNumeric(value);
  let body: string;
  if (numeric && type !== 's') {
    const number = numberOf(value);
    const defaultType = Number.isInteger(number) && typeName(value) !== 'float' ? 'd' : 'g';
    const chosen = type ?? (precision === undefined ? defaultType : 'g');
    body = formatMagnitude(Math.abs(number), chosen, precision === undefined ? 6 : Number(precision), alternate !== undefined);
    if (type === undefined && defaultType === 'g') {
      // Without a type a float prints like `g`, but keeps a fractional digit: format(2.0, '.3') is '2.0'.
      body = precision === undefined ? pythonStr(Math.abs(number)) : body;
      if (/^\d+$/.test(body)) body += '.0';
    }
    if (grouping) body = groupThousands(body, grouping);
    body = (number < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') + body;
  } else {
    if (type !== undefined && type !== 's') throw valueError(`Unknown format code '${type}' for object of type '${typeName(value)}'`);
    body = truncate(pythonStr(value), precision === undefined ? undefined : Number(precision));
  }
  const defaultAlign = numeric ? '>' : '<';
  const useZero = zero !== undefined && align === undefined;
  return pad(body, useZero ? '=' : align ?? defaultAlign, Number(width ?? 0), useZero ? '0' : fill ?? ' ');
}

function groupThousands(body: string, separator: string): string {
  const [whole = '', fraction] = body.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `str.format(*args, **kwargs)` with `{}`, `{0}`, `{name.attr}`, `{0[key]}`, `!r` and specs. */
export function strFormat(
  format: string,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  lookup: (target: unknown, key: string | number) => unknown,
): string {
  let automatic = 0;
  return format.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (whole, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const [head = '', ...path] = (field ?? '').split(/(?=[.[])/);
    let value: unknown = head === '' ? args[automatic++] : /^\d+$/.test(head) ? args[Number(head)] : kwargs[head];
    if (value === undefined) throw new JinjaRuntimeError(head === '' || /^\d+$/.test(head) ? 'IndexError' : 'KeyError', head === '' || /^\d+$/.test(head) ? 'Replacement index out of range for positional args tuple' : pythonRepr(head));
    for (const part of path) {
      value = part.startsWith('.') ? lookup(value, part.slice(1)) : lookup(value, parseIndex(part.slice(1, -1)));
    }
    if (conversion === 'r' || conversion === 'a') value = pythonRepr(value);
    else if (conversion === 's') value = pythonStr(value);
    return formatWithSpec(value, spec ?? '');
  });
}

function parseIndex(text: string): string | number {
  return /^\d+$/.test(text) ? Number(text) : text;
}
