/**
 * One workflow body → WorkflowSpec, validated like lang/v2/workflows.py: schema, expressions of
 * `output`/`vars`, task-defaults, each task, then the graph semantics (start tasks, transition
 * targets, join counts, reverse `requires`). Task-defaults fallbacks are applied here.
 */
import { pythonRepr } from '../expressions/python-format.js';
import { DslIssue } from './errors.js';
import { TASK_DEFAULTS_SCHEMA, WORKFLOW_SCHEMA } from './dsl-schema.js';
import { checkExpressions, checkPublishSpec, checkSchema, parsePolicies, type Path } from './checks.js';
import { isTemplateName, checkGraph, checkReferences, type ReferenceChecks } from './semantics.js';
import type { Dict, InputParam, TaskDefaults, TaskSpec, TransitionEvent, WorkflowSpec, WorkflowType } from './spec.js';
import { buildTaskSpec } from './task-spec.js';
import { asStringList, checkTransitionExpressions, CLAUSE_KEYS, isDict, parseTaskDraft } from './task-parse.js';
import { buildClause, isAdvancedClause } from './transitions.js';

export interface WorkflowParseOptions extends ReferenceChecks {
  /** Where the body sits in its document, for error paths and positions (default: `[name]`). */
  readonly basePath?: Path;
  /** Workbook the workflow belongs to; its stored name becomes `<workbook>.<name>`. */
  readonly workbookName?: string;
}

/** `utils.get_dict_from_entries`: plain names are required, one-key dicts give defaults. */
export function parseInputParams(entries: unknown): InputParam[] {
  const params = new Map<string, InputParam>();
  for (const entry of (entries as unknown[] | undefined) ?? []) {
    if (isDict(entry)) {
      for (const [name, value] of Object.entries(entry)) params.set(name, { name, required: false, default: value });
    } else {
      params.set(String(entry), { name: String(entry), required: true });
    }
  }
  return [...params.values()];
}

/** The polymorphic `type` lookup happens before any schema check (base.py instantiate_spec). */
function workflowType(data: Dict, path: Path): WorkflowType {
  const type = 'type' in data ? data['type'] : 'direct';
  if (type !== 'direct' && type !== 'reverse') {
    throw new DslIssue(
      [...path, 'type'],
      `Failed to find a specification class to instantiate [spec_cls=WorkflowSpec, data=${pythonRepr(data)}]`,
    );
  }
  return type;
}

function parseTaskDefaults(raw: unknown, path: Path, taskExists: (n: string) => boolean): TaskDefaults | undefined {
  if (raw === undefined || raw === null) return undefined;
  checkSchema(raw, TASK_DEFAULTS_SCHEMA, path);
  const data = raw as Dict;
  checkExpressions(data['safe-rerun'], [...path, 'safe-rerun']);
  const policies = parsePolicies(data, path);
  const clauses: Partial<Record<TransitionEvent, unknown>> = {};
  for (const [key, event] of CLAUSE_KEYS) {
    const clause = data[key];
    if (clause === undefined || clause === null) continue;
    if (isAdvancedClause(clause) && 'publish' in (clause as object)) {
      checkPublishSpec((clause as Record<string, unknown>)['publish'], [...path, key, 'publish']);
    }
    clauses[event] = clause;
  }
  checkTransitionExpressions(clauses, path);
  const built = (event: TransitionEvent) => (clauses[event] !== undefined ? buildClause(clauses[event], taskExists) : undefined);
  return {
    ...policies,
    ...optional('onSuccess', built('success')),
    ...optional('onError', built('error')),
    ...optional('onComplete', built('complete')),
    ...optional('onSkip', built('skip')),
    ...optional('safeRerun', (data['safe-rerun'] ?? undefined) as boolean | string | undefined),
    requires: asStringList(data['requires']),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function checkTopLevel(data: Dict, path: Path): void {
  checkSchema(data, WORKFLOW_SCHEMA, path);
  if (!data['tasks'] || Object.keys(data['tasks'] as object).length === 0) {
    throw new DslIssue([...path, 'tasks'], `Workflow doesn't have any tasks [data=${pythonRepr(data)}]`);
  }
  checkExpressions(data['output'] ?? {}, [...path, 'output']);
  checkExpressions(data['vars'] ?? {}, [...path, 'vars']);
}

/** Validates and normalizes a workflow body given as an already-loaded object. */
export function parseWorkflowBody(name: string, body: unknown, options: WorkflowParseOptions = {}): WorkflowSpec {
  const path = options.basePath ?? [name];
  if (!isDict(body)) {
    throw new DslIssue(path, `A specification with polymorphic key must be backed by a dictionary [spec_cls=WorkflowSpec, data=${pythonRepr(body)}]`);
  }
  const data: Dict = { ...body, name, version: '2.0' };
  const type = workflowType(data, path);
  checkTopLevel(data, path);
  const taskBodies = data['tasks'] as Record<string, unknown>;
  const taskExists = (n: string) => Object.hasOwn(taskBodies, n);
  const taskDefaults = parseTaskDefaults(data['task-defaults'], [...path, 'task-defaults'], taskExists);
  const tasks = new Map<string, TaskSpec>();
  for (const [taskName, taskBody] of Object.entries(taskBodies)) {
    const taskPath = [...path, 'tasks', taskName];
    if (!isDict(taskBody)) throw new DslIssue(taskPath, `Invalid DSL: ${pythonRepr(taskBody)} is not of type 'object'`);
    const draft = parseTaskDraft(type, taskName, taskBody, taskPath);
    tasks.set(taskName, buildTaskSpec(draft, type, taskDefaults, taskExists));
  }
  const spec = assembleWorkflow(name, type, data, body, taskDefaults, tasks, options);
  checkGraph(spec, path);
  checkReferences(spec, path, options);
  return spec;
}

function assembleWorkflow(
  name: string,
  type: WorkflowType,
  data: Dict,
  body: Dict,
  taskDefaults: TaskDefaults | undefined,
  tasks: Map<string, TaskSpec>,
  options: WorkflowParseOptions,
): WorkflowSpec {
  return {
    name,
    qualifiedName: options.workbookName ? `${options.workbookName}.${name}` : name,
    ...optional('workbookName', options.workbookName),
    type,
    ...optional('description', typeof data['description'] === 'string' ? data['description'] : undefined),
    tags: asStringList(data['tags']),
    input: parseInputParams(data['input']),
    ...optional('output', isDict(data['output']) ? data['output'] : undefined),
    ...optional('outputOnError', isDict(data['output-on-error']) ? data['output-on-error'] : undefined),
    ...optional('vars', isDict(data['vars']) ? data['vars'] : undefined),
    ...optional('taskDefaults', taskDefaults),
    tasks,
    raw: body,
  };
}

export { isTemplateName };
