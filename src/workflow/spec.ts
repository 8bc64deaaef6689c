/**
 * The typed, normalized form of Mistral v2 workflow language documents (workflow lists,
 * workbooks, ad-hoc action lists). Parsing and validation live in parse.ts; this module only
 * describes the result, so the engine can depend on it without pulling in the parser.
 *
 * Values that Mistral evaluates at run time are kept exactly as written: a policy value is
 * either its literal (number/boolean) or an expression string such as `<% $.n %>`.
 */

export type WorkflowType = 'direct' | 'reverse';

/** A literal policy value or an expression string evaluated at run time. */
export type OrExpression<T> = T | string;

export type Dict = Readonly<Record<string, unknown>>;

/** One entry of a workflow's or ad-hoc action's `input` list. */
export interface InputParam {
  readonly name: string;
  /** True when written as a plain name; a one-key dict `{name: default}` gives a default. */
  readonly required: boolean;
  /** Present (possibly null) only when `required` is false. */
  readonly default?: unknown;
}

/** Mistral's PublishSpec: variables published into the branch context or the global context. */
export interface PublishSpec {
  readonly branch?: Dict;
  readonly global?: Dict;
  /** Accepted by Mistral's schema but not implemented by its engine. */
  readonly atomic?: Dict;
}

export const ENGINE_COMMANDS = ['noop', 'fail', 'succeed', 'pause'] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

/** The four `on-*` clauses of a direct-workflow task. */
export type TransitionEvent = 'success' | 'error' | 'complete' | 'skip';
export const TRANSITION_EVENTS: readonly TransitionEvent[] = ['success', 'error', 'complete', 'skip'];

/** `on-success: [next_task]` or `- next_task: <% guard %>`. */
export interface TaskTransition {
  readonly kind: 'task';
  readonly name: string;
  /** Full expression string; absent means unconditional. */
  readonly condition?: string;
  /** Inline params written after the task name; Mistral parses and ignores them for tasks. */
  readonly params: Dict;
}

/** `fail msg="..."`, `succeed`, `pause`, `noop` (a task with the same name takes precedence). */
export interface CommandTransition {
  readonly kind: 'command';
  readonly command: EngineCommand;
  readonly params: Dict;
  readonly condition?: string;
}

export type Transition = TaskTransition | CommandTransition;

/** One `on-*` clause as written on a task (or in task-defaults). */
export interface TransitionClause {
  readonly next: readonly Transition[];
  /** Advanced form `{publish: {branch, global, atomic}, next: ...}`. */
  readonly publish?: PublishSpec;
}

export interface RetrySpec {
  readonly count: OrExpression<number>;
  readonly delay: OrExpression<number>;
  readonly breakOn?: string;
  readonly continueOn?: string;
}

/** `x in <% $.xs %>` or `i in [1, 2, 3]`. */
export interface WithItemsSpec {
  readonly var: string;
  /** An expression string, or the JSON-decoded literal list. */
  readonly items: string | readonly unknown[];
}

/**
 * The policies of a task. In TaskSpec these are the *effective* values: the task's own value
 * when Mistral considers it set (strings, numbers > 0, truthy booleans, a retry), otherwise the
 * task-defaults value (engine/policies.py construct_policies_list). Absent = no such policy.
 */
export interface TaskPolicies {
  readonly retry?: RetrySpec;
  readonly waitBefore?: OrExpression<number>;
  readonly waitAfter?: OrExpression<number>;
  readonly timeout?: OrExpression<number>;
  readonly pauseBefore?: OrExpression<boolean>;
  readonly concurrency?: OrExpression<number>;
  readonly failOn?: OrExpression<boolean>;
}

export interface TaskDefaults extends TaskPolicies {
  readonly onSuccess?: TransitionClause;
  readonly onError?: TransitionClause;
  readonly onComplete?: TransitionClause;
  readonly onSkip?: TransitionClause;
  readonly safeRerun?: OrExpression<boolean>;
  readonly requires: readonly string[];
}

export interface TaskSpec extends TaskPolicies {
  readonly name: string;
  readonly workflowType: WorkflowType;
  readonly description?: string;
  readonly tags: readonly string[];
  /** 'workflow' when the task runs a sub-workflow; otherwise an action (std.noop by default). */
  readonly kind: 'action' | 'workflow';
  /** Action name without inline params (may be an expression); `std.noop` when neither is given. */
  readonly action?: string;
  /** Sub-workflow name without inline params (may be an expression). */
  readonly workflow?: string;
  /** `input` merged with the inline params (inline wins), or an expression producing a dict. */
  readonly input: Dict | string;
  readonly withItems?: readonly WithItemsSpec[];

  /** Plain `publish` / `publish-on-error` / `publish-on-skip` dicts as written. */
  readonly publish?: Dict;
  readonly publishOnError?: Dict;
  readonly publishOnSkip?: Dict;
  /**
   * What is actually published when the task ends in SUCCESS / ERROR / SKIPPED, merged from the
   * plain publish dict and the advanced `on-*` clause publishes as Mistral merges them
   * (lang/v2/tasks.py DirectWorkflowTaskSpec.get_publish). Absent = nothing to publish.
   */
  readonly publishOn: Readonly<Partial<Record<'success' | 'error' | 'skip', PublishSpec>>>;

  /** The task's own `on-*` clauses (direct workflows only). */
  readonly clauses: Readonly<Partial<Record<TransitionEvent, TransitionClause>>>;
  /**
   * Effective transitions: the task's own clause, or when it yields no targets the task-defaults
   * clause of the same kind minus entries naming this task (DirectWorkflowSpec.get_on_*_clause).
   * Always empty for reverse workflows.
   */
  readonly onSuccess: readonly Transition[];
  readonly onError: readonly Transition[];
  readonly onComplete: readonly Transition[];
  readonly onSkip: readonly Transition[];

  /** `join: all`, or a count (`one` = 1). Absent when not a join (or `join: 0`). */
  readonly join?: 'all' | number;
  /** Reverse workflows: own `requires` plus task-defaults `requires`, without the task itself. */
  readonly requires: readonly string[];

  readonly keepResult: OrExpression<boolean>;
  /** Own value, else task-defaults value, else false. */
  readonly safeRerun: OrExpression<boolean>;
  /** Executor target (may be an expression). */
  readonly target?: string;

  /** The task body as written (before normalization). */
  readonly raw: Dict;
}

export interface WorkflowSpec {
  /** The name as written in the document (for workbook workflows, without the workbook prefix). */
  readonly name: string;
  /** The stored name: `<workbook>.<name>` inside a workbook, otherwise `name`. */
  readonly qualifiedName: string;
  readonly workbookName?: string;
  readonly type: WorkflowType;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly input: readonly InputParam[];
  readonly output?: Dict;
  readonly outputOnError?: Dict;
  readonly vars?: Dict;
  readonly taskDefaults?: TaskDefaults;
  /** Tasks in document order. */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** The workflow body as written (without the injected name/version). */
  readonly raw: Dict;
}

export interface AdHocActionSpec {
  readonly name: string;
  readonly qualifiedName: string;
  readonly workbookName?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Base action name without inline params. */
  readonly base: string;
  /** `base-input` merged with the inline params of `base` (inline wins). */
  readonly baseInput: Dict;
  readonly input: readonly InputParam[];
  /** Output transformation (`$` = base action result); absent when not given. */
  readonly output?: unknown;
  readonly raw: Dict;
}

export interface WorkbookSpec {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly workflows: ReadonlyMap<string, WorkflowSpec>;
  readonly actions: ReadonlyMap<string, AdHocActionSpec>;
  readonly raw: Dict;
}

/** A parsed `POST /v2/workflows` document. */
export interface WorkflowListSpec {
  readonly workflows: readonly WorkflowSpec[];
  readonly raw: Dict;
}

/** A parsed `POST /v2/actions` document. */
export interface ActionListSpec {
  readonly actions: readonly AdHocActionSpec[];
  readonly raw: Dict;
}

/** The task's transitions for one event (effective, task-defaults applied). */
export function transitionsOf(task: TaskSpec, event: TransitionEvent): readonly Transition[] {
  switch (event) {
    case 'success':
      return task.onSuccess;
    case 'error':
      return task.onError;
    case 'complete':
      return task.onComplete;
    case 'skip':
      return task.onSkip;
  }
}

/** Names of all tasks a task may transition to (engine commands excluded). */
export function outboundTaskNames(task: TaskSpec): Set<string> {
  const names = new Set<string>();
  for (const event of TRANSITION_EVENTS) {
    for (const t of transitionsOf(task, event)) if (t.kind === 'task') names.add(t.name);
  }
  return names;
}

/** Tasks with a transition to `taskName` in any `on-*` clause, regardless of guards. */
export function inboundTasks(wf: WorkflowSpec, taskName: string): TaskSpec[] {
  return [...wf.tasks.values()].filter((t) => outboundTaskNames(t).has(taskName));
}

/** Direct workflows: tasks nothing transitions to. Reverse: tasks without requirements. */
export function startTasks(wf: WorkflowSpec): TaskSpec[] {
  const all = [...wf.tasks.values()];
  if (wf.type === 'reverse') return all.filter((t) => t.requires.length === 0);
  const targeted = new Set<string>();
  for (const t of all) for (const n of outboundTaskNames(t)) targeted.add(n);
  return all.filter((t) => !targeted.has(t.name));
}
