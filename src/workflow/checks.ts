/**
 * Checks shared by workflows, tasks and task-defaults: schema validation with Mistral's
 * "Invalid DSL: …" message, top-level expression syntax, publish specs and policies
 * (lang/v2/policies.py, retry_policy.py, publish.py).
 */
import { DslIssue } from './errors.js';
import { topLevelExpressionProblem } from './expression-check.js';
import { PUBLISH_SCHEMA, RETRY_SCHEMA } from './dsl-schema.js';
import { validateSchema, type Schema } from './json-schema.js';
import { parseCommandAndParams } from './inline-params.js';
import type { Dict, RetrySpec, TaskPolicies } from './spec.js';

export type Path = readonly (string | number)[];

export function checkSchema(data: unknown, schema: Schema, path: Path): void {
  const error = validateSchema(data, schema);
  if (error) throw new DslIssue([...path, ...error.path], `Invalid DSL: ${error.message}`);
}

/** lang/base.py validate_expr on one DSL part (a string, or one level of a list/dict). */
export function checkExpressions(part: unknown, path: Path): void {
  const problem = topLevelExpressionProblem(part, path);
  if (problem) throw new DslIssue(problem.path, problem.message);
}

/** PublishSpec: schema, at least one of branch/global/atomic, expressions of each. */
export function checkPublishSpec(publish: unknown, path: Path): void {
  checkSchema(publish, PUBLISH_SCHEMA, path);
  const spec = publish as Record<string, unknown>;
  if (!truthy(spec['branch']) && !truthy(spec['global']) && !truthy(spec['atomic'])) {
    throw new DslIssue(path, "Either 'branch', 'global' or 'atomic' must be specified");
  }
  for (const key of ['branch', 'global', 'atomic']) checkExpressions(spec[key], [...path, key]);
}

/** Python truthiness of a YAML value. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const POLICY_KEYS: ReadonlyArray<[string, keyof TaskPolicies]> = [
  ['wait-before', 'waitBefore'],
  ['wait-after', 'waitAfter'],
  ['timeout', 'timeout'],
  ['pause-before', 'pauseBefore'],
  ['concurrency', 'concurrency'],
  ['fail-on', 'failOn'],
];

/**
 * `_group_spec(PoliciesSpec, ...)`: only truthy policy values are grouped; their expressions are
 * checked, then the retry spec. The schema was already checked with the owning spec.
 */
export function parsePolicies(data: Dict, path: Path): TaskPolicies {
  const policies: Record<string, unknown> = {};
  for (const [key, field] of POLICY_KEYS) {
    if (!truthy(data[key])) continue;
    checkExpressions(data[key], [...path, key]);
    policies[field] = data[key];
  }
  if (truthy(data['retry'])) policies['retry'] = parseRetry(data['retry'], [...path, 'retry']);
  return policies as TaskPolicies;
}

function oneLineRetry(retry: string, path: Path): Dict {
  const parsed = parseCommandAndParams(retry);
  if (!parsed) throw new DslIssue(path, `Invalid action/workflow task property: ${retry}`);
  return parsed.params;
}

/** RetrySpec: the one-line form `count=3 delay=1 break-on=<% … %>` is parsed as inline params. */
export function parseRetry(retry: unknown, path: Path): RetrySpec {
  const data = typeof retry === 'string' ? oneLineRetry(retry, path) : retry;
  checkSchema(data, RETRY_SCHEMA, path);
  const spec = data as Record<string, unknown>;
  for (const key of ['count', 'delay', 'break-on', 'continue-on']) checkExpressions(spec[key], [...path, key]);
  return {
    count: spec['count'] as number | string,
    delay: spec['delay'] as number | string,
    ...(spec['break-on'] !== undefined ? { breakOn: spec['break-on'] as string } : {}),
    ...(spec['continue-on'] !== undefined ? { continueOn: spec['continue-on'] as string } : {}),
  };
}
