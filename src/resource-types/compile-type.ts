import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parseDurationText } from '../config.js';
import type { ReplacementOrder } from '../store/records.js';
import { WorkflowValidationError } from '../workflow/errors.js';
import { parseWorkflowBody } from '../workflow/parse.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import type { YamlLocator } from '../workflow/yaml.js';
import {
  RESERVED_PROPERTIES, workflowNameOf, type AttributeDefinition, type ResourceType, type WorkflowRole,
} from './resource-type.js';
import { issueAt, type TypeFileIssue } from './type-file-issue.js';
import { checkWorkflowInput } from './workflow-input.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface CompileOptions {
  /** When given, a workflow naming an action it does not know is an error. */
  actionExists?: (name: string) => boolean;
}

interface TypeFileBody {
  type: string;
  description?: string;
  properties: Record<string, unknown>;
  attributes?: Record<string, { description?: string; type?: string; secret?: boolean }>;
  update?: { replace_on_change?: string[]; replacement?: ReplacementOrder; decide?: unknown };
  timeouts?: Record<string, string | number>;
  workflows: Record<string, unknown>;
}

/** Turns a schema-checked type file into a ResourceType, collecting every problem found. */
export function compileResourceType(
  file: string, body: TypeFileBody, locate: YamlLocator | undefined, options: CompileOptions,
): { type?: ResourceType; issues: TypeFileIssue[] } {
  const issues: TypeFileIssue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push(issueAt(file, locate, path, message));
  const validateProperties = compilePropertySchema(body.properties, at);
  const propertyNames = Object.keys((body.properties.properties as Record<string, unknown> | undefined) ?? {});
  for (const name of body.update?.replace_on_change ?? []) {
    if (!propertyNames.includes(name)) at(['update', 'replace_on_change'], `"${name}" is not a property of the type`);
  }
  const workflows = compileWorkflows(body, propertyNames, options, at);
  const timeouts = compileTimeouts(body.timeouts ?? {}, at);
  if (issues.length || !validateProperties) return { issues };
  return {
    issues,
    type: Object.freeze({
      name: body.type,
      description: body.description,
      file,
      propertiesSchema: body.properties,
      validateProperties,
      secretProperties: secretPropertiesOf(body.properties),
      attributes: attributesOf(body.attributes ?? {}),
      replaceOnChange: body.update?.replace_on_change ?? [],
      replacement: body.update?.replacement ?? 'create_before_delete',
      timeouts,
      workflows,
      raw: body as unknown as Record<string, unknown>,
    }),
  };
}

type At = (path: (string | number)[], message: string) => void;

function compilePropertySchema(schema: Record<string, unknown>, at: At) {
  if (schema.type !== 'object') at(['properties', 'type'], 'the property schema must have type: object');
  const declared = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
  for (const reserved of RESERVED_PROPERTIES) {
    if (declared.includes(reserved)) at(['properties', 'properties', reserved], `"${reserved}" is reserved and cannot be a property`);
  }
  // coerceTypes: CloudFormation sends every property value as a string ("300" for 300).
  const ajv = addFormats(new Ajv2020({ allErrors: true, useDefaults: true, coerceTypes: true, strict: true }));
  try {
    return ajv.compile(schema);
  } catch (error) {
    at(['properties'], `invalid JSON Schema: ${(error as Error).message}`);
    return undefined;
  }
}

function compileWorkflows(body: TypeFileBody, propertyNames: string[], options: CompileOptions, at: At) {
  const workflows: Partial<Record<WorkflowRole, WorkflowSpec>> = {};
  const bodies: [WorkflowRole, unknown, (string | number)[]][] = Object.entries(body.workflows)
    .map(([role, wf]) => [role as WorkflowRole, wf, ['workflows', role]]);
  if (body.update?.decide !== undefined) bodies.push(['decide', body.update.decide, ['update', 'decide']]);
  const required = new Set((body.properties.required as string[] | undefined) ?? []);
  const defaults = propertiesWithDefaults(body.properties);
  for (const [role, wfBody, path] of bodies) {
    try {
      const spec = parseWorkflowBody(workflowNameOf(body.type, role), wfBody, { actionExists: options.actionExists });
      checkWorkflowInput(spec, propertyNames, (name) => required.has(name) || defaults.has(name), path, at);
      workflows[role] = spec;
    } catch (error) {
      if (!(error instanceof WorkflowValidationError)) throw error;
      for (const issue of error.issues) at([...path, ...issue.path.slice(1)], issue.message);
    }
  }
  return workflows;
}

function compileTimeouts(timeouts: Record<string, string | number>, at: At) {
  const result: Partial<Record<WorkflowRole, number>> = {};
  for (const [role, value] of Object.entries(timeouts)) {
    const ms = parseDurationText(String(value));
    if (ms === undefined || ms <= 0) at(['timeouts', role], `"${value}" is not a positive duration such as 90s or 10m`);
    else result[role as WorkflowRole] = ms;
  }
  return result;
}

function propertiesWithDefaults(schema: Record<string, unknown>): Set<string> {
  const props = (schema.properties as Record<string, { default?: unknown }> | undefined) ?? {};
  return new Set(Object.entries(props).filter(([, p]) => p && p.default !== undefined).map(([n]) => n));
}

function secretPropertiesOf(schema: Record<string, unknown>): Set<string> {
  const props = (schema.properties as Record<string, { writeOnly?: boolean }> | undefined) ?? {};
  return new Set(Object.entries(props).filter(([, p]) => p?.writeOnly === true).map(([n]) => n));
}

function attributesOf(attributes: NonNullable<TypeFileBody['attributes']>): Record<string, AttributeDefinition> {
  return Object.fromEntries(Object.entries(attributes).map(([name, a]) => [
    name, { description: a.description, type: a.type, secret: a.secret === true },
  ]));
}
