/**
 * Validation and normalization of one task body, in the order lang/v2/tasks.py performs its
 * checks (schema, name length, inline params, expressions, with-items, policies, action,
 * transitions, join), so the first problem reported is the one Mistral would report.
 */
import { pythonRepr } from '../expressions/python-format.js';
import { DslIssue } from './errors.js';
import { DIRECT_TASK_SCHEMA, REVERSE_TASK_SCHEMA } from './dsl-schema.js';
import { checkExpressions, checkSchema, checkPublishSpec, parseRetry, parsePolicies, type Path } from './checks.js';
import { parseCommandAndParams, type CommandAndParams } from './inline-params.js';
import type { Dict, TaskPolicies, TransitionEvent, WithItemsSpec, WorkflowType } from './spec.js';
import { nextPartOf, rawNextEntries, isAdvancedClause } from './transitions.js';

const MAX_TASK_NAME = 255;
const MAX_JOIN_TASK_NAME = MAX_TASK_NAME - 47;

// `[\w\d_\-]+` var, `in`, then a JSON list or an expression; matched at the start only (re.match).
const WITH_ITEMS_PATTERN = /^\s*([\p{L}\p{N}_-]+)\s*in\s*(\[.+\]|(\{\{(.*?)\}\})|<%.*?%>)/u;

/** Written `on-*` clause keys, in the order Mistral builds and validates them. */
export const CLAUSE_KEYS: ReadonlyArray<[string, TransitionEvent]> = [
  ['on-complete', 'complete'],
  ['on-success', 'success'],
  ['on-error', 'error'],
  ['on-skip', 'skip'],
];

/** What a task says on its own, before task-defaults are applied. */
export interface TaskDraft {
  readonly name: string;
  readonly data: Dict;
  readonly body: Dict;
  readonly kind: 'action' | 'workflow';
  readonly action?: string;
  readonly workflow?: string;
  readonly input: Dict | string;
  readonly withItems?: WithItemsSpec[];
  readonly policies: TaskPolicies;
  readonly clauses: Partial<Record<TransitionEvent, unknown>>;
  readonly join?: 'all' | number;
  readonly requires: string[];
}

/** Mistral injects `type`, `name` and `version` into the body before validating it. */
function withInjectedKeys(body: Dict, type: WorkflowType, name: string): Dict {
  return { ...body, type, name, version: '2.0' };
}

export function parseTaskDraft(type: WorkflowType, name: string, body: Dict, path: Path): TaskDraft {
  const data = withInjectedKeys(body, type, name);
  checkSchema(data, type === 'direct' ? DIRECT_TASK_SCHEMA : REVERSE_TASK_SCHEMA, path);
  if ([...name].length > MAX_TASK_NAME) {
    throw new DslIssue(path, `The length of a '${name}' task name must not exceed ${MAX_TASK_NAME} symbols`);
  }
  const command = parseActionOrWorkflow(data, path);
  for (const key of ['input', 'publish', 'publish-on-error', 'publish-on-skip', 'keep-result', 'safe-rerun']) {
    checkExpressions(data[key], [...path, key]);
  }
  const withItems = parseWithItems(data, path);
  const policies = parsePolicies(data, path);
  const input = mergeInlineInput(data, command, path);
  const clauses = type === 'direct' ? parseClauses(data, path) : {};
  if (type === 'direct') checkTransitionExpressions(clauses, path);
  const join = parseJoin(data, name, path);
  return {
    name,
    data,
    body,
    kind: typeof data['workflow'] === 'string' && !data['action'] ? 'workflow' : 'action',
    ...actionOrWorkflowName(data, command),
    input,
    ...(withItems ? { withItems } : {}),
    policies,
    clauses,
    ...(join !== undefined ? { join } : {}),
    requires: type === 'reverse' ? asStringList(data['requires']) : [],
  };
}

function parseActionOrWorkflow(data: Dict, path: Path): CommandAndParams | undefined {
  const key = data['action'] ? 'action' : data['workflow'] ? 'workflow' : undefined;
  if (!key) return undefined;
  const written = data[key] as string;
  const parsed = parseCommandAndParams(written);
  if (!parsed) throw new DslIssue([...path, key], `Invalid action/workflow task property: ${written}`);
  checkExpressions(parsed.params, [...path, key]);
  return parsed;
}

function actionOrWorkflowName(data: Dict, command: CommandAndParams | undefined): { action?: string; workflow?: string } {
  if (data['action']) return { action: command!.name };
  if (data['workflow']) return { workflow: command!.name };
  return { action: 'std.noop' };
}

/** `utils.merge_dicts(input, inline_params)`: inline params win (deeply for dicts). */
function mergeInlineInput(data: Dict, command: CommandAndParams | undefined, path: Path): Dict | string {
  const input = data['input'] ?? {};
  const params = command?.params ?? {};
  if (typeof input === 'string') {
    if (Object.keys(params).length > 0) {
      throw new DslIssue([...path, 'input'], 'Inline parameters cannot be combined with an expression as task input');
    }
    return input;
  }
  return mergeDicts(structuredClone(input as Record<string, unknown>), params);
}

/** mistral_lib merge_dicts(left, right): right wins, nested dicts merged. Mutates left. */
export function mergeDicts(left: Record<string, unknown>, right: Dict): Record<string, unknown> {
  for (const [k, v] of Object.entries(right)) {
    const current = left[k];
    if (isDict(current) && isDict(v)) mergeDicts(current as Record<string, unknown>, v);
    else left[k] = v;
  }
  return left;
}

export function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseWithItems(data: Dict, path: Path): WithItemsSpec[] | undefined {
  const raw = data['with-items'];
  if (raw === undefined || raw === null) return undefined;
  const entries = typeof raw === 'string' ? [raw] : (raw as unknown[]);
  const at = [...path, 'with-items'];
  const byVar = new Map<string, WithItemsSpec>();
  for (const item of entries) {
    if (typeof item !== 'string') throw new DslIssue(at, `'with-items' elements should be strings: ${pythonRepr(data)}`);
    const match = WITH_ITEMS_PATTERN.exec(item);
    if (!match) {
      throw new DslIssue(
        at,
        `Wrong format of 'with-items' property. Please use format 'var in {[some, list] | <% $.array %> }: ${pythonRepr(data)}`,
      );
    }
    const [, variable, array] = match as unknown as [string, string, string];
    checkExpressions(array, at);
    byVar.set(variable, { var: variable, items: array.startsWith('[') ? decodeList(array, at) : array });
  }
  return entries.length > 0 ? [...byVar.values()] : undefined;
}

function decodeList(array: string, at: Path): unknown[] {
  try {
    const value: unknown = JSON.parse(array);
    return Array.isArray(value) ? value : [value];
  } catch (err) {
    throw new DslIssue(at, `Invalid array in 'with-items' clause: ${array}, error: ${(err as Error).message}`);
  }
}

function parseClauses(data: Dict, path: Path): Partial<Record<TransitionEvent, unknown>> {
  const clauses: Partial<Record<TransitionEvent, unknown>> = {};
  for (const [key, event] of CLAUSE_KEYS) {
    const clause = data[key];
    if (clause === undefined || clause === null) continue;
    if (isAdvancedClause(clause) && 'publish' in (clause as object)) {
      checkPublishSpec((clause as Record<string, unknown>)['publish'], [...path, key, 'publish']);
    }
    clauses[event] = clause;
  }
  return clauses;
}

/** `_validate_transitions`: the target name and the guard of every entry are checked. */
export function checkTransitionExpressions(clauses: Partial<Record<TransitionEvent, unknown>>, path: Path): void {
  for (const [key, event] of CLAUSE_KEYS) {
    const next = nextPartOf(clauses[event]);
    for (const entry of rawNextEntries(next)) {
      const at = entry.index === undefined ? [...path, key] : [...path, key, entry.index];
      const name = parseCommandAndParams(entry.written)?.name ?? entry.written;
      checkExpressions([name, entry.condition], at);
    }
  }
}

function parseJoin(data: Dict, name: string, path: Path): 'all' | number | undefined {
  const join = data['join'];
  if (!join) return undefined;
  if ([...name].length > MAX_JOIN_TASK_NAME) {
    throw new DslIssue(path, `The length of a '${name}' join task name must not exceed ${MAX_JOIN_TASK_NAME} symbols`);
  }
  if (join === 'all') return 'all';
  return join === 'one' ? 1 : (join as number);
}

export function asStringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return typeof value === 'string' ? [value] : (value as string[]);
}

export { parseRetry };
