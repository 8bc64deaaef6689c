/**
 * Workflow-level semantic checks (WorkflowSpec/DirectWorkflowSpec/ReverseWorkflowSpec
 * validate_semantics) plus the optional existence checks of referenced actions and
 * sub-workflows used when a resource type is loaded.
 */
import { DslIssue } from './errors.js';
import type { Path } from './checks.js';
import { ENGINE_COMMANDS, inboundTasks, outboundTaskNames, startTasks, type TaskSpec, type WorkflowSpec } from './spec.js';

export interface ReferenceChecks {
  /** When given, an action name it rejects is an error (Mistral itself accepts them on upload). */
  readonly actionExists?: (name: string) => boolean;
  /** When given, a sub-workflow name it rejects is an error. */
  readonly workflowExists?: (name: string) => boolean;
}

/** oslo_utils.uuidutils.is_uuid_like. */
function isUuidLike(name: string): boolean {
  const hex = name.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '');
  return /^[0-9a-f]{32}$/.test(hex);
}

/** Names computed at run time (`action: <% $.name %>`) cannot be checked up front. */
export function isTemplateName(name: string): boolean {
  return /<%.*?%>|\{\{.*?\}\}|\{%.*?%\}/.test(name);
}

/** Target names in the order find_outbound_task_names collects them. */
function outboundNames(task: TaskSpec): string[] {
  const names: string[] = [];
  for (const list of [task.onError, task.onSuccess, task.onComplete, task.onSkip]) {
    for (const t of list) {
      const name = t.kind === 'task' ? t.name : t.command;
      if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

function checkDirect(spec: WorkflowSpec, path: Path): void {
  if (startTasks(spec).length === 0) {
    throw new DslIssue(
      [...path, 'tasks'],
      'Failed to find start tasks in direct workflow. There must be at least one task without inbound transition.' +
        `[workflow_name=${spec.name}]`,
    );
  }
  for (const task of spec.tasks.values()) {
    for (const target of outboundNames(task)) {
      if (!spec.tasks.has(target) && !(ENGINE_COMMANDS as readonly string[]).includes(target)) {
        throw new DslIssue([...path, 'tasks', task.name], `Task '${target}' not found.`);
      }
    }
  }
  checkJoins(spec, path);
}

function checkJoins(spec: WorkflowSpec, path: Path): void {
  const problems: string[] = [];
  let firstPath: Path | undefined;
  for (const task of spec.tasks.values()) {
    if (task.join === undefined) continue;
    const inbound = inboundTasks(spec, task.name).length;
    if (task.join === 'all' && inbound === 0) {
      problems.push(`No inbound tasks for task with 'join: all' [task_name=${task.name}]`);
    } else if (task.join !== 'all' && inbound < task.join) {
      problems.push(`Not enough inbound tasks for task with 'join' [task_name=${task.name}, join=${task.join}, inbound_tasks=${inbound}]`);
    } else continue;
    firstPath ??= [...path, 'tasks', task.name, 'join'];
  }
  if (problems.length > 0) throw new DslIssue(firstPath!, problems.join('\n'));
}

function checkReverse(spec: WorkflowSpec, path: Path): void {
  for (const task of spec.tasks.values()) {
    for (const required of task.requires) {
      if (!spec.tasks.has(required)) throw new DslIssue([...path, 'tasks', task.name, 'requires'], `Task '${required}' not found.`);
    }
  }
}

export function checkGraph(spec: WorkflowSpec, path: Path): void {
  if (isUuidLike(spec.name)) throw new DslIssue(path, 'Workflow name cannot be in the format of UUID.');
  if (spec.type === 'direct') checkDirect(spec, path);
  else checkReverse(spec, path);
}

export function checkReferences(spec: WorkflowSpec, path: Path, checks: ReferenceChecks): void {
  for (const task of spec.tasks.values()) {
    const at = [...path, 'tasks', task.name];
    if (task.kind === 'action' && task.action && task.raw['action'] !== undefined && checks.actionExists) {
      if (!isTemplateName(task.action) && !checks.actionExists(task.action)) {
        throw new DslIssue([...at, 'action'], `Failed to find action [action_name=${task.action}]`);
      }
    }
    if (task.kind === 'workflow' && task.workflow && checks.workflowExists) {
      if (!isTemplateName(task.workflow) && !checks.workflowExists(task.workflow)) {
        throw new DslIssue([...at, 'workflow'], `Failed to find workflow [workflow_name=${task.workflow}]`);
      }
    }
  }
}

export { outboundTaskNames };
