/**
 * Ad-hoc actions (lang/v2/actions.py): `base` with optional inline params, `base-input`,
 * declared `input` and an `output` transformation.
 */
import { DslIssue } from './errors.js';
import { ACTION_SCHEMA } from './dsl-schema.js';
import { checkExpressions, checkSchema, type Path } from './checks.js';
import { parseCommandAndParams } from './inline-params.js';
import type { AdHocActionSpec, Dict } from './spec.js';
import { isDict, mergeDicts } from './task-parse.js';
import { parseInputParams } from './workflow-parse.js';

export interface ActionParseOptions {
  readonly basePath?: Path;
  readonly workbookName?: string;
}

export function parseAdHocActionBody(name: string, body: unknown, options: ActionParseOptions = {}): AdHocActionSpec {
  const path = options.basePath ?? [name];
  const data: Dict = isDict(body) ? { ...body, name, version: '2.0' } : (body as Dict);
  checkSchema(data, ACTION_SCHEMA, path);
  const base = data['base'] as string;
  const parsed = parseCommandAndParams(base);
  if (!parsed) throw new DslIssue([...path, 'base'], `Invalid action/workflow task property: ${base}`);
  checkExpressions(parsed.params, [...path, 'base']);
  checkExpressions(data['base-input'] ?? {}, [...path, 'base-input']);
  if (typeof data['output'] === 'string') checkExpressions(data['output'], [...path, 'output']);
  const baseInput = mergeDicts(structuredClone((data['base-input'] as Record<string, unknown> | undefined) ?? {}), parsed.params);
  return {
    name,
    qualifiedName: options.workbookName ? `${options.workbookName}.${name}` : name,
    ...(options.workbookName ? { workbookName: options.workbookName } : {}),
    ...(typeof data['description'] === 'string' ? { description: data['description'] } : {}),
    tags: (data['tags'] as string[] | undefined) ?? [],
    base: parsed.name,
    baseInput,
    input: parseInputParams(data['input']),
    ...(data['output'] !== undefined && data['output'] !== null ? { output: data['output'] } : {}),
    raw: body as Dict,
  };
}
