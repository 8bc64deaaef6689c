/**
 * Mistral's pure expression functions (mistral/expressions/std_functions.py) that YAQL and Jinja
 * both expose. The engine adds the ones that read the execution (task, env, execution…).
 */
import { randomUUID } from 'node:crypto';
import yaml from 'js-yaml';
import type { ExpressionFunction } from './types.js';
import { formatFloat } from './python-format.js';
import { PythonFloat, PythonSet } from './python-values.js';

/** `json.dumps(value, indent=4)` as Python writes it: ASCII-only, `3.0` floats, `NaN`. */
export function pythonJsonDump(value: unknown, indent = 4, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return jsonNumber(value, Number.isInteger(value));
  if (value instanceof PythonFloat) return jsonNumber(value.value, false);
  if (typeof value === 'string') return asciiJson(value);
  if (value instanceof Date) return asciiJson(value.toISOString());
  const pad = (level: number): string => `\n${' '.repeat(indent * level)}`;
  if (Array.isArray(value) || value instanceof PythonSet || isIterableObject(value)) {
    const items = [...(value as Iterable<unknown>)];
    if (items.length === 0) return '[]';
    return `[${items.map((item) => pad(depth + 1) + pythonJsonDump(item, indent, depth + 1)).join(',')}${pad(depth)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, v]) => `${pad(depth + 1)}${asciiJson(k)}: ${pythonJsonDump(v, indent, depth + 1)}`);
  return `{${body.join(',')}${pad(depth)}}`;
}

function isIterableObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}

function jsonNumber(n: number, integer: boolean): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return integer ? String(n) : formatFloat(n);
}

/** Python's json module escapes every non-ASCII character (`ensure_ascii=True`). */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Plain data for js-yaml: floats unboxed, sets and iterators as lists. */
function plainData(value: unknown): unknown {
  if (value instanceof PythonFloat) return value.value;
  if (Array.isArray(value) || value instanceof PythonSet) return [...value].map(plainData);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    if (isIterableObject(value)) return [...(value as Iterable<unknown>)].map(plainData);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainData(v)]));
  }
  return value;
}

/** PyYAML `safe_dump(value, default_flow_style=False)`: block style, sorted keys, `...` after a scalar. */
export function pythonYamlDump(value: unknown): string {
  const data = plainData(value);
  const text = yaml.dump(data, { sortKeys: true, noArrayIndent: true, flowLevel: -1, lineWidth: 80 });
  const isScalar = data === null || data === undefined || typeof data !== 'object' || data instanceof Date;
  return isScalar ? `${text}...\n` : text;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') throw new TypeError(`the JSON object must be str, not ${typeof text}`);
  return JSON.parse(text);
}

function parseYaml(text: unknown): unknown {
  if (typeof text !== 'string') throw new TypeError(`expected a YAML string, not ${typeof text}`);
  return yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? null;
}

export const MISTRAL_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  json_parse: (text: unknown) => parseJson(text),
  json_dump: (value: unknown) => pythonJsonDump(value),
  yaml_parse: (text: unknown) => parseYaml(text),
  yaml_dump: (value: unknown) => pythonYamlDump(value),
  uuid: () => randomUUID(),
});
