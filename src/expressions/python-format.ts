/**
 * Python's `str()` and `repr()` for the values expressions produce. Mistral substitutes embedded
 * expression results with Python `str()`, so `x=<% true %>` must read `x=True`, not `x=true`.
 */
import { PythonFloat, PythonSet } from './python-values.js';

export interface PythonFormatOptions {
  /** Print arrays as tuples `(1, 'a')`, as yaql's `str()` does for its (tuple) sequences. */
  readonly arraysAsTuples?: boolean;
}

/** Python `str(value)`: strings print bare, everything else as its `repr`. */
export function pythonStr(value: unknown, options: PythonFormatOptions = {}): string {
  return typeof value === 'string' ? value : pythonRepr(value, options);
}

/** Python `repr(value)`: quoted strings, `True`/`None`, `[1, 'a']`, `{'k': 'v'}`, `3.0`. */
export function pythonRepr(value: unknown, options: PythonFormatOptions = {}): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string':
      return reprString(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return Number.isInteger(value) ? formatInteger(value) : formatFloat(value);
    case 'bigint':
      return value.toString();
    default:
      return reprObject(value as object, options);
  }
}

function reprObject(value: object, options: PythonFormatOptions): string {
  if (value instanceof PythonFloat) return formatFloat(value.value);
  if (Array.isArray(value)) return reprSequence(value, options);
  if (value instanceof PythonSet || value instanceof Set) {
    const items = [...value];
    return items.length === 0 ? 'set()' : `{${items.map((v) => pythonRepr(v, options)).join(', ')}}`;
  }
  if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => `${pythonRepr(k, options)}: ${pythonRepr(v, options)}`);
    return `{${entries.join(', ')}}`;
  }
  if (value instanceof Date) return formatDate(value);
  const entries = Object.entries(value).map(([k, v]) => `${reprString(k)}: ${pythonRepr(v, options)}`);
  return `{${entries.join(', ')}}`;
}

function reprSequence(items: readonly unknown[], options: PythonFormatOptions): string {
  const inner = items.map((v) => pythonRepr(v, options)).join(', ');
  if (!options.arraysAsTuples) return `[${inner}]`;
  return items.length === 1 ? `(${inner},)` : `(${inner})`;
}

/** Integers beyond 1e21 would print in exponent form in JavaScript; Python prints every digit. */
function formatInteger(n: number): string {
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/** Python float repr: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Python prints a naive datetime as `2024-01-02 03:04:05.123000`; dates here are UTC. */
function formatDate(d: Date): string {
  const iso = d.toISOString();
  const micros = d.getUTCMilliseconds() === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${micros}`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python picks single quotes unless the text has a `'` and no `"`, and escapes non-printables. */
function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (ch === quote) out += `\\${ch}`;
    else out += isPrintable(ch) ? ch : escapeCodePoint(ch.codePointAt(0) ?? 0);
  }
  return out + quote;
}

function isPrintable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0x2028 && code !== 0x2029;
}

function escapeCodePoint(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
