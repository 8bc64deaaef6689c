/**
 * Python's `json.dumps` output format, which the `tojson` filter produces with Jinja2's default
 * policy (`sort_keys=True`): `", "`/`": "` separators, `\uXXXX` for non-ASCII, `2.0` for floats.
 */
import { formatFloat } from '../python-format.js';
import { PythonFloat, PythonSet } from '../python-values.js';
import { typeError } from './errors.js';
import { defined, isDict, typeName } from './values.js';

export interface JsonDumpOptions {
  readonly sortKeys: boolean;
  readonly indent?: number | string;
}

export function pythonJsonDumps(value: unknown, options: JsonDumpOptions): string {
  const indent = typeof options.indent === 'number' ? ' '.repeat(options.indent) : options.indent;
  return dump(value, options.sortKeys, indent, '');
}

function dump(value: unknown, sortKeys: boolean, indent: string | undefined, currentIndent: string): string {
  defined(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return jsonNumber(value, false);
  if (value instanceof PythonFloat) return jsonNumber(value.value, true);
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) return dumpContainer(value.map((item) => [undefined, item] as const), '[', ']', sortKeys, indent, currentIndent);
  if (isDict(value)) {
    const keys = Object.keys(value);
    if (sortKeys) keys.sort();
    return dumpContainer(keys.map((key) => [key, value[key]] as const), '{', '}', sortKeys, indent, currentIndent);
  }
  if (value instanceof PythonSet) throw typeError('Object of type set is not JSON serializable');
  throw typeError(`Object of type ${typeName(value)} is not JSON serializable`);
}

function dumpContainer(
  entries: ReadonlyArray<readonly [string | undefined, unknown]>,
  open: string,
  close: string,
  sortKeys: boolean,
  indent: string | undefined,
  currentIndent: string,
): string {
  if (entries.length === 0) return open + close;
  const innerIndent = indent === undefined ? '' : currentIndent + indent;
  const parts = entries.map(([key, item]) => {
    const rendered = dump(item, sortKeys, indent, innerIndent);
    return key === undefined ? rendered : `${jsonString(key)}: ${rendered}`;
  });
  if (indent === undefined) return open + parts.join(', ') + close;
  return `${open}\n${innerIndent}${parts.join(`,\n${innerIndent}`)}\n${currentIndent}${close}`;
}

function jsonNumber(value: number, isFloat: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return isFloat || !Number.isInteger(value) ? formatFloat(value) : String(value);
}

/** JSON string with ensure_ascii: every non-ASCII UTF-16 unit becomes `\uXXXX`. */
function jsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i]!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
