/**
 * A resource type's JSON Schema properties as HOT parameters, so that the Heat API refuses a bad
 * property (HTTP 400 naming it) before any workflow runs.
 *
 * Types: string → string; integer/number → number (integers also get `modulo` step 1);
 * boolean → boolean; an array of strings → comma_delimited_list; other arrays and objects → json.
 * Constraints: minLength/maxLength, minItems/maxItems, minProperties/maxProperties → `length`;
 * minimum/maximum (and exclusive bounds of integers) → `range`; multipleOf of integers → `modulo`;
 * enum/const → `allowed_values`; pattern and format ipv4/uuid → `allowed_pattern`. What HOT cannot
 * say is still checked by stackhook when the workflow is asked to run.
 *
 * Heat makes every parameter without a default a required property, so an optional property
 * with no default gets an "absent" default ('' , [] or {}) and the template leaves it out of the
 * workflow input while it has that value. Numbers and booleans have no such value, so optional
 * ones without a default become string parameters (stackhook coerces "300" to 300).
 */

export type HotType = 'string' | 'number' | 'json' | 'boolean' | 'comma_delimited_list';

export type HotConstraint =
  | { length: { min?: number; max?: number } }
  | { range: { min?: number; max?: number } }
  | { modulo: { step: number; offset: number } }
  | { allowed_values: unknown[] }
  | { allowed_pattern: string; description?: string };

export interface HotParameter {
  type: HotType;
  label?: string;
  description?: string;
  default?: unknown;
  hidden?: boolean;
  constraints?: HotConstraint[];
}

/** A parameter, and the value that means "not given" when the property is optional. */
export interface PlannedParameter {
  name: string;
  parameter: HotParameter;
  absentValue?: unknown;
}

type Schema = Record<string, unknown>;

const IPV4 = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}';
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const NUMBER_TEXT = '-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?';

/** One parameter per property of an object schema, in the schema's order. */
export function planParameters(propertiesSchema: Schema, secret: ReadonlySet<string>): PlannedParameter[] {
  const properties = (propertiesSchema.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((propertiesSchema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, schema]) => planParameter(name, schema ?? {}, {
    required: required.has(name), secret: secret.has(name) || schema?.writeOnly === true,
  }));
}

export function planParameter(name: string, schema: Schema, options: { required: boolean; secret: boolean }): PlannedParameter {
  const type = hotTypeOf(schema);
  const hasDefault = schema.default !== undefined;
  const optional = !options.required && !hasDefault;
  const parameter: HotParameter = { type };
  if (typeof schema.title === 'string') parameter.label = schema.title;
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  if (description) parameter.description = description;
  if (options.secret) parameter.hidden = true;
  if (hasDefault) parameter.default = schema.default;
  let constraints = constraintsOf(type, schema);
  let absentValue: unknown;
  if (optional) {
    if (type === 'number' || type === 'boolean') {
      parameter.type = 'string';
      constraints = type === 'number'
        ? [{ allowed_pattern: `(?:${NUMBER_TEXT})?`, description: 'must be a number' }, ...enumAsText(schema)]
        : [{ allowed_values: ['', 'true', 'false', 'True', 'False'] }];
      parameter.description = [description, `A ${type === 'number' ? 'number' : 'boolean'}; leave it out when not needed.`].filter(Boolean).join(' ');
    } else {
      constraints = constraints.flatMap(allowEmpty);
    }
    absentValue = type === 'comma_delimited_list' ? [] : type === 'json' ? (schemaTypes(schema).includes('array') ? [] : {}) : '';
    parameter.default = absentValue;
  }
  if (constraints.length) parameter.constraints = constraints;
  return optional ? { name, parameter, absentValue } : { name, parameter };
}

export function hotTypeOf(schema: Schema): HotType {
  const types = schemaTypes(schema);
  if (types.length !== 1) return 'json';
  switch (types[0]) {
    case 'string': return 'string';
    case 'integer': case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'array': return schemaTypes((schema.items as Schema | undefined) ?? {}).join() === 'string' ? 'comma_delimited_list' : 'json';
    default: return 'json';
  }
}

/** The schema's types without `null`; inferred from `enum`/`const` when `type` is absent. */
function schemaTypes(schema: Schema): string[] {
  const declared = schema.type;
  if (typeof declared === 'string') return [declared];
  if (Array.isArray(declared)) return declared.filter((t) => t !== 'null') as string[];
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  const kinds = new Set(values.map((v) => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'other')));
  return kinds.size === 1 && !kinds.has('other') ? [...kinds] : [];
}

function constraintsOf(type: HotType, schema: Schema): HotConstraint[] {
  const out: HotConstraint[] = [];
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const bounds = (min: number | undefined, max: number | undefined) => {
    const b: { min?: number; max?: number } = {};
    if (min !== undefined) b.min = min;
    if (max !== undefined) b.max = max;
    return min === undefined && max === undefined ? undefined : b;
  };
  const allowed = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  if (type === 'string') {
    const length = bounds(num('minLength'), num('maxLength'));
    if (length) out.push({ length });
    if (typeof schema.pattern === 'string') out.push({ allowed_pattern: wholeMatch(schema.pattern) });
    if (schema.format === 'ipv4') out.push({ allowed_pattern: IPV4, description: 'must be an IPv4 address' });
    if (schema.format === 'uuid') out.push({ allowed_pattern: UUID, description: 'must be a UUID' });
  } else if (type === 'number') {
    const integer = schemaTypes(schema)[0] === 'integer';
    const exclusive = (key: string, step: number) => (integer && num(key) !== undefined ? num(key)! + step : undefined);
    const range = bounds(maxDefined(num('minimum'), exclusive('exclusiveMinimum', 1)), minDefined(num('maximum'), exclusive('exclusiveMaximum', -1)));
    if (range) out.push({ range });
    const step = num('multipleOf');
    if (integer) out.push({ modulo: { step: step !== undefined && Number.isInteger(step) ? step : 1, offset: 0 } });
  } else if (type === 'comma_delimited_list') {
    const length = bounds(num('minItems'), num('maxItems'));
    if (length) out.push({ length });
    const items = (schema.items as Schema | undefined) ?? {};
    if (Array.isArray(items.enum)) out.push({ allowed_values: items.enum });
  } else if (type === 'json') {
    const length = bounds(num('minItems') ?? num('minProperties'), num('maxItems') ?? num('maxProperties'));
    if (length) out.push({ length });
  }
  if (allowed && (type === 'string' || type === 'number')) out.push({ allowed_values: allowed });
  return out;
}

/**
 * A JSON Schema pattern matches anywhere in the value; Heat's allowed_pattern must match the whole
 * value from its start. An anchored pattern is kept as it is.
 */
export function wholeMatch(pattern: string): string {
  if (pattern.startsWith('^') && /(^|[^\\])\$$/.test(pattern)) return pattern;
  return `(?s).*(?:${pattern}).*`;
}

/** The same constraint, also satisfied by the "absent" value of an optional parameter. */
function allowEmpty(constraint: HotConstraint): HotConstraint[] {
  if ('length' in constraint) {
    const { max } = constraint.length;
    return max === undefined ? [] : [{ length: { max } }];
  }
  if ('allowed_values' in constraint) return [{ allowed_values: [...constraint.allowed_values, ''] }];
  if ('allowed_pattern' in constraint) {
    const flag = constraint.allowed_pattern.startsWith('(?s)') ? '(?s)' : '';
    return [{ ...constraint, allowed_pattern: `${flag}(?:${constraint.allowed_pattern.slice(flag.length)})?` }];
  }
  return [constraint];
}

function enumAsText(schema: Schema): HotConstraint[] {
  return Array.isArray(schema.enum) ? [{ allowed_values: ['', ...schema.enum.map(String)] }] : [];
}

function maxDefined(a: number | undefined, b: number | undefined) {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function minDefined(a: number | undefined, b: number | undefined) {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
