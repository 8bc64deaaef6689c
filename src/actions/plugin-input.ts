import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ActionParam } from './action.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * One compiler for every plugin's input schema: JSON Schema 2020-12, strict (an unknown keyword
 * is a mistake, not an extension), defaults applied, no type coercion: workflow expressions
 * already give inputs their native types.
 */
const ajv = addFormats(new Ajv2020({ allErrors: true, useDefaults: true, strict: true }));

/** Compiles a plugin's input schema; throws an Error saying what is wrong with it. */
export function compileInputSchema(schema: unknown): ValidateFunction {
  if (!isPlainObject(schema)) throw new Error('input must be a JSON Schema object');
  if (schema.type !== 'object') throw new Error(`input must be a schema of type "object" (the input is a dict of named values), not ${JSON.stringify(schema.type ?? null)}`);
  if (schema.$id !== undefined) throw new Error('input must not set $id');
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new Error(`input is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/**
 * Checks one call's input against the compiled schema and returns a copy with defaults applied;
 * throws `Invalid input [name=…, errors=[property: problem, …]]`, naming each property.
 */
export function validateInput(name: string, validate: ValidateFunction, input: Record<string, unknown>): Record<string, unknown> {
  const prepared = structuredClone(input);
  if (validate(prepared)) return prepared;
  const problems = (validate.errors ?? []).map(describeError);
  throw new Error(`Invalid input [name=${name}, errors=[${[...new Set(problems)].join('; ')}]]`);
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${join(where, String(params.missingProperty))}: is required`;
  if (error.keyword === 'additionalProperties') return `${join(where, String(params.additionalProperty))}: is not allowed`;
  return `${where || '(input)'}: ${error.message ?? error.keyword}`;
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

/** The schema's top-level properties as Mistral-style parameters, for listings. */
export function paramsOf(schema: Record<string, unknown>): ActionParam[] {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(properties).map(([name, property]) => {
    const param: ActionParam = { name, required: required.has(name) };
    if (isPlainObject(property)) {
      if ('default' in property) param.default = property.default;
      if (typeof property.description === 'string') param.description = property.description;
    }
    return param;
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
