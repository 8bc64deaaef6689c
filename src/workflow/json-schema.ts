/**
 * The subset of JSON Schema (draft 2020-12 semantics) that Mistral's DSL schemas use, validated
 * the way python-jsonschema does: same error messages, same choice of the one error reported
 * (`jsonschema.validate` raises `best_match(iter_errors(...))`). Mistral surfaces that message
 * verbatim as "Invalid DSL: <message>", so users who know Mistral recognize it.
 */
import { pythonRepr } from '../expressions/python-format.js';

export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly items?: Schema;
  readonly minimum?: number;
  readonly pattern?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly patternProperties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly required?: readonly string[];
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly not?: Schema;
}

export interface SchemaError {
  readonly message: string;
  /** Keyword that failed (`type`, `oneOf`, …). */
  readonly keyword: string;
  /** Instance path relative to the validated value. */
  readonly path: readonly (string | number)[];
  /** For oneOf/anyOf: the errors of every alternative. */
  readonly context: readonly SchemaError[];
  /** Whether the failing schema declares a type the instance has (jsonschema's _matches_type). */
  readonly matchesType: boolean;
}

const regexCache = new Map<string, RegExp>();

/**
 * Translates one of Mistral's Python patterns to JavaScript: Unicode `\w` (also inside
 * character classes), literal braces escaped for Unicode mode, and `$` also matching before a
 * final newline as Python's `$` does.
 */
function toJsPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (next === 'w') out += inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]';
      else out += `\\${next}`;
    } else if (ch === '[' && !inClass) {
      inClass = true;
      out += ch;
    } else if (ch === ']' && inClass) {
      inClass = false;
      out += ch;
    } else if ((ch === '{' || ch === '}') && !inClass) {
      out += `\\${ch}`;
    } else if (ch === '$' && !inClass) {
      out += '(?=\\n?$)';
    } else {
      out += ch;
    }
  }
  return out;
}

/** Python `re.search` of one of Mistral's schema patterns. */
export function pythonSearch(pattern: string, text: string): boolean {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(toJsPattern(pattern), 'u');
    regexCache.set(pattern, re);
  }
  return re.test(text);
}

export function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null || value === undefined;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    default:
      return false;
  }
}

/** Python equality for uniqueItems/enum (1 == 1.0, True == 1 are edge cases ignored here). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isType(a, 'object') && isType(b, 'object')) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => k in (b as object) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

type Emit = (keyword: string, message: string, extra?: { path?: (string | number)[]; context?: SchemaError[] }) => void;

/** Every error of `value` against `schema`, in python-jsonschema's keyword order. */
export function iterErrors(value: unknown, schema: Schema): SchemaError[] {
  const errors: SchemaError[] = [];
  const matchesType = schema.type !== undefined && isType(value, schema.type);
  const emit: Emit = (keyword, message, extra = {}) =>
    errors.push({ keyword, message, path: extra.path ?? [], context: extra.context ?? [], matchesType });
  const descend = (child: unknown, sub: Schema, key: string | number): void => {
    for (const e of iterErrors(child, sub)) errors.push({ ...e, path: [key, ...e.path] });
  };
  for (const keyword of Object.keys(schema)) checkKeyword(keyword, value, schema, emit, descend);
  return errors;
}

function checkKeyword(
  keyword: string,
  value: unknown,
  schema: Schema,
  emit: Emit,
  descend: (child: unknown, sub: Schema, key: string | number) => void,
): void {
  const repr = () => pythonRepr(value);
  const obj = value as Record<string, unknown>;
  switch (keyword) {
    case 'type':
      if (!isType(value, schema.type!)) emit('type', `${repr()} is not of type '${schema.type}'`);
      return;
    case 'enum':
      if (!schema.enum!.some((e) => deepEqual(e, value))) emit('enum', `${repr()} is not one of ${pythonRepr(schema.enum)}`);
      return;
    case 'minLength':
      if (typeof value === 'string' && [...value].length < schema.minLength!) emit(keyword, `${repr()} ${schema.minLength === 1 ? 'should be non-empty' : 'is too short'}`);
      return;
    case 'minItems':
      if (Array.isArray(value) && value.length < schema.minItems!) emit(keyword, `${repr()} ${schema.minItems === 1 ? 'should be non-empty' : 'is too short'}`);
      return;
    case 'uniqueItems':
      if (schema.uniqueItems && Array.isArray(value) && value.some((v, i) => value.slice(i + 1).some((w) => deepEqual(v, w))))
        emit(keyword, `${repr()} has non-unique elements`);
      return;
    case 'items':
      if (Array.isArray(value)) value.forEach((item, i) => descend(item, schema.items!, i));
      return;
    case 'minimum':
      if (typeof value === 'number' && value < schema.minimum!) emit(keyword, `${repr()} is less than the minimum of ${schema.minimum}`);
      return;
    case 'pattern':
      if (typeof value === 'string' && !pythonSearch(schema.pattern!, value)) emit(keyword, `${repr()} does not match ${pythonRepr(schema.pattern)}`);
      return;
    case 'minProperties':
      if (isType(value, 'object') && Object.keys(obj).length < schema.minProperties!)
        emit(keyword, `${repr()} ${schema.minProperties === 1 ? 'should be non-empty' : 'does not have enough properties'}`);
      return;
    case 'maxProperties':
      if (isType(value, 'object') && Object.keys(obj).length > schema.maxProperties!)
        emit(keyword, `${repr()} ${schema.maxProperties === 0 ? 'is expected to be empty' : 'has too many properties'}`);
      return;
    case 'required':
      if (isType(value, 'object')) for (const name of schema.required!) if (!(name in obj)) emit(keyword, `${pythonRepr(name)} is a required property`);
      return;
    case 'properties':
      if (isType(value, 'object'))
        for (const [name, sub] of Object.entries(schema.properties!)) if (name in obj) descend(obj[name], sub, name);
      return;
    case 'patternProperties':
      if (isType(value, 'object'))
        for (const [pattern, sub] of Object.entries(schema.patternProperties!))
          for (const [k, v] of Object.entries(obj)) if (pythonSearch(pattern, k)) descend(v, sub, k);
      return;
    case 'additionalProperties':
      checkAdditional(value, schema, emit, descend);
      return;
    case 'oneOf':
    case 'anyOf':
      checkAlternatives(keyword, value, schema[keyword]!, emit);
      return;
    case 'not':
      if (iterErrors(value, schema.not!).length === 0) emit(keyword, `${repr()} should not be valid under ${pythonRepr(schema.not)}`);
      return;
  }
}

function checkAdditional(value: unknown, schema: Schema, emit: Emit, descend: (c: unknown, s: Schema, k: string) => void): void {
  if (!isType(value, 'object')) return;
  const patterns = Object.keys(schema.patternProperties ?? {});
  const extras = Object.keys(value as object).filter(
    (k) => !(schema.properties && k in schema.properties) && !patterns.some((p) => pythonSearch(p, k)),
  );
  const additional = schema.additionalProperties;
  if (typeof additional === 'object') {
    for (const k of extras) descend((value as Record<string, unknown>)[k], additional, k);
  } else if (additional === false && extras.length > 0) {
    if (patterns.length > 0) {
      const verb = extras.length === 1 ? 'does' : 'do';
      const names = [...extras].sort().map((e) => pythonRepr(e)).join(', ');
      emit('additionalProperties', `${names} ${verb} not match any of the regexes: ${[...patterns].sort().map((p) => pythonRepr(p)).join(', ')}`);
    } else {
      const verb = extras.length === 1 ? 'was' : 'were';
      emit('additionalProperties', `Additional properties are not allowed (${extras.map((e) => pythonRepr(e)).join(', ')} ${verb} unexpected)`);
    }
  }
}

function checkAlternatives(keyword: 'oneOf' | 'anyOf', value: unknown, alternatives: readonly Schema[], emit: Emit): void {
  const context: SchemaError[] = [];
  const valid: Schema[] = [];
  for (const alt of alternatives) {
    const errs = iterErrors(value, alt);
    if (errs.length === 0) valid.push(alt);
    else context.push(...errs);
    if (keyword === 'anyOf' && valid.length > 0) return;
  }
  if (valid.length === 0) emit(keyword, `${pythonRepr(value)} is not valid under any of the given schemas`, { context });
  else if (keyword === 'oneOf' && valid.length > 1) emit(keyword, `${pythonRepr(value)} is valid under each of ${valid.map((s) => pythonRepr(s)).join(', ')}`);
}

// ---- best_match --------------------------------------------------------------------------------

type Key = [number, readonly (string | number)[], boolean, boolean];

function relevance(e: SchemaError): Key {
  return [-e.path.length, e.path, e.keyword !== 'oneOf' && e.keyword !== 'anyOf', !e.matchesType];
}

function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function compareKeys(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  const p = comparePaths(a[1], b[1]);
  if (p !== 0) return p;
  if (a[2] !== b[2]) return a[2] ? 1 : -1;
  if (a[3] !== b[3]) return a[3] ? 1 : -1;
  return 0;
}

/** jsonschema.exceptions.best_match: the most relevant error, descending into oneOf/anyOf. */
export function bestMatch(errors: readonly SchemaError[]): SchemaError | undefined {
  let best: SchemaError | undefined;
  for (const e of errors) if (!best || compareKeys(relevance(e), relevance(best)) > 0) best = e;
  while (best && best.context.length > 0) {
    const sorted = [...best.context].sort((a, b) => compareKeys(relevance(a), relevance(b)));
    if (sorted.length >= 2 && compareKeys(relevance(sorted[0]!), relevance(sorted[1]!)) === 0) return best;
    best = sorted[0];
  }
  return best;
}

/** The message python-jsonschema's `validate` would raise, or undefined when valid. */
export function validateSchema(value: unknown, schema: Schema): SchemaError | undefined {
  return bestMatch(iterErrors(value, schema));
}
