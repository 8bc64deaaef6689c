/**
 * Builds the effective TaskSpec from a validated draft and the workflow's task-defaults, applying
 * the fallbacks exactly where Mistral applies them:
 * - policies (engine/policies.py construct_policies_list): the task's policy when it "counts"
 *   (strings, numbers > 0, truthy flags, any retry), else the default's;
 * - transitions (DirectWorkflowSpec.get_on_*_clause): the task's clause when it has targets,
 *   else the default clause without entries naming the task itself;
 * - requires (ReverseWorkflowSpec.get_task_requires): union minus the task itself;
 * - safe-rerun (engine/tasks.py _get_safe_rerun): own, else default, else false.
 */
import { truthy } from './checks.js';
import type {
  Dict,
  PublishSpec,
  TaskDefaults,
  TaskPolicies,
  TaskSpec,
  Transition,
  TransitionClause,
  TransitionEvent,
  WorkflowType,
} from './spec.js';
import { isDict, mergeDicts, type TaskDraft } from './task-parse.js';
import { buildClause } from './transitions.js';

type PolicyField = keyof TaskPolicies;

/** Whether engine/policies.py builds a policy from this value. */
function policyCounts(field: PolicyField, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (field === 'waitBefore' || field === 'waitAfter' || field === 'timeout') {
    return typeof value === 'string' || (typeof value === 'number' && value > 0);
  }
  return field === 'retry' ? true : truthy(value);
}

const POLICY_FIELDS: readonly PolicyField[] = ['pauseBefore', 'waitBefore', 'waitAfter', 'failOn', 'retry', 'timeout', 'concurrency'];

function effectivePolicies(own: TaskPolicies, defaults: TaskDefaults | undefined): TaskPolicies {
  const result: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    if (policyCounts(field, own[field])) result[field] = own[field];
    else if (defaults && policyCounts(field, defaults[field])) result[field] = defaults[field];
  }
  return result as TaskPolicies;
}

const DEFAULT_CLAUSE: Record<TransitionEvent, 'onSuccess' | 'onError' | 'onComplete' | 'onSkip'> = {
  success: 'onSuccess',
  error: 'onError',
  complete: 'onComplete',
  skip: 'onSkip',
};

function effectiveTransitions(
  taskName: string,
  event: TransitionEvent,
  own: TransitionClause | undefined,
  defaults: TaskDefaults | undefined,
): readonly Transition[] {
  if (own && own.next.length > 0) return own.next;
  const fallback = defaults?.[DEFAULT_CLAUSE[event]];
  if (!fallback) return [];
  return fallback.next.filter((t) => (t.kind === 'task' ? t.name : t.command) !== taskName);
}

/** PublishSpec.merge: only sections the receiving spec already has are merged (Mistral quirk). */
function mergePublish(target: { branch?: Dict; global?: Dict; atomic?: Dict }, from: PublishSpec): void {
  for (const section of ['branch', 'global', 'atomic'] as const) {
    const source = from[section];
    const existing = target[section];
    if (truthy(source) && existing) mergeDicts(existing as Record<string, unknown>, source!);
  }
}

function clonePublish(spec: PublishSpec): PublishSpec {
  return structuredClone(spec) as PublishSpec;
}

/**
 * DirectWorkflowTaskSpec.get_publish: the plain dict (as `branch`) merged with on-complete's
 * publish, then that merged into the state's own clause publish. Net precedence for a key:
 * on-complete > plain publish > on-success/on-error/on-skip.
 */
function publishFor(plain: Dict | undefined, onComplete: TransitionClause | undefined, own: TransitionClause | undefined): PublishSpec | undefined {
  let spec: PublishSpec | undefined = truthy(plain) ? { branch: structuredClone(plain) as Dict } : undefined;
  if (onComplete?.publish) {
    if (spec) mergePublish(spec, onComplete.publish);
    else spec = clonePublish(onComplete.publish);
  }
  if (own?.publish) {
    const result = clonePublish(own.publish);
    if (spec) mergePublish(result, spec);
    return result;
  }
  return spec;
}

export function buildTaskSpec(
  draft: TaskDraft,
  type: WorkflowType,
  defaults: TaskDefaults | undefined,
  taskExists: (name: string) => boolean,
): TaskSpec {
  const clauses: Partial<Record<TransitionEvent, TransitionClause>> = {};
  for (const [event, raw] of Object.entries(draft.clauses) as Array<[TransitionEvent, unknown]>) {
    clauses[event] = buildClause(raw, taskExists);
  }
  const direct = type === 'direct';
  const transitions = (event: TransitionEvent) => (direct ? effectiveTransitions(draft.name, event, clauses[event], defaults) : []);
  const data = draft.data;
  const publish = isDict(data['publish']) ? data['publish'] : undefined;
  const publishOnError = isDict(data['publish-on-error']) ? data['publish-on-error'] : undefined;
  const publishOnSkip = isDict(data['publish-on-skip']) ? data['publish-on-skip'] : undefined;
  const publishOn: Partial<Record<'success' | 'error' | 'skip', PublishSpec>> = {};
  const states: Array<['success' | 'error' | 'skip', Dict | undefined]> = [
    ['success', publish],
    ['error', publishOnError],
    ['skip', publishOnSkip],
  ];
  for (const [state, plain] of states) {
    const spec = direct ? publishFor(plain, clauses.complete, clauses[state]) : plain ? { branch: plain } : undefined;
    if (spec) publishOn[state] = spec;
  }
  const requires = direct ? [] : [...new Set([...draft.requires, ...(defaults?.requires ?? [])])].filter((r) => r !== draft.name);
  const description = typeof data['description'] === 'string' ? data['description'] : undefined;
  const target = typeof data['target'] === 'string' ? data['target'] : undefined;
  return {
    name: draft.name,
    workflowType: type,
    ...(description !== undefined ? { description } : {}),
    tags: (data['tags'] as string[] | undefined) ?? [],
    kind: draft.kind,
    ...(draft.action !== undefined ? { action: draft.action } : {}),
    ...(draft.workflow !== undefined ? { workflow: draft.workflow } : {}),
    input: draft.input,
    ...(draft.withItems ? { withItems: draft.withItems } : {}),
    ...(publish ? { publish } : {}),
    ...(publishOnError ? { publishOnError } : {}),
    ...(publishOnSkip ? { publishOnSkip } : {}),
    publishOn,
    clauses,
    onSuccess: transitions('success'),
    onError: transitions('error'),
    onComplete: transitions('complete'),
    onSkip: transitions('skip'),
    ...(draft.join !== undefined ? { join: draft.join } : {}),
    requires,
    ...effectivePolicies(draft.policies, defaults),
    keepResult: (data['keep-result'] as boolean | string | undefined) ?? true,
    safeRerun: (data['safe-rerun'] as boolean | string | undefined) ?? defaults?.safeRerun ?? false,
    ...(target !== undefined ? { target } : {}),
    raw: draft.body,
  };
}
